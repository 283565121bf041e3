package org.diffdyn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.ImageDataset.ChannelOrder;
import org.diffdyn.core.data.ImageDataset.PixelScale;
import org.diffdyn.core.progress.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reader on small files the test writes itself, and every bad input named by file and fault. */
class DataReadersTest {
    @TempDir
    Path dir;

    /** The value the fixtures store at flat C-order index k: exactly representable in float32 and as an 8-bit pixel. */
    static double value(long k, Npy.DType t) {
        switch (t) {
            case UINT8:
                return (k * 37) % 256;
            case INT8:
                return ((k * 37) % 256) - 128;
            case BOOL:
                return k % 3 == 0 ? 1 : 0;
            case INT32:
            case INT64:
                return (k * 7919) % 1000 - 500;
            default:
                return ((k * 37) % 1000) / 8.0 - 60;
        }
    }

    static double[] values(int count, Npy.DType t) {
        double[] v = new double[count];
        for (int k = 0; k < count; k++) v[k] = value(k, t);
        return v;
    }

    /** Writes an array whose C-order contents are {@code c}, in C or Fortran order. */
    static void writeNpy(
            Path file, Npy.DType t, ByteOrder order, boolean fortran, int version, double[] c, long... shape)
            throws IOException {
        double[] stored = fortran ? toFortran(c, shape) : c;
        try (OutputStream out = Files.newOutputStream(file)) {
            Npy.write(out, t, order, fortran, version, stored, shape);
        }
    }

    static double[] toFortran(double[] c, long[] shape) {
        int rank = shape.length;
        long[] cs = new long[rank];
        long st = 1;
        for (int i = rank - 1; i >= 0; i--) {
            cs[i] = st;
            st *= shape[i];
        }
        double[] f = new double[c.length];
        long[] idx = new long[rank];
        for (int k = 0; k < c.length; k++) {
            long flat = 0;
            for (int i = 0; i < rank; i++) flat += idx[i] * cs[i];
            f[k] = c[(int) flat];
            for (int i = 0; i < rank; i++) {
                if (++idx[i] < shape[i]) break;
                idx[i] = 0;
            }
        }
        return f;
    }

    static byte[] npyBytes(Npy.DType t, double[] v, long... shape) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Npy.write(b, t, ByteOrder.LITTLE_ENDIAN, false, 1, v, shape);
        return b.toByteArray();
    }

    static void writeNpz(Path file, boolean deflate, Object... nameAndBytes) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < nameAndBytes.length; i += 2) {
                byte[] b = (byte[]) nameAndBytes[i + 1];
                ZipEntry e = new ZipEntry(nameAndBytes[i] + ".npy");
                if (!deflate) {
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(b.length);
                    CRC32 crc = new CRC32();
                    crc.update(b);
                    e.setCrc(crc.getValue());
                }
                z.putNextEntry(e);
                z.write(b);
                z.closeEntry();
            }
        }
    }

    @Test
    void npyEveryDtypeOrderVersionAndByteOrder() throws IOException {
        long[] shape = {5, 3, 4};
        for (Npy.DType t : Npy.DType.values())
            for (boolean fortran : new boolean[] {false, true})
                for (int version = 1; version <= 3; version++)
                    for (ByteOrder bo : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                        Path f = dir.resolve("a.npy");
                        double[] c = values(60, t);
                        writeNpy(f, t, bo, fortran, version, c, shape);
                        Npy.Array a = Npy.read(f);
                        String what = t + " fortran=" + fortran + " v" + version + " " + bo;
                        assertArrayEquals(shape, a.shape(), what);
                        assertEquals(version, a.header().majorVersion(), what);
                        assertEquals(0, a.header().dataOffset() % 64, what + ": data aligned to 64 bytes");
                        assertArrayEquals(c, a.values(), 0, what);
                        // The data-set reader gives the same values, as floats, in C order (n=5 items of 3x4).
                        ImageDataset ds = DataReaders.npy(f, PixelScale.RAW, ChannelOrder.CHW, Integer.MAX_VALUE, null);
                        assertEquals(5, ds.size(), what);
                        assertEquals(12, ds.dimension(), what);
                        for (int k = 0; k < 60; k++)
                            assertEquals((float) c[k], ds.get(k / 12, k % 12), 0, what + " k=" + k);
                    }
    }

    @Test
    void npyScalingLimitAndChannelOrder() throws IOException {
        // uint8 (n, H, W, C) = (4, 2, 3, 3): channels-last detected, stored CHW by default; scale symmetric by default.
        double[] c = values(4 * 2 * 3 * 3, Npy.DType.UINT8);
        Path f = dir.resolve("img.npy");
        writeNpy(f, Npy.DType.UINT8, ByteOrder.LITTLE_ENDIAN, false, 1, c, 4, 2, 3, 3);
        ImageDataset chw = DataReaders.npy(f, null, ChannelOrder.CHW, Integer.MAX_VALUE, null);
        assertEquals(3, chw.channels());
        assertEquals(2, chw.imageRows());
        assertEquals(3, chw.imageCols());
        assertEquals(154L * 0 + 4 * 18, chw.storageBytes(), "8-bit data stay bytes");
        for (int i = 0; i < 4; i++)
            for (int y = 0; y < 2; y++)
                for (int x = 0; x < 3; x++)
                    for (int ch = 0; ch < 3; ch++) {
                        double raw = c[i * 18 + (y * 3 + x) * 3 + ch];
                        assertEquals((raw / 255 - 0.5) / 0.5, chw.get(i, ch * 6 + y * 3 + x), 1e-15);
                    }
        ImageDataset hwc = DataReaders.npy(f, PixelScale.UNIT, ChannelOrder.HWC, 2, null);
        assertEquals(2, hwc.size());
        for (int k = 0; k < 36; k++) assertEquals(c[k] / 255, hwc.get(k / 18, k % 18), 1e-15);
        // float data are kept as stored unless a scale is named ([0, 1] floats to [-1, 1]).
        Path g = dir.resolve("f.npy");
        writeNpy(g, Npy.DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, false, 1, new double[] {0, 0.25, 0.5, 1}, 2, 2);
        assertEquals(0.25, DataReaders.npy(g, null, ChannelOrder.CHW, 10, null).get(0, 1), 0);
        assertEquals(
                -0.5,
                DataReaders.npy(g, PixelScale.SYMMETRIC, ChannelOrder.CHW, 10, null)
                        .get(0, 1),
                0);
    }

    @Test
    void npzStoredAndDeflatedWithLabels() throws IOException {
        double[] x = values(6 * 4, Npy.DType.FLOAT64);
        double[] y = {0, 1, 2, 1, 0, 2};
        for (boolean deflate : new boolean[] {false, true}) {
            Path f = dir.resolve("xy" + deflate + ".npz");
            writeNpz(f, deflate, "x", npyBytes(Npy.DType.FLOAT64, x, 6, 4), "y", npyBytes(Npy.DType.INT64, y, 6));
            ImageDataset ds = DataSource.parse("npz:" + f).load(Progress.NONE);
            assertEquals(6, ds.size());
            assertEquals(4, ds.dimension());
            assertTrue(ds.hasLabels());
            assertArrayEquals(new int[] {0, 1, 2, 1, 0, 2}, ds.labels());
            assertEquals(3, ds.classCount());
            for (int k = 0; k < 24; k++) assertEquals(x[k], ds.get(k / 4, k % 4), 0);
            assertEquals(List.of("x", "y"), List.copyOf(Npy.listNpz(f).keySet()));
        }
        // Named arrays and an unlabelled archive.
        Path g = dir.resolve("named.npz");
        writeNpz(g, true, "images", npyBytes(Npy.DType.FLOAT32, x, 6, 4));
        ImageDataset u = DataSource.parse("npz:" + g + "?x=images").load(Progress.NONE);
        assertFalse(u.hasLabels());
        ParameterException e = assertThrows(
                ParameterException.class, () -> DataSource.parse("npz:" + g).load(Progress.NONE));
        assertTrue(
                e.getMessage().contains(g.toString())
                        && e.getMessage().contains("no array 'x'")
                        && e.getMessage().contains("[images]"),
                e.getMessage());
        ParameterException e2 =
                assertThrows(ParameterException.class, () -> DataSource.parse("npz:" + g + "?x=images&y=labels")
                        .load(Progress.NONE));
        assertTrue(e2.getMessage().contains("no label array 'labels'"), e2.getMessage());
    }

    @Test
    void npyWithSeparateLabels() throws IOException {
        Path x = dir.resolve("x.npy"), y = dir.resolve("y.npy");
        writeNpy(x, Npy.DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, false, 1, values(12, Npy.DType.FLOAT32), 4, 3);
        writeNpy(y, Npy.DType.INT32, ByteOrder.LITTLE_ENDIAN, false, 1, new double[] {1, 0, 1, 1}, 4);
        ImageDataset ds = DataSource.parse("npy:" + x + "?labels=" + y).load(Progress.NONE);
        assertArrayEquals(new int[] {1, 0, 1, 1}, ds.labels());
    }

    // ------------------------------------------------------------------------------------------- bad NumPy input

    @Test
    void truncatedNpyNamesFileAndSizes() throws IOException {
        Path f = dir.resolve("trunc.npy");
        writeNpy(f, Npy.DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, false, 1, values(100, Npy.DType.FLOAT32), 10, 10);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 7));
        ParameterException e = assertThrows(
                ParameterException.class, () -> DataSource.parse("npy:" + f).load(Progress.NONE));
        assertTrue(
                e.getMessage().contains(f.toString())
                        && e.getMessage().contains("truncated")
                        && e.getMessage().contains("(10, 10)")
                        && e.getMessage().contains("400 data bytes"),
                e.getMessage());
        // Truncated inside the header, and not an npy at all.
        Files.write(f, java.util.Arrays.copyOf(all, 20));
        IOException h = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(h.getMessage().contains(f.toString()) && h.getMessage().contains("header"), h.getMessage());
        Files.writeString(f, "hello, not numpy");
        IOException m = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(m.getMessage().contains("not a .npy file"), m.getMessage());
    }

    @Test
    void wrongDtypeNamesFileAndDtype() throws IOException {
        for (String descr : new String[] {"<f2", "<c16", "<U5", "|O"}) {
            Path f = dir.resolve("dtype.npy");
            String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2, 2), }";
            StringBuilder h = new StringBuilder(dict);
            while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
            h.append('\n');
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length(), 0});
            b.write(h.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            b.write(new byte[64]);
            Files.write(f, b.toByteArray());
            ParameterException e = assertThrows(
                    ParameterException.class, () -> DataSource.parse("npy:" + f).load(Progress.NONE));
            assertTrue(
                    e.getMessage().contains(f.toString())
                            && e.getMessage().contains("unsupported dtype '" + descr + "'")
                            && e.getMessage().contains("float32"),
                    e.getMessage());
        }
        // Labels that are not class numbers (float labels 0.5).
        Path x = dir.resolve("x.npz");
        writeNpz(
                x,
                true,
                "x",
                npyBytes(Npy.DType.FLOAT32, values(4, Npy.DType.FLOAT32), 2, 2),
                "y",
                npyBytes(Npy.DType.FLOAT32, new double[] {0, 0.5}, 2));
        ParameterException e = assertThrows(
                ParameterException.class, () -> DataSource.parse("npz:" + x).load(Progress.NONE));
        assertTrue(e.getMessage().contains(x + "[y]") && e.getMessage().contains("label 1 = 0.5"), e.getMessage());
    }

    @Test
    void mislabelledNpzNamesBothArrays() throws IOException {
        Path f = dir.resolve("mis.npz");
        writeNpz(
                f,
                true,
                "x",
                npyBytes(Npy.DType.FLOAT32, values(20, Npy.DType.FLOAT32), 5, 4),
                "y",
                npyBytes(Npy.DType.INT64, new double[] {0, 1, 0}, 3));
        ParameterException e = assertThrows(
                ParameterException.class, () -> DataSource.parse("npz:" + f).load(Progress.NONE));
        assertTrue(
                e.getMessage().contains(f + "[y]")
                        && e.getMessage().contains("3 labels for 5 items")
                        && e.getMessage().contains("mislabelled"),
                e.getMessage());
    }

    @Test
    void shapesAndValuesThatAreNotData() throws IOException {
        Path f = dir.resolve("one.npy");
        writeNpy(f, Npy.DType.FLOAT64, ByteOrder.LITTLE_ENDIAN, false, 1, new double[] {3, 2, 1}, 3);
        ParameterException e = assertThrows(
                ParameterException.class, () -> DataSource.parse("npy:" + f).load(Progress.NONE));
        assertTrue(e.getMessage().contains("got (3,)") && e.getMessage().contains("spectrum=npy:"), e.getMessage());
        // ... but a 1-D array is a spectrum.
        assertArrayEquals(
                new double[] {3, 2, 1},
                DataSource.spectrum("spectrum", "npy:" + f, 0, Progress.NONE).values(),
                0);
        writeNpy(f, Npy.DType.FLOAT64, ByteOrder.LITTLE_ENDIAN, false, 1, new double[] {3, 0, 1}, 3);
        ParameterException z = assertThrows(
                ParameterException.class, () -> DataSource.spectrum("spectrum", "npy:" + f, 0, Progress.NONE));
        assertTrue(
                z.getMessage().contains("eigenvalue 1 = 0.0")
                        && z.getMessage().contains(f.toString())
                        && z.getMessage().contains("'spectrum'"),
                z.getMessage());
        writeNpy(f, Npy.DType.FLOAT64, ByteOrder.LITTLE_ENDIAN, false, 1, new double[] {3, Double.NaN, 1}, 3);
        ParameterException nan = assertThrows(
                ParameterException.class, () -> DataSource.spectrum("spectrum", "npy:" + f, 0, Progress.NONE));
        assertTrue(nan.getMessage().contains("eigenvalue 1 = NaN"), nan.getMessage());
        writeNpy(
                f,
                Npy.DType.FLOAT64,
                ByteOrder.LITTLE_ENDIAN,
                false,
                1,
                new double[] {1, Double.POSITIVE_INFINITY},
                1,
                2);
        ParameterException inf = assertThrows(
                ParameterException.class, () -> DataSource.parse("npy:" + f).load(Progress.NONE));
        assertTrue(inf.getMessage().contains("is Infinity"), inf.getMessage());
        ParameterException missing =
                assertThrows(ParameterException.class, () -> DataSource.parse("npy:" + dir.resolve("nope.npy"))
                        .load(Progress.NONE));
        assertTrue(missing.getMessage().contains("nope.npy: no such file"), missing.getMessage());
    }

    // ------------------------------------------------------------------------------------------- CIFAR-10

    static byte[] cifarRecords(int count, int seed) {
        byte[] b = new byte[count * DataReaders.CIFAR_RECORD];
        for (int r = 0; r < count; r++) {
            b[r * DataReaders.CIFAR_RECORD] = (byte) ((r + seed) % 10);
            for (int k = 1; k < DataReaders.CIFAR_RECORD; k++)
                b[r * DataReaders.CIFAR_RECORD + k] = (byte) ((k * 31 + r * 7 + seed) % 256);
        }
        return b;
    }

    @Test
    void cifar10BatchesSplitsAndOrder() throws IOException {
        Path c = Files.createDirectories(dir.resolve("cifar/cifar-10-batches-bin"));
        Files.write(c.resolve("data_batch_1.bin"), cifarRecords(3, 0));
        Files.write(c.resolve("data_batch_2.bin"), cifarRecords(2, 5));
        Files.write(c.resolve("test_batch.bin"), cifarRecords(4, 1));
        ImageDataset train = DataSource.parse("cifar10:" + dir.resolve("cifar")).load(Progress.NONE);
        assertEquals(5, train.size());
        assertEquals(3072, train.dimension());
        assertArrayEquals(new int[] {0, 1, 2, 5, 6}, train.labels());
        assertEquals("airplane", train.className(0));
        byte[] b2 = cifarRecords(2, 5);
        // Item 3 = record 0 of batch 2; value k (CHW) = byte 1 + k.
        for (int k = 0; k < 3072; k += 97)
            assertEquals(((b2[1 + k] & 0xff) / 255.0 - 0.5) / 0.5, train.get(3, k), 1e-15);
        ImageDataset test = DataSource.parse(
                        "cifar10:" + dir.resolve("cifar") + "?split=test&order=hwc&scale=raw&limit=3")
                .load(Progress.NONE);
        assertEquals(3, test.size());
        byte[] t = cifarRecords(4, 1);
        // HWC: pixel p, channel ch at p*3 + ch; the record holds plane ch at ch*1024 + p.
        for (int p = 0; p < 1024; p += 53)
            for (int ch = 0; ch < 3; ch++)
                assertEquals(t[DataReaders.CIFAR_RECORD + 1 + ch * 1024 + p] & 0xff, test.get(1, p * 3 + ch), 0);
    }

    @Test
    void cifar10BadInput() throws IOException {
        Path c = Files.createDirectories(dir.resolve("c"));
        ParameterException none = assertThrows(
                ParameterException.class, () -> DataSource.parse("cifar10:" + c).load(Progress.NONE));
        assertTrue(none.getMessage().contains("data_batch_1.bin"), none.getMessage());
        byte[] rec = cifarRecords(2, 0);
        Files.write(c.resolve("data_batch_1.bin"), java.util.Arrays.copyOf(rec, rec.length - 100));
        ParameterException trunc = assertThrows(
                ParameterException.class, () -> DataSource.parse("cifar10:" + c).load(Progress.NONE));
        assertTrue(
                trunc.getMessage().contains("data_batch_1.bin")
                        && trunc.getMessage().contains("truncated"),
                trunc.getMessage());
        rec[DataReaders.CIFAR_RECORD] = 42;
        Files.write(c.resolve("data_batch_1.bin"), rec);
        ParameterException label = assertThrows(
                ParameterException.class, () -> DataSource.parse("cifar10:" + c).load(Progress.NONE));
        assertTrue(label.getMessage().contains("record 1 has label 42"), label.getMessage());
    }

    // ------------------------------------------------------------------------------------------- image folders

    static void png(Path file, int w, int h, boolean gray, int seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int v = (x * 40 + y * 20 + seed * 11) % 256;
                if (gray) img.getRaster().setSample(x, y, 0, v);
                else img.setRGB(x, y, (v << 16) | (((255 - v)) << 8) | ((v * 3) % 256));
            }
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, file.toString().endsWith(".jpg") ? "jpg" : "png", file.toFile()));
    }

    @Test
    void imageFolderWithClassesGrayAndRgb() throws IOException {
        Path root = dir.resolve("imgs");
        png(root.resolve("cat/a.png"), 4, 3, true, 1);
        png(root.resolve("cat/b.png"), 4, 3, true, 2);
        png(root.resolve("dog/c.png"), 4, 3, true, 3);
        ImageDataset ds = DataSource.parse("images:" + root + "?scale=raw").load(Progress.NONE);
        assertEquals(3, ds.size());
        assertEquals(1, ds.channels());
        assertEquals(3, ds.imageRows());
        assertEquals(4, ds.imageCols());
        assertArrayEquals(new int[] {0, 0, 1}, ds.labels());
        assertEquals(List.of("cat", "dog"), ds.classNames());
        // Grey samples are read exactly (no sRGB conversion).
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 4; x++) assertEquals((x * 40 + y * 20 + 33) % 256, ds.get(2, y * 4 + x), 0);
        ImageDataset rgb =
                DataSource.parse("images:" + root + "?color=rgb&scale=raw").load(Progress.NONE);
        assertEquals(3, rgb.channels());
        assertEquals(rgb.get(0, 5), rgb.get(0, 12 + 5), 0);
        // Colour images to grey by BT.601 luma; RGB kept as planes.
        Path col = dir.resolve("col");
        png(col.resolve("x.png"), 5, 5, false, 4);
        ImageDataset c = DataSource.parse("images:" + col + "?scale=raw").load(Progress.NONE);
        assertEquals(3, c.channels());
        assertFalse(c.hasLabels());
        int v = (2 * 40 + 1 * 20 + 44) % 256; // x = 2, y = 1
        assertEquals(v, c.get(0, 5 + 2), 0);
        assertEquals(255 - v, c.get(0, 25 + 5 + 2), 0);
        assertEquals((v * 3) % 256, c.get(0, 50 + 5 + 2), 0);
        ImageDataset g =
                DataSource.parse("images:" + col + "?scale=raw&color=gray").load(Progress.NONE);
        assertEquals(Math.round(0.299 * v + 0.587 * (255 - v) + 0.114 * ((v * 3) % 256)), g.get(0, 7), 0);
    }

    @Test
    void imageFolderResizeAndCrop() throws IOException {
        Path root = dir.resolve("sizes");
        png(root.resolve("a.png"), 8, 4, true, 0);
        png(root.resolve("b.png"), 6, 6, true, 1);
        ParameterException mixed = assertThrows(ParameterException.class, () -> DataSource.parse("images:" + root)
                .load(Progress.NONE));
        assertTrue(
                mixed.getMessage().contains("b.png")
                        && mixed.getMessage().contains("is 6x6 but a.png is 8x4")
                        && mixed.getMessage().contains("size="),
                mixed.getMessage());
        ImageDataset r =
                DataSource.parse("images:" + root + "?size=4&mode=resize").load(Progress.NONE);
        assertEquals(16, r.dimension());
        ImageDataset c = DataSource.parse("images:" + root + "?size=4&mode=crop&scale=raw")
                .load(Progress.NONE);
        assertEquals(16, c.dimension());
        // a.png is 8x4: the shorter side is already 4, so the crop is the central 4x4 (columns 2..5), untouched.
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++) assertEquals(((x + 2) * 40 + y * 20) % 256, c.get(0, y * 4 + x), 0);
        // A constant image stays constant under resampling; a 2x downscale averages.
        byte[] flat = new byte[36];
        java.util.Arrays.fill(flat, (byte) 77);
        byte[] small = DataReaders.resample(flat, 1, 6, 6, 3, 3);
        for (byte b : small) assertEquals(77, b & 0xff);
    }

    @Test
    void imageFolderBadInput() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ParameterException e = assertThrows(ParameterException.class, () -> DataSource.parse("images:" + empty)
                .load(Progress.NONE));
        assertTrue(
                e.getMessage().contains(empty.toString()) && e.getMessage().contains("no PNG or JPEG images"),
                e.getMessage());
        Path root = dir.resolve("cls");
        png(root.resolve("cat/a.png"), 4, 4, true, 1);
        png(root.resolve("dog/b.png"), 4, 4, true, 1);
        ParameterException miss =
                assertThrows(ParameterException.class, () -> DataSource.parse("images:" + root + "?classes=cat,bird")
                        .load(Progress.NONE));
        assertTrue(
                miss.getMessage().contains("class folder 'bird' is missing")
                        && miss.getMessage().contains("[cat, dog]"),
                miss.getMessage());
        Files.createDirectories(root.resolve("emu"));
        ParameterException emptyClass =
                assertThrows(ParameterException.class, () -> DataSource.parse("images:" + root + "?classes=cat,emu")
                        .load(Progress.NONE));
        assertTrue(
                emptyClass.getMessage().contains("emu")
                        && emptyClass.getMessage().contains("holds no PNG or JPEG"),
                emptyClass.getMessage());
        Files.delete(root.resolve("emu"));
        Path bad = root.resolve("dog/broken.png");
        byte[] good = Files.readAllBytes(root.resolve("dog/b.png"));
        Files.write(bad, java.util.Arrays.copyOf(good, 30));
        ParameterException corrupt = assertThrows(ParameterException.class, () -> DataSource.parse("images:" + root)
                .load(Progress.NONE));
        assertTrue(
                corrupt.getMessage().contains("broken.png")
                        && (corrupt.getMessage().contains("corrupt")
                                || corrupt.getMessage().contains("not a readable")),
                corrupt.getMessage());
        Files.write(bad, "not an image at all".getBytes());
        ParameterException garbage = assertThrows(ParameterException.class, () -> DataSource.parse("images:" + root)
                .load(Progress.NONE));
        assertTrue(garbage.getMessage().contains("broken.png"), garbage.getMessage());
    }

    @Test
    void jpegIsRead() throws IOException {
        Path root = dir.resolve("jpg");
        png(root.resolve("a.jpg"), 8, 8, false, 2);
        ImageDataset ds = DataSource.parse("images:" + root + "?scale=unit").load(Progress.NONE);
        assertEquals(3 * 64, ds.dimension());
        for (int k = 0; k < ds.dimension(); k++) assertTrue(ds.get(0, k) >= 0 && ds.get(0, k) <= 1);
    }

    // ------------------------------------------------------------------------------------------- MNIST format

    @Test
    void mnistIdxDirectory() throws IOException {
        Path m = Files.createDirectories(dir.resolve("mnist"));
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        java.io.DataOutputStream o = new java.io.DataOutputStream(img);
        o.writeInt(0x00000803);
        o.writeInt(3);
        o.writeInt(2);
        o.writeInt(2);
        for (int k = 0; k < 12; k++) o.writeByte(k * 20);
        Files.write(m.resolve("train-images-idx3-ubyte"), img.toByteArray());
        ByteArrayOutputStream lab = new ByteArrayOutputStream();
        o = new java.io.DataOutputStream(lab);
        o.writeInt(0x00000801);
        o.writeInt(2);
        o.writeByte(1);
        o.writeByte(0);
        Files.write(m.resolve("train-labels-idx1-ubyte"), lab.toByteArray());
        ParameterException e = assertThrows(ParameterException.class, () -> DataSource.parse("mnist-idx:" + m)
                .load(Progress.NONE));
        assertTrue(e.getMessage().contains("2 labels for 3 images"), e.getMessage());
        lab = new ByteArrayOutputStream();
        o = new java.io.DataOutputStream(lab);
        o.writeInt(0x00000801);
        o.writeInt(3);
        o.writeByte(1);
        o.writeByte(0);
        o.writeByte(1);
        Files.write(m.resolve("train-labels-idx1-ubyte"), lab.toByteArray());
        ImageDataset ds = DataSource.parse("mnist-idx:" + m + "?scale=unit").load(Progress.NONE);
        assertEquals(3, ds.size());
        assertEquals(100 / 255.0, ds.get(1, 1), 1e-15);
        assertArrayEquals(new int[] {1, 0, 1}, ds.labels());
    }
}
