package org.diffdyn.core.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.diffdyn.core.data.ImageDataset.ChannelOrder;
import org.diffdyn.core.data.ImageDataset.PixelScale;
import org.diffdyn.core.progress.Progress;

/**
 * Readers from files to {@link ImageDataset}: NumPy arrays ({@link Npy}), image folders (PNG/JPEG through ImageIO),
 * CIFAR-10 binary batches. MNIST-format IDX sets are read by {@link ImageDataset#load}. Every error is an
 * {@link IOException} whose message starts with the file or folder and says what is wrong.
 */
public final class DataReaders {
    private DataReaders() {}

    /** Image colour handling for image folders. */
    public enum Color {
        /** One channel if the first image is greyscale, else three. */
        AUTO,
        /** One channel, luma Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601, as PIL's convert("L")). */
        GRAY,
        /** Three channels R, G, B. */
        RGB
    }

    /** How an image folder's images are brought to size × size. */
    public enum Fit {
        /** Stretch to size × size (aspect ratio not kept). */
        RESIZE,
        /** Scale the shorter side to size (aspect ratio kept), then take the central size × size square. */
        CROP
    }

    // ------------------------------------------------------------------------------------------------ NumPy

    /**
     * A data array from an .npy file: shape (n, d) gives vectors, (n, H, W) greyscale images, (n, C, H, W) or
     * (n, H, W, C) images (channels-first when the second axis is 1, 3 or 4, otherwise channels-last when the last
     * is). uint8 data are pixels (scale default SYMMETRIC); other dtypes are kept as stored unless a scale is given,
     * in which case floats are taken to lie in [0, 1] and integers in 0..255.
     *
     * @param scale null for the dtype's default
     * @param labels an .npy of n integer labels, or null
     */
    public static ImageDataset npy(Path file, PixelScale scale, ChannelOrder order, int limit, Path labels)
            throws IOException {
        requireFile(file, ".npy file");
        int[] y = labels == null ? null : labelsFrom(labels, Npy.read(requireFile(labels, ".npy label file")));
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Npy.Header h = Npy.readHeader(in, file.toString());
            Npy.checkSize(h, file.toString(), Files.size(file));
            return fromArray(
                    in,
                    h,
                    file.toString(),
                    file.getFileName().toString(),
                    scale,
                    order,
                    limit,
                    y,
                    labels == null ? null : labels.toString());
        }
    }

    /**
     * Data and optional labels from an .npz archive: array {@code xName} (default "x") shaped as for {@link #npy},
     * and labels {@code yName} (default "y", optional unless named explicitly).
     */
    public static ImageDataset npz(
            Path file, String xName, String yName, boolean yRequired, PixelScale scale, ChannelOrder order, int limit)
            throws IOException {
        requireFile(file, ".npz archive");
        try (ZipFile zip = Npy.openZip(file)) {
            ZipEntry xe = zip.getEntry(xName + ".npy");
            List<String> members = zip.stream()
                    .map(ZipEntry::getName)
                    .filter(s -> s.endsWith(".npy"))
                    .map(s -> s.substring(0, s.length() - 4))
                    .collect(Collectors.toList());
            if (xe == null)
                throw new IOException(file + ": no array '" + xName + "' in the archive (it holds " + members
                        + "); name the data array with ?x=NAME");
            int[] y = null;
            String yLabel = file + "[" + yName + "]";
            ZipEntry ye = zip.getEntry(yName + ".npy");
            if (ye == null && yRequired)
                throw new IOException(
                        file + ": no label array '" + yName + "' in the archive (it holds " + members + ")");
            if (ye != null) {
                try (InputStream in = new BufferedInputStream(zip.getInputStream(ye), 1 << 16)) {
                    y = labelsFrom(yLabel, Npy.read(in, yLabel, ye.getSize()));
                }
            }
            String xLabel = file + "[" + xName + "]";
            try (InputStream in = new BufferedInputStream(zip.getInputStream(xe), 1 << 16)) {
                Npy.Header h = Npy.readHeader(in, xLabel);
                if (xe.getSize() >= 0) Npy.checkSize(h, xLabel, xe.getSize());
                return fromArray(in, h, xLabel, file.getFileName().toString(), scale, order, limit, y, yLabel);
            }
        }
    }

    private static int[] labelsFrom(Path file, Npy.Array a) throws IOException {
        return labelsFrom(file.toString(), a);
    }

    private static int[] labelsFrom(String name, Npy.Array a) throws IOException {
        long[] s = a.shape();
        if (!(s.length == 1 || (s.length == 2 && s[1] == 1)))
            throw new IOException(name + ": labels must be a 1-D array of n integers, got shape "
                    + a.header().shapeText());
        double[] v = a.values();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] > 1_000_000)
                throw new IOException(name + ": label " + i + " = " + v[i]
                        + " is not a class number (labels are integers 0, 1, 2, ...; dtype "
                        + a.dtype().descr() + ")");
            out[i] = (int) v[i];
        }
        return out;
    }

    private static ImageDataset fromArray(
            InputStream in,
            Npy.Header h,
            String label,
            String name,
            PixelScale scale,
            ChannelOrder order,
            int limit,
            int[] y,
            String yLabel)
            throws IOException {
        long[] s = h.shape();
        if (s.length < 2 || s.length > 4)
            throw new IOException(
                    label + ": data need shape (n, d), (n, H, W) or (n, C, H, W)/(n, H, W, C); got " + h.shapeText()
                            + (s.length == 1
                                    ? " (a 1-D array is a list of values: as a spectrum, use spectrum=npy:FILE)"
                                    : ""));
        if (s[0] == 0) throw new IOException(label + ": the array is empty (shape " + h.shapeText() + ")");
        long d = 1;
        for (int i = 1; i < s.length; i++) d *= s[i];
        if (d == 0) throw new IOException(label + ": items have no values (shape " + h.shapeText() + ")");
        if (y != null && y.length != s[0])
            throw new IOException(yLabel + ": " + y.length + " labels for " + s[0] + " items in " + label
                    + " (mislabelled: counts must match)");
        int n = (int) Math.min(s[0], limit);
        if ((long) n * d > Integer.MAX_VALUE - 8)
            throw new IOException(label + ": " + n + " x " + d
                    + " values are more than one Java array holds; read fewer with limit=");
        int c = 1, hh = 1, w = (int) d;
        boolean channelsLast = false;
        if (s.length == 3) {
            hh = (int) s[1];
            w = (int) s[2];
        }
        if (s.length == 4) {
            boolean first = s[1] == 1 || s[1] == 3 || s[1] == 4, last = s[3] == 1 || s[3] == 3 || s[3] == 4;
            if (first) {
                c = (int) s[1];
                hh = (int) s[2];
                w = (int) s[3];
            } else if (last) {
                channelsLast = true;
                hh = (int) s[1];
                w = (int) s[2];
                c = (int) s[3];
            } else
                throw new IOException(label + ": cannot tell the channel axis of shape " + h.shapeText()
                        + " (expected 1, 3 or 4 channels on axis 1 (NCHW) or axis 3 (NHWC))");
        }
        ChannelOrder stored = channelsLast ? ChannelOrder.HWC : ChannelOrder.CHW;
        // Read only the first n items when the file is in C order; Fortran order needs the whole array.
        boolean prefix = !h.fortranOrder() && n < s[0];
        long[] readShape = s.clone();
        if (prefix) readShape[0] = n;
        Npy.Header rh =
                new Npy.Header(h.dtype(), h.byteOrder(), h.fortranOrder(), readShape, h.majorVersion(), h.dataOffset());
        if (rh.count() > Integer.MAX_VALUE - 8)
            throw new IOException(label + ": " + rh.count()
                    + " values are more than one Java array holds (Fortran order cannot be read in part)");
        int[] labels = y == null ? null : Arrays.copyOf(y, n);
        ImageDataset out;
        if (h.dtype() == Npy.DType.UINT8) {
            byte[] b = new byte[(int) rh.count()];
            Npy.readBytes(in, rh, label, b);
            if (b.length > n * d) b = Arrays.copyOf(b, (int) (n * d));
            permute(b, null, n, c, hh, w, stored, order);
            out = ImageDataset.ofBytes(
                    name, b, n, c, hh, w, order, scale == null ? PixelScale.SYMMETRIC : scale, labels, null);
        } else {
            float[] f = new float[(int) rh.count()];
            Npy.readFloats(in, rh, label, f);
            if (f.length > n * d) f = Arrays.copyOf(f, (int) (n * d));
            if (scale != null) {
                boolean integral = h.dtype().integral();
                for (int i = 0; i < f.length; i++)
                    f[i] = (float) (integral ? scaleInteger(scale, f[i]) : scale.applyUnit(f[i]));
            }
            for (int i = 0; i < f.length; i++)
                if (!Float.isFinite(f[i]))
                    throw new IOException(
                            label + ": value " + i + " (item " + i / d + ") is " + f[i] + "; data must be finite");
            permute(null, f, n, c, hh, w, stored, order);
            out = ImageDataset.ofFloats(name, f, n, c, hh, w, order, labels, null);
        }
        return out;
    }

    private static double scaleInteger(PixelScale s, double v) {
        switch (s) {
            case SYMMETRIC:
                return (v / 255.0 - 0.5) / 0.5;
            case UNIT:
                return v / 255.0;
            default:
                return v;
        }
    }

    /** Reorders each item in place from {@code from} to {@code to} channel order. */
    private static void permute(byte[] b, float[] f, int n, int c, int h, int w, ChannelOrder from, ChannelOrder to) {
        if (from == to || c == 1) return;
        int d = c * h * w, hw = h * w;
        byte[] tb = b == null ? null : new byte[d];
        float[] tf = f == null ? null : new float[d];
        for (int i = 0; i < n; i++) {
            int off = i * d;
            for (int ch = 0; ch < c; ch++)
                for (int p = 0; p < hw; p++) {
                    int chw = ch * hw + p, hwc = p * c + ch;
                    int src = from == ChannelOrder.CHW ? chw : hwc, dst = to == ChannelOrder.CHW ? chw : hwc;
                    if (b != null) tb[dst] = b[off + src];
                    else tf[dst] = f[off + src];
                }
            if (b != null) System.arraycopy(tb, 0, b, off, d);
            else System.arraycopy(tf, 0, f, off, d);
        }
    }

    /** A 1-D .npy of eigenvalues (a covariance spectrum), each finite and &gt; 0. */
    public static double[] eigenvalues(Path file) throws IOException {
        requireFile(file, ".npy file of eigenvalues");
        Npy.Array a = Npy.read(file);
        long[] s = a.shape();
        if (s.length != 1)
            throw new IOException(file + ": a spectrum is a 1-D array of eigenvalues, got shape "
                    + a.header().shapeText());
        if (s[0] == 0) throw new IOException(file + ": the eigenvalue array is empty");
        double[] v = a.values();
        for (int i = 0; i < v.length; i++)
            if (!(v[i] > 0) || !Double.isFinite(v[i]))
                throw new IOException(file + ": eigenvalue " + i + " = " + v[i]
                        + "; a covariance spectrum needs every eigenvalue finite and > 0 "
                        + "(drop zero modes, e.g. x[x > 1e-12 * x.mean()], before saving)");
        return v;
    }

    // ------------------------------------------------------------------------------------------------ CIFAR-10

    /** Bytes per CIFAR-10 binary record: one label byte, then 1024 red, 1024 green, 1024 blue bytes (QUOTED, cs.toronto.edu/~kriz/cifar.html). */
    public static final int CIFAR_RECORD = 1 + 3 * 32 * 32;

    /**
     * CIFAR-10 binary batches from {@code dir} (or its {@code cifar-10-batches-bin} subfolder): the training split is
     * {@code data_batch_1.bin} … {@code data_batch_5.bin} (those present, in order), the test split {@code test_batch.bin}.
     */
    public static ImageDataset cifar10(
            Path dir, ImageDataset.Split split, PixelScale scale, ChannelOrder order, int limit, Progress progress)
            throws IOException {
        if (!Files.isDirectory(dir))
            throw new IOException(
                    dir
                            + ": no such folder (CIFAR-10 binary version: a folder with data_batch_1.bin ... data_batch_5.bin, test_batch.bin)");
        Path base = Files.isDirectory(dir.resolve("cifar-10-batches-bin")) ? dir.resolve("cifar-10-batches-bin") : dir;
        List<Path> files = new ArrayList<>();
        if (split == ImageDataset.Split.TEST) {
            if (Files.isRegularFile(base.resolve("test_batch.bin"))) files.add(base.resolve("test_batch.bin"));
        } else {
            for (int i = 1; i <= 5; i++)
                if (Files.isRegularFile(base.resolve("data_batch_" + i + ".bin")))
                    files.add(base.resolve("data_batch_" + i + ".bin"));
        }
        if (files.isEmpty())
            throw new IOException(base + ": no CIFAR-10 " + split.name().toLowerCase(Locale.ROOT)
                    + " batches (looked for "
                    + (split == ImageDataset.Split.TEST ? "test_batch.bin" : "data_batch_1.bin ... data_batch_5.bin")
                    + ", the binary version)");
        long total = 0;
        for (Path f : files) {
            long size = Files.size(f);
            if (size == 0 || size % CIFAR_RECORD != 0)
                throw new IOException(f + ": " + size + " bytes is not a whole number of " + CIFAR_RECORD
                        + "-byte CIFAR-10 records " + "(truncated or not a CIFAR-10 binary batch; "
                        + size / CIFAR_RECORD + " whole records)");
            total += size / CIFAR_RECORD;
        }
        int n = (int) Math.min(total, limit);
        int d = 3 * 32 * 32;
        byte[] px = new byte[n * d];
        int[] labels = new int[n];
        int k = 0;
        byte[] rec = new byte[CIFAR_RECORD];
        progress.start("reading CIFAR-10 " + split.name().toLowerCase(Locale.ROOT), n);
        for (Path f : files) {
            if (k >= n) break;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 20)) {
                long records = Files.size(f) / CIFAR_RECORD;
                for (long r = 0; r < records && k < n; r++, k++) {
                    int got = in.readNBytes(rec, 0, CIFAR_RECORD);
                    if (got != CIFAR_RECORD) throw new IOException(f + ": truncated in record " + r);
                    int label = rec[0] & 0xff;
                    if (label > 9)
                        throw new IOException(f + ": record " + r + " has label " + label
                                + "; CIFAR-10 labels are 0..9 (not a CIFAR-10 batch?)");
                    labels[k] = label;
                    System.arraycopy(rec, 1, px, k * d, d);
                    if ((k & 1023) == 0) progress.advance(k);
                }
            }
        }
        progress.finish();
        permute(px, null, n, 3, 32, 32, ChannelOrder.CHW, order);
        return ImageDataset.ofBytes(
                "cifar10/" + split.name().toLowerCase(Locale.ROOT),
                px,
                n,
                3,
                32,
                32,
                order,
                scale == null ? PixelScale.SYMMETRIC : scale,
                labels,
                List.of(ImageDataset.CIFAR10_CLASSES));
    }

    // ------------------------------------------------------------------------------------------------ image folders

    private static boolean isImageFile(Path p) {
        String s = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (s.endsWith(".png") || s.endsWith(".jpg") || s.endsWith(".jpeg"));
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(keep).sorted().collect(Collectors.toList());
        }
    }

    /**
     * Images (PNG, JPEG) from a folder: either the images themselves (unlabelled) or one subfolder per class (labels
     * 0, 1, … in the order of {@code classes}, or of the sorted folder names when classes is null).
     *
     * @param size the side the images are brought to by {@code fit}; 0 = keep their size (then all must match)
     */
    public static ImageDataset imageFolder(
            Path dir,
            int size,
            Fit fit,
            Color color,
            List<String> classes,
            PixelScale scale,
            ChannelOrder order,
            int limit,
            Progress progress)
            throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": no such folder");
        List<Path> top = list(dir, DataReaders::isImageFile);
        List<Path> subdirs = list(
                dir, p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."));
        List<Path> files = new ArrayList<>();
        List<Integer> labelList = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean labelled;
        if (classes != null && !classes.isEmpty()) {
            labelled = true;
            for (String cls : classes) {
                Path sub = dir.resolve(cls);
                if (!Files.isDirectory(sub))
                    throw new IOException(dir + ": class folder '" + cls + "' is missing (found folders: "
                            + subdirs.stream()
                                    .map(p -> p.getFileName().toString())
                                    .collect(Collectors.toList()) + ")");
                names.add(cls);
            }
        } else {
            labelled = false;
            for (Path sub : subdirs)
                if (!list(sub, DataReaders::isImageFile).isEmpty()) {
                    labelled = true;
                    break;
                }
            if (labelled) {
                if (!top.isEmpty())
                    throw new IOException(
                            dir + ": holds both images (" + top.get(0).getFileName()
                                    + ", ...) and class folders; put every image in its class folder, or use a folder of images only");
                for (Path sub : subdirs) names.add(sub.getFileName().toString());
            }
        }
        if (labelled) {
            for (int c = 0; c < names.size(); c++) {
                Path sub = dir.resolve(names.get(c));
                List<Path> imgs = list(sub, DataReaders::isImageFile);
                if (imgs.isEmpty())
                    throw new IOException(sub + ": class folder '" + names.get(c) + "' holds no PNG or JPEG images");
                for (Path p : imgs) {
                    files.add(p);
                    labelList.add(c);
                }
            }
        } else {
            files.addAll(top);
        }
        if (files.isEmpty())
            throw new IOException(
                    dir
                            + ": no PNG or JPEG images (looked for *.png, *.jpg, *.jpeg in the folder and in one subfolder per class)");
        int n = Math.min(files.size(), limit);
        progress.start("reading images from " + dir.getFileName(), n);
        byte[] px = null;
        int channels = 0, h = 0, w = 0, d = 0;
        Path firstFile = null;
        for (int i = 0; i < n; i++) {
            Path f = files.get(i);
            Planes img = decode(f);
            if (px == null) {
                channels = color == Color.GRAY ? 1 : color == Color.RGB ? 3 : img.gray ? 1 : 3;
                h = size > 0 ? size : img.h;
                w = size > 0 ? size : img.w;
                d = channels * h * w;
                if ((long) n * d > Integer.MAX_VALUE - 8)
                    throw new IOException(
                            dir + ": " + n + " images of " + d + " values are too many for one array; use limit=");
                px = new byte[n * d];
                firstFile = f;
            } else if (size <= 0 && (img.h != h || img.w != w)) {
                throw new IOException(f + ": is " + img.w + "x" + img.h + " but " + firstFile.getFileName() + " is " + w
                        + "x" + h + " (mixed image sizes: give size=N with mode=resize or mode=crop)");
            }
            byte[] planes = channels == 1 ? img.luma() : img.rgb();
            if (size > 0)
                planes = fit == Fit.CROP
                        ? crop(planes, channels, img.h, img.w, size)
                        : resample(planes, channels, img.h, img.w, size, size);
            // planes are CHW
            if (order == ChannelOrder.HWC && channels > 1) {
                for (int ch = 0; ch < channels; ch++)
                    for (int p = 0; p < h * w; p++) px[i * d + p * channels + ch] = planes[ch * h * w + p];
            } else System.arraycopy(planes, 0, px, i * d, d);
            progress.advance(i + 1);
        }
        progress.finish();
        int[] labels = null;
        if (labelled) {
            labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = labelList.get(i);
        }
        return ImageDataset.ofBytes(
                dir.getFileName().toString(),
                px,
                n,
                channels,
                h,
                w,
                order,
                scale == null ? PixelScale.SYMMETRIC : scale,
                labels,
                labelled ? names : null);
    }

    /** A decoded image as 8-bit planes: gray (1 plane) or R, G, B (3 planes). */
    private record Planes(int w, int h, boolean gray, byte[] data) {
        byte[] luma() {
            if (gray) return data;
            int hw = w * h;
            byte[] out = new byte[hw];
            for (int p = 0; p < hw; p++) {
                double y = 0.299 * (data[p] & 0xff) + 0.587 * (data[hw + p] & 0xff) + 0.114 * (data[2 * hw + p] & 0xff);
                out[p] = (byte) Math.min(255, (int) Math.round(y));
            }
            return out;
        }

        byte[] rgb() {
            if (!gray) return data;
            int hw = w * h;
            byte[] out = new byte[3 * hw];
            for (int ch = 0; ch < 3; ch++) System.arraycopy(data, 0, out, ch * hw, hw);
            return out;
        }
    }

    private static Planes decode(Path f) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(f.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(f + ": corrupt or unreadable image (" + e.getMessage() + ")");
        }
        if (img == null)
            throw new IOException(f + ": not a readable PNG or JPEG image (ImageIO found no decoder for its contents)");
        int w = img.getWidth(), h = img.getHeight();
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        boolean gray = !(cm instanceof IndexColorModel) && cm.getNumColorComponents() == 1;
        if (gray) {
            // Read the samples directly: getRGB would apply a linear-to-sRGB conversion to grey images.
            int bits = cm.getComponentSize(0);
            byte[] out = new byte[w * h];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int s = r.getSample(x, y, 0);
                    out[y * w + x] = (byte) (bits == 8 ? s : Math.round(s * 255.0 / ((1 << bits) - 1)));
                }
            return new Planes(w, h, true, out);
        }
        int hw = w * h;
        byte[] out = new byte[3 * hw];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = y * w + x, argb = row[x];
                out[p] = (byte) (argb >> 16);
                out[hw + p] = (byte) (argb >> 8);
                out[2 * hw + p] = (byte) argb;
            }
        }
        return new Planes(w, h, false, out);
    }

    /** Scales the shorter side to {@code size} and takes the central size × size square (planes in CHW). */
    static byte[] crop(byte[] planes, int c, int h, int w, int size) {
        double s = (double) size / Math.min(h, w);
        int nh = Math.max(size, (int) Math.round(h * s)), nw = Math.max(size, (int) Math.round(w * s));
        byte[] scaled = (nh == h && nw == w) ? planes : resample(planes, c, h, w, nh, nw);
        int top = (nh - size) / 2, left = (nw - size) / 2;
        byte[] out = new byte[c * size * size];
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < size; y++)
                System.arraycopy(scaled, ch * nh * nw + (top + y) * nw + left, out, ch * size * size + y * size, size);
        return out;
    }

    /**
     * Separable resampling with a triangle (bilinear) filter widened by the scale factor when shrinking, so every
     * source pixel contributes (antialiased, as PIL's BILINEAR resize); planes in CHW.
     */
    static byte[] resample(byte[] planes, int c, int h, int w, int nh, int nw) {
        if (nh == h && nw == w) return planes.clone();
        double[] tmp = new double[c * h * nw];
        Weights wx = weights(w, nw), wy = weights(h, nh);
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < nw; x++) {
                    double s = 0;
                    for (int k = 0; k < wx.count[x]; k++)
                        s += wx.w[x][k] * (planes[ch * h * w + y * w + wx.first[x] + k] & 0xff);
                    tmp[ch * h * nw + y * nw + x] = s;
                }
        byte[] out = new byte[c * nh * nw];
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < nh; y++)
                for (int x = 0; x < nw; x++) {
                    double s = 0;
                    for (int k = 0; k < wy.count[y]; k++)
                        s += wy.w[y][k] * tmp[ch * h * nw + (wy.first[y] + k) * nw + x];
                    out[ch * nh * nw + y * nw + x] = (byte) Math.max(0, Math.min(255, (int) Math.round(s)));
                }
        return out;
    }

    private record Weights(int[] first, int[] count, double[][] w) {}

    private static Weights weights(int in, int out) {
        double scale = (double) in / out, support = Math.max(1, scale);
        int[] first = new int[out], count = new int[out];
        double[][] w = new double[out][];
        for (int i = 0; i < out; i++) {
            double center = (i + 0.5) * scale;
            int lo = Math.max(0, (int) Math.floor(center - support)),
                    hi = Math.min(in - 1, (int) Math.ceil(center + support));
            double[] ws = new double[hi - lo + 1];
            double sum = 0;
            for (int j = lo; j <= hi; j++) {
                double t = Math.abs((j + 0.5 - center) / support);
                ws[j - lo] = Math.max(0, 1 - t);
                sum += ws[j - lo];
            }
            if (sum == 0) {
                ws[Math.min(ws.length - 1, Math.max(0, (int) center - lo))] = 1;
                sum = 1;
            }
            for (int k = 0; k < ws.length; k++) ws[k] /= sum;
            first[i] = lo;
            count[i] = ws.length;
            w[i] = ws;
        }
        return new Weights(first, count, w);
    }

    private static Path requireFile(Path file, String what) throws IOException {
        if (!Files.exists(file)) throw new IOException(file + ": no such file (expected a " + what + ")");
        if (!Files.isRegularFile(file)) throw new IOException(file + ": is not a file (expected a " + what + ")");
        return file;
    }

    static Map<String, Npy.Header> members(Path npz) throws IOException {
        return Npy.listNpz(npz);
    }
}
