package org.diffdyn.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader for IDX files, the MNIST format (optionally gzip-compressed): a magic number giving the element type and
 * rank, the dimensions as big-endian ints, then the data. Only unsigned bytes (type 0x08) occur in MNIST-format
 * image and label sets, and only those are accepted.
 */
public final class Idx {
    private Idx() {}

    /** The dimensions and raw unsigned-byte contents of one IDX file. */
    public record Array(int[] shape, byte[] data) {
        public int count() {
            return shape[0];
        }

        /** Elements per item (rows × cols for images, 1 for labels). */
        public int itemSize() {
            int s = 1;
            for (int i = 1; i < shape.length; i++) s *= shape[i];
            return s;
        }

        public int unsigned(int index) {
            return data[index] & 0xff;
        }
    }

    public static Array read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int b0 = in.read(), b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            return read(in, file.toString());
        }
    }

    static Array read(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int magic = in.readInt();
        if ((magic >>> 16) != 0)
            throw new IOException(name + ": not an IDX file (magic 0x" + Integer.toHexString(magic) + ")");
        int type = (magic >>> 8) & 0xff, rank = magic & 0xff;
        if (type != 0x08)
            throw new IOException(name + ": IDX element type 0x" + Integer.toHexString(type)
                    + " is not supported (only unsigned bytes, 0x08)");
        if (rank < 1 || rank > 4) throw new IOException(name + ": IDX rank " + rank + " out of range 1..4");
        int[] shape = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readInt();
            if (shape[i] < 0) throw new IOException(name + ": negative dimension " + shape[i]);
            total *= shape[i];
        }
        if (total > Integer.MAX_VALUE - 8) throw new IOException(name + ": too large (" + total + " elements)");
        byte[] data = new byte[(int) total];
        in.readFully(data);
        return new Array(shape, data);
    }
}
