package org.diffdyn.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * NumPy's {@code .npy} and {@code .npz} formats, read and written in pure Java. No library is used: the Maven
 * Central candidates are either a 0.0.x release (org.openlca:npy) or pull in the Kotlin runtime
 * (org.jetbrains.bio:npy), and neither reads straight into the compact buffer a 50,000 × 3,072 set needs.
 *
 * <p>Layout (numpy.lib.format, NEP 1; QUOTED): the magic {@code \x93NUMPY}, a major and a minor version byte, the
 * header length (little-endian uint16 for version 1.0, uint32 for 2.0 and 3.0), the header — an ASCII (1.0, 2.0) or
 * UTF-8 (3.0) Python dict literal with keys {@code 'descr'}, {@code 'fortran_order'} and {@code 'shape'}, padded with
 * spaces and a newline so that the data start at a multiple of 64 bytes (16 before numpy 1.13, both accepted) — then
 * the elements, C order unless {@code fortran_order} is True. An {@code .npz} is a zip archive (stored or deflated,
 * zip64 for large members, as {@code np.savez}/{@code np.savez_compressed} write it) of {@code NAME.npy} members;
 * java.util.zip reads all of these.
 *
 * <p>Element types read: float32, float64, uint8, int8, int32, int64 and bool, either byte order ({@code <}, {@code >},
 * {@code |}, {@code =}). Anything else (float16, complex, strings, objects, structured dtypes) is refused with the
 * file named.
 */
public final class Npy {
    private Npy() {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** The element types read. */
    public enum DType {
        FLOAT32('f', 4),
        FLOAT64('f', 8),
        UINT8('u', 1),
        INT8('i', 1),
        INT32('i', 4),
        INT64('i', 8),
        BOOL('b', 1);

        final char kind;
        final int size;

        DType(char kind, int size) {
            this.kind = kind;
            this.size = size;
        }

        public int size() {
            return size;
        }

        /** True for the integer and bool types. */
        public boolean integral() {
            return kind != 'f';
        }

        /** The little-endian descr numpy writes, e.g. {@code <f4}, {@code |u1}. */
        public String descr() {
            return (size == 1 ? "|" : "<") + kind + size;
        }

        static DType of(char kind, int size) {
            for (DType t : values()) if (t.kind == kind && t.size == size) return t;
            return null;
        }
    }

    /** A parsed header: element type and byte order, memory order, shape, format version and where the data start. */
    public record Header(
            DType dtype, ByteOrder byteOrder, boolean fortranOrder, long[] shape, int majorVersion, long dataOffset) {
        /** Number of elements (1 for a 0-d array). */
        public long count() {
            long c = 1;
            for (long s : shape) c *= s;
            return c;
        }

        public long dataBytes() {
            return count() * dtype.size;
        }

        public String shapeText() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
            return sb.append(shape.length == 1 ? ",)" : ")").toString();
        }
    }

    /** A whole array held as doubles in C order (for small arrays: labels, eigenvalue lists, tests). */
    public record Array(Header header, double[] values) {
        public long[] shape() {
            return header.shape.clone();
        }

        public DType dtype() {
            return header.dtype;
        }
    }

    // ---------------------------------------------------------------------------------------------------- reading

    /** Reads the header from the start of a stream; {@code name} is used in error messages. */
    public static Header readHeader(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[6];
        try {
            in.readFully(magic);
        } catch (EOFException e) {
            throw new IOException(name + ": not a .npy file (shorter than the 6-byte magic \\x93NUMPY)");
        }
        if (!Arrays.equals(magic, MAGIC))
            throw new IOException(name + ": not a .npy file (the magic \\x93NUMPY is missing)");
        int major, minor;
        long headerLength;
        try {
            major = in.readUnsignedByte();
            minor = in.readUnsignedByte();
            if (major == 1) headerLength = in.readUnsignedByte() | (in.readUnsignedByte() << 8);
            else if (major == 2 || major == 3) {
                byte[] b = new byte[4];
                in.readFully(b);
                headerLength = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            } else
                throw new IOException(name + ": .npy format version " + major + "." + minor
                        + " is not supported (1.0, 2.0 and 3.0 are)");
            if (headerLength > 1 << 24)
                throw new IOException(
                        name + ": .npy header length " + headerLength + " is implausible (corrupt file?)");
            byte[] header = new byte[(int) headerLength];
            in.readFully(header);
            String text = new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            long offset = 6 + 2 + (major == 1 ? 2 : 4) + headerLength;
            return parseHeader(text, name, major, offset);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated inside the .npy header");
        }
    }

    static Header parseHeader(String text, String name, int major, long offset) throws IOException {
        Map<String, Object> dict;
        try {
            Object o = new Literal(text).parseValue();
            if (!(o instanceof Map)) throw new IllegalArgumentException("the header is not a dict");
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            dict = m;
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": unreadable .npy header (" + e.getMessage() + "): " + text.trim());
        }
        Object descr = dict.get("descr"), fortran = dict.get("fortran_order"), shape = dict.get("shape");
        if (!(descr instanceof String))
            throw new IOException(
                    name + ": .npy header has no string 'descr' (structured dtypes are not supported): " + text.trim());
        if (!(fortran instanceof Boolean))
            throw new IOException(name + ": .npy header has no boolean 'fortran_order': " + text.trim());
        if (!(shape instanceof List))
            throw new IOException(name + ": .npy header has no tuple 'shape': " + text.trim());
        String d = (String) descr;
        if (d.length() < 3) throw new IOException(name + ": unsupported dtype '" + d + "'" + SUPPORTED);
        char order = d.charAt(0), kind = d.charAt(1);
        int size;
        try {
            size = Integer.parseInt(d.substring(2));
        } catch (NumberFormatException e) {
            throw new IOException(name + ": unsupported dtype '" + d + "'" + SUPPORTED);
        }
        DType t = DType.of(kind, size);
        if (t == null || "<>|=".indexOf(order) < 0)
            throw new IOException(name + ": unsupported dtype '" + d + "'" + SUPPORTED);
        ByteOrder bo =
                order == '>' ? ByteOrder.BIG_ENDIAN : order == '=' ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN;
        List<?> dims = (List<?>) shape;
        long[] s = new long[dims.size()];
        for (int i = 0; i < s.length; i++) {
            if (!(dims.get(i) instanceof Long) || (Long) dims.get(i) < 0)
                throw new IOException(name + ": .npy shape entry " + dims.get(i) + " is not a non-negative integer");
            s[i] = (Long) dims.get(i);
        }
        return new Header(t, bo, (Boolean) fortran, s, major, offset);
    }

    private static final String SUPPORTED =
            " (supported: float32 '<f4', float64 '<f8', uint8 '|u1', int8 '|i1', int32 '<i4', "
                    + "int64 '<i8', bool '|b1', either byte order)";

    /** Reads a whole .npy file into doubles (C order). For large data sets use {@link #readFloats}. */
    public static Array read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString(), Files.size(file));
        }
    }

    static Array read(InputStream in, String name, long available) throws IOException {
        Header h = readHeader(in, name);
        checkSize(h, name, available);
        if (h.count() > Integer.MAX_VALUE - 8)
            throw new IOException(name + ": " + h.count() + " elements are too many for one array");
        double[] out = new double[(int) h.count()];
        readElements(in, h, name, (index, v) -> out[(int) index] = v);
        return new Array(h, out);
    }

    /** The data bytes the header promises against what the file holds (available &lt; 0: unknown). */
    static void checkSize(Header h, String name, long available) throws IOException {
        if (available >= 0 && available - h.dataOffset() < h.dataBytes())
            throw new IOException(name + ": truncated: the header promises shape " + h.shapeText() + " of "
                    + h.dtype().descr() + " = " + h.dataBytes() + " data bytes, the file holds "
                    + Math.max(0, available - h.dataOffset()));
    }

    /** Receives element {@code index} (C-order flat index) with value {@code v}. */
    @FunctionalInterface
    interface Sink {
        void accept(long index, double v);
    }

    /** Receives a run of elements in file order as raw floats or bytes; used by the compact readers. */
    static void readElements(InputStream in, Header h, String name, Sink sink) throws IOException {
        long count = h.count();
        long[] shape = h.shape();
        int rank = shape.length;
        long[] cStride = new long[rank];
        long st = 1;
        for (int i = rank - 1; i >= 0; i--) {
            cStride[i] = st;
            st *= shape[i];
        }
        long[] idx = new long[rank];
        int size = h.dtype().size;
        byte[] buf = new byte[Math.max(size, (1 << 16) / size * size)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(h.byteOrder());
        long done = 0;
        while (done < count) {
            int want = (int) Math.min(buf.length, (count - done) * size);
            readFully(in, buf, want, name, h, done);
            for (int off = 0; off < want; off += size, done++) {
                double v = element(bb, off, h.dtype());
                long flat;
                if (!h.fortranOrder() || rank < 2) flat = done;
                else {
                    flat = 0;
                    for (int i = 0; i < rank; i++) flat += idx[i] * cStride[i];
                    for (int i = 0; i < rank; i++) {
                        if (++idx[i] < shape[i]) break;
                        idx[i] = 0;
                    }
                }
                sink.accept(flat, v);
            }
        }
    }

    private static void readFully(InputStream in, byte[] buf, int want, String name, Header h, long done)
            throws IOException {
        // A cancellation point per buffer (≤ 1 MB): a notebook interrupt stops a large read promptly.
        if (Thread.currentThread().isInterrupted()) throw new org.diffdyn.core.progress.CancelledException();
        int got = 0;
        while (got < want) {
            int r = in.read(buf, got, want - got);
            if (r < 0)
                throw new IOException(name + ": truncated: the header promises shape " + h.shapeText() + " of "
                        + h.dtype().descr() + " = " + h.dataBytes() + " data bytes, the data end after "
                        + (done * h.dtype().size + got));
            got += r;
        }
    }

    private static double element(ByteBuffer bb, int off, DType t) {
        switch (t) {
            case FLOAT32:
                return bb.getFloat(off);
            case FLOAT64:
                return bb.getDouble(off);
            case UINT8:
                return bb.get(off) & 0xff;
            case INT8:
                return bb.get(off);
            case BOOL:
                return bb.get(off) != 0 ? 1 : 0;
            case INT32:
                return bb.getInt(off);
            case INT64:
                return bb.getLong(off);
            default:
                throw new AssertionError(t);
        }
    }

    /**
     * Reads the elements of an array whose header has been read into {@code out} in C order, as float (uint8 values
     * are left 0..255). {@code out} must hold at least {@code h.count()} elements.
     */
    static void readFloats(InputStream in, Header h, String name, float[] out) throws IOException {
        if (h.dtype() == DType.FLOAT32 && (!h.fortranOrder() || h.shape().length < 2)) {
            // The fast path for the common case: bulk little/big-endian float conversion, no per-element dispatch.
            long count = h.count();
            byte[] buf = new byte[1 << 20];
            ByteBuffer bb = ByteBuffer.wrap(buf).order(h.byteOrder());
            long done = 0;
            while (done < count) {
                int want = (int) Math.min(buf.length, (count - done) * 4);
                readFully(in, buf, want, name, h, done);
                bb.clear();
                bb.asFloatBuffer().get(out, (int) done, want / 4);
                done += want / 4;
            }
            return;
        }
        readElements(in, h, name, (i, v) -> out[(int) i] = (float) v);
    }

    /** Reads the elements of a uint8 (or int8/bool) array in C order into raw bytes. */
    static void readBytes(InputStream in, Header h, String name, byte[] out) throws IOException {
        if (h.dtype().size == 1 && (!h.fortranOrder() || h.shape().length < 2)) {
            readFully(in, out, (int) h.count(), name, h, 0);
            return;
        }
        readElements(in, h, name, (i, v) -> out[(int) i] = (byte) (int) v);
    }

    // ---------------------------------------------------------------------------------------------------- npz

    /** The arrays of an .npz archive (member name without ".npy" → header), in archive order. */
    public static Map<String, Header> listNpz(Path file) throws IOException {
        Map<String, Header> out = new LinkedHashMap<>();
        try (ZipFile zip = openZip(file)) {
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) continue;
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(
                            e.getName().substring(0, e.getName().length() - 4),
                            readHeader(in, file + "[" + e.getName() + "]"));
                }
            }
        }
        return out;
    }

    static ZipFile openZip(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a readable .npz (zip) archive: " + e.getMessage());
        }
    }

    /** Reads one named member of an .npz archive into doubles. */
    public static Array readNpz(Path file, String array) throws IOException {
        try (ZipFile zip = openZip(file)) {
            ZipEntry e = zip.getEntry(array + ".npy");
            if (e == null)
                throw new IOException(file + ": no array '" + array + "' in the archive (it holds "
                        + listNpz(file).keySet() + ")");
            try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16)) {
                String name = file + "[" + array + "]";
                return read(in, name, -1);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- writing

    /** Writes a C-order array as version 1.0 (or 2.0 when the header needs it), little-endian; float32 data. */
    public static void write(OutputStream out, float[] data, long... shape) throws IOException {
        writeHeader(out, DType.FLOAT32, false, shape, 1);
        ByteBuffer bb = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            if (!bb.hasRemaining()) {
                out.write(bb.array(), 0, bb.position());
                bb.clear();
            }
            bb.putFloat(v);
        }
        out.write(bb.array(), 0, bb.position());
    }

    /**
     * Writes {@code values} (C-order element order of the stored array, i.e. already permuted when fortranOrder)
     * with the given dtype and header version; for tests and user code that hands data back to numpy.
     */
    public static void write(
            OutputStream out,
            DType dtype,
            ByteOrder order,
            boolean fortranOrder,
            int version,
            double[] values,
            long... shape)
            throws IOException {
        writeHeader(out, dtype, fortranOrder, shape, version, order);
        ByteBuffer bb = ByteBuffer.allocate(8).order(order);
        for (double v : values) {
            bb.clear();
            switch (dtype) {
                case FLOAT32:
                    bb.putFloat((float) v);
                    break;
                case FLOAT64:
                    bb.putDouble(v);
                    break;
                case UINT8:
                case INT8:
                case BOOL:
                    bb.put((byte) (long) v);
                    break;
                case INT32:
                    bb.putInt((int) v);
                    break;
                case INT64:
                    bb.putLong((long) v);
                    break;
                default:
                    throw new AssertionError(dtype);
            }
            out.write(bb.array(), 0, dtype.size);
        }
    }

    static void writeHeader(OutputStream out, DType dtype, boolean fortranOrder, long[] shape, int version)
            throws IOException {
        writeHeader(out, dtype, fortranOrder, shape, version, ByteOrder.LITTLE_ENDIAN);
    }

    static void writeHeader(
            OutputStream out, DType dtype, boolean fortranOrder, long[] shape, int version, ByteOrder order)
            throws IOException {
        if (version < 1 || version > 3) throw new IllegalArgumentException("npy version " + version + " (1, 2 or 3)");
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) s.append(i == 0 ? "" : ", ").append(shape[i]);
        s.append(shape.length == 1 ? ",)" : ")");
        String descr =
                dtype.size == 1 ? dtype.descr() : (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + dtype.kind + dtype.size;
        String dict = String.format(
                Locale.ROOT,
                "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }",
                descr,
                fortranOrder ? "True" : "False",
                s);
        int prefix = 6 + 2 + (version == 1 ? 2 : 4);
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        StringBuilder h = new StringBuilder(dict);
        while (prefix + h.length() + 1 < padded) h.append(' ');
        h.append('\n');
        byte[] header = h.toString().getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (version == 1 && header.length > 65535) throw new IOException("header too long for version 1.0");
        out.write(MAGIC);
        out.write(version);
        out.write(0);
        if (version == 1) {
            out.write(header.length & 0xff);
            out.write(header.length >>> 8);
        } else {
            for (int i = 0; i < 4; i++) out.write((header.length >>> (8 * i)) & 0xff);
        }
        out.write(header);
    }

    // ---------------------------------------------------------------------------------------------------- header dict

    /** A parser for the Python literal subset numpy writes: dict, tuple/list, str, int, True/False/None. */
    private static final class Literal {
        private final String s;
        private int pos;

        Literal(String s) {
            this.s = s;
        }

        Object parseValue() {
            skip();
            if (pos >= s.length()) throw new IllegalArgumentException("unexpected end");
            char c = s.charAt(pos);
            if (c == '{') return dict();
            if (c == '(' || c == '[') return sequence(c == '(' ? ')' : ']');
            if (c == '\'' || c == '"') return string();
            if (Character.isDigit(c) || c == '-') return integer();
            for (String w : new String[] {"True", "False", "None"}) {
                if (s.startsWith(w, pos)) {
                    pos += w.length();
                    return w.equals("None") ? null : Boolean.valueOf(w.equals("True"));
                }
            }
            throw new IllegalArgumentException("unexpected '" + c + "' at " + pos);
        }

        private Map<String, Object> dict() {
            Map<String, Object> m = new LinkedHashMap<>();
            pos++;
            while (true) {
                skip();
                if (peek() == '}') {
                    pos++;
                    return m;
                }
                Object k = parseValue();
                if (!(k instanceof String)) throw new IllegalArgumentException("dict key is not a string");
                skip();
                expect(':');
                m.put((String) k, parseValue());
                skip();
                if (peek() == ',') pos++;
                else if (peek() != '}') throw new IllegalArgumentException("expected ',' or '}' at " + pos);
            }
        }

        private List<Object> sequence(char close) {
            List<Object> out = new ArrayList<>();
            pos++;
            while (true) {
                skip();
                if (peek() == close) {
                    pos++;
                    return out;
                }
                out.add(parseValue());
                skip();
                if (peek() == ',') pos++;
                else if (peek() != close)
                    throw new IllegalArgumentException("expected ',' or '" + close + "' at " + pos);
            }
        }

        private String string() {
            char q = s.charAt(pos++);
            int end = s.indexOf(q, pos);
            if (end < 0) throw new IllegalArgumentException("unterminated string");
            String v = s.substring(pos, end);
            pos = end + 1;
            return v;
        }

        private Long integer() {
            int start = pos;
            if (s.charAt(pos) == '-') pos++;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
            if (pos < s.length() && s.charAt(pos) == 'L') {
                pos++;
                return Long.parseLong(s.substring(start, pos - 1));
            }
            return Long.parseLong(s.substring(start, pos));
        }

        private char peek() {
            if (pos >= s.length()) throw new IllegalArgumentException("unexpected end");
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) throw new IllegalArgumentException("expected '" + c + "' at " + pos);
            pos++;
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }
    }
}
