package org.diffdyn.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.ejml.data.DMatrixRMaj;

/**
 * A data set held in memory: n items of C × H × W values (vectors are 1 × 1 × d) and, optionally, integer labels.
 * The one data-set type of diffdyn, whatever the file format ({@link DataSource} reads them all).
 *
 * <p>Storage is compact and row-major: 8-bit pixel data stay as their raw bytes (50,000 × 3,072 CIFAR-10 images take
 * 154 MB) and are mapped to reals on access by the {@link PixelScale}; other data are float32 (614 MB for the same
 * size). Statistics stream over blocks of rows ({@link #rows}) so no n × d double matrix is ever needed;
 * {@link #images()} builds one, on first use, for the code that wants an EJML matrix.
 *
 * <p>Fashion-MNIST comes from Debian's {@code dataset-fashion-mnist} package; any other MNIST-format set can be
 * read from a directory holding {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]} and the
 * {@code t10k-} pair. The directory is {@code DIFFDYN_DATA_DIR} (environment) or {@code diffdyn.dataDir} (system
 * property) when set. Pixels map to [-1, 1] by x ↦ (x/255 − 0.5)/0.5 by default, as in paper A's image experiments
 * (linear-diffusion.md §2.1).
 */
public final class ImageDataset {
    public static final Path DEBIAN_FASHION_MNIST = Paths.get("/usr/share/datasets/fashion-mnist");
    public static final String[] FASHION_MNIST_CLASSES = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
    };
    public static final String[] CIFAR10_CLASSES = {
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"
    };

    public enum Split {
        TRAIN,
        TEST
    }

    /** How 8-bit pixel values v ∈ {0..255} become reals. */
    public enum PixelScale {
        /** (v/255 − 0.5)/0.5 ∈ [−1, 1] (paper A's convention, the default). */
        SYMMETRIC,
        /** v/255 ∈ [0, 1]. */
        UNIT,
        /** As stored (8-bit pixels 0..255, floats unchanged). */
        RAW;

        /** The real value of an 8-bit pixel. */
        public double apply(int v) {
            switch (this) {
                case SYMMETRIC:
                    return (v / 255.0 - 0.5) / 0.5;
                case UNIT:
                    return v / 255.0;
                case RAW:
                    return v;
                default:
                    throw new AssertionError(this);
            }
        }

        /** The same map for data already in [0, 1] (float images): 2x − 1, x, or x as stored. */
        public double applyUnit(double x) {
            switch (this) {
                case SYMMETRIC:
                    return 2 * x - 1;
                case UNIT:
                    return x;
                case RAW:
                    return x;
                default:
                    throw new AssertionError(this);
            }
        }

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The order of an image's values within a row: channel-major (C, H, W as PyTorch, CIFAR-10) or pixel-major (H, W, C). */
    public enum ChannelOrder {
        CHW,
        HWC;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String name;
    private final int n;
    private final int d;
    private final byte[] bytes; // raw 8-bit pixels, or null
    private final PixelScale scale; // for bytes
    private final float[] floats; // or float32 values
    private final int[] labels; // null when unlabelled
    private final List<String> classNames; // may be empty
    private final int channels;
    private final int rows;
    private final int cols;
    private final ChannelOrder order;
    private volatile DMatrixRMaj matrix;

    private ImageDataset(
            String name,
            int n,
            byte[] bytes,
            PixelScale scale,
            float[] floats,
            int[] labels,
            List<String> classNames,
            int channels,
            int rows,
            int cols,
            ChannelOrder order) {
        this.name = name;
        this.n = n;
        this.d = channels * rows * cols;
        this.bytes = bytes;
        this.scale = scale;
        this.floats = floats;
        this.labels = labels;
        this.classNames = classNames == null ? List.of() : List.copyOf(classNames);
        this.channels = channels;
        this.rows = rows;
        this.cols = cols;
        this.order = order;
    }

    /**
     * A data set of 8-bit pixels (n × C·H·W raw bytes, row-major, held without copying).
     *
     * @param labels one per item, or null
     */
    public static ImageDataset ofBytes(
            String name,
            byte[] pixels,
            int n,
            int channels,
            int rows,
            int cols,
            ChannelOrder order,
            PixelScale scale,
            int[] labels,
            List<String> classNames) {
        checkShape(name, pixels.length, n, channels, rows, cols);
        checkLabels(name, labels, n);
        return new ImageDataset(name, n, pixels, scale, null, labels, classNames, channels, rows, cols, order);
    }

    /** A data set of float values (n × C·H·W, row-major, held without copying). */
    public static ImageDataset ofFloats(
            String name,
            float[] values,
            int n,
            int channels,
            int rows,
            int cols,
            ChannelOrder order,
            int[] labels,
            List<String> classNames) {
        checkShape(name, values.length, n, channels, rows, cols);
        checkLabels(name, labels, n);
        return new ImageDataset(name, n, null, PixelScale.RAW, values, labels, classNames, channels, rows, cols, order);
    }

    /** Vectors: an n × d data matrix (rows are samples), stored as float32. */
    public static ImageDataset ofRows(String name, DMatrixRMaj x, int[] labels) {
        float[] f = new float[x.numRows * x.numCols];
        for (int i = 0; i < f.length; i++) f[i] = (float) x.data[i];
        return ofFloats(name, f, x.numRows, 1, 1, x.numCols, ChannelOrder.CHW, labels, null);
    }

    private static void checkShape(String name, long length, int n, int c, int h, int w) {
        Check.positive("n", n);
        Check.positive("channels", c);
        Check.positive("rows", h);
        Check.positive("cols", w);
        if ((long) n * c * h * w > length)
            throw new IllegalArgumentException(
                    name + ": " + length + " values cannot hold " + n + " items of " + c + "x" + h + "x" + w);
    }

    private static void checkLabels(String name, int[] labels, int n) {
        if (labels == null) return;
        if (labels.length != n)
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + n + " items");
        for (int i = 0; i < labels.length; i++)
            if (labels[i] < 0)
                throw new IllegalArgumentException(
                        name + ": label " + i + " is negative (" + labels[i] + "); labels are 0, 1, 2, ...");
    }

    /** The data directory in force: DIFFDYN_DATA_DIR, then -Ddiffdyn.dataDir, then Debian's Fashion-MNIST folder. */
    public static Path defaultDirectory() {
        String p = System.getProperty("diffdyn.dataDir");
        if (p == null || p.isBlank()) p = System.getenv("DIFFDYN_DATA_DIR");
        return p == null || p.isBlank() ? DEBIAN_FASHION_MNIST : Paths.get(p);
    }

    /** Fashion-MNIST (or the set in the configured data directory), the first {@code limit} images of a split. */
    public static ImageDataset fashionMnist(Split split, int limit) {
        return load(defaultDirectory(), split, limit);
    }

    public static boolean isAvailable(Path dir) {
        return find(dir, "train-images-idx3-ubyte") != null && find(dir, "train-labels-idx1-ubyte") != null;
    }

    /** An MNIST-format set, pixels in [-1, 1]. */
    public static ImageDataset load(Path dir, Split split, int limit) {
        return load(dir, split, limit, PixelScale.SYMMETRIC);
    }

    public static ImageDataset load(Path dir, Split split, int limit, PixelScale scale) {
        Check.positive("limit", limit);
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path imageFile = find(dir, prefix + "-images-idx3-ubyte");
        Path labelFile = find(dir, prefix + "-labels-idx1-ubyte");
        if (imageFile == null || labelFile == null) {
            throw new IllegalStateException("No MNIST-format data set in " + dir + " (looked for " + prefix
                    + "-images-idx3-ubyte[.gz] and " + prefix + "-labels-idx1-ubyte[.gz]). Install Fashion-MNIST with "
                    + "'sudo apt-get install dataset-fashion-mnist' (Debian/Ubuntu), or point DIFFDYN_DATA_DIR at a "
                    + "directory holding MNIST-format IDX files.");
        }
        try {
            Idx.Array img = Idx.read(imageFile);
            Idx.Array lab = Idx.read(labelFile);
            if (img.shape().length != 3)
                throw new IOException(imageFile + ": expected a rank-3 image array, got rank " + img.shape().length);
            if (lab.count() != img.count())
                throw new IOException(labelFile + ": " + lab.count() + " labels for " + img.count() + " images in "
                        + imageFile.getFileName());
            int n = Math.min(limit, img.count());
            int d = img.itemSize();
            byte[] px = n == img.count() ? img.data() : java.util.Arrays.copyOf(img.data(), n * d);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = lab.unsigned(i);
            boolean fashion = dir.normalize().equals(DEBIAN_FASHION_MNIST);
            return ofBytes(
                    dir.getFileName() + "/" + prefix,
                    px,
                    n,
                    1,
                    img.shape()[1],
                    img.shape()[2],
                    ChannelOrder.CHW,
                    scale,
                    labels,
                    fashion ? List.of(FASHION_MNIST_CLASSES) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path find(Path dir, String base) {
        for (String name : new String[] {base, base + ".gz"}) {
            Path p = dir.resolve(name);
            if (Files.isReadable(p)) return p;
        }
        return null;
    }

    public String name() {
        return name;
    }

    /** Number of items n. */
    public int size() {
        return n;
    }

    /** Values per item d = C·H·W. */
    public int dimension() {
        return d;
    }

    public int channels() {
        return channels;
    }

    public int imageRows() {
        return rows;
    }

    public int imageCols() {
        return cols;
    }

    public ChannelOrder channelOrder() {
        return order;
    }

    /** True when the items are images (H and W both above 1); false for plain vectors (1 × 1 × d). */
    public boolean isImage() {
        return rows > 1 && cols > 1;
    }

    /** Bytes held by the values (not counting labels or a built {@link #images()} matrix). */
    public long storageBytes() {
        return bytes != null ? (long) n * d : 4L * n * d;
    }

    /** Value j of item i. */
    public double get(int i, int j) {
        int k = i * d + j;
        return bytes != null ? scale.apply(bytes[k] & 0xff) : floats[k];
    }

    /** Copies rows [from, to) into {@code out} (row-major, (to − from) × d), as doubles. */
    public void rows(int from, int to, double[] out) {
        if (from < 0 || to > n || from > to)
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + n);
        int len = (to - from) * d, off = from * d;
        if (bytes != null) {
            double[] lut = new double[256];
            for (int v = 0; v < 256; v++) lut[v] = scale.apply(v);
            for (int k = 0; k < len; k++) out[k] = lut[bytes[off + k] & 0xff];
        } else {
            for (int k = 0; k < len; k++) out[k] = floats[off + k];
        }
    }

    /**
     * The values as an n × d EJML matrix (one item per row), built on first call and cached (shared, do not
     * modify). Costs 8·n·d bytes: large sets should use {@link #rows} and the streaming statistics in {@link DataStats}.
     */
    public DMatrixRMaj images() {
        DMatrixRMaj m = matrix;
        if (m == null) {
            synchronized (this) {
                m = matrix;
                if (m == null) {
                    m = new DMatrixRMaj(n, d);
                    rows(0, n, m.data);
                    matrix = m;
                }
            }
        }
        return m;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    public int label(int i) {
        requireLabels();
        return labels[i];
    }

    /** The labels (a copy); throws if the set has none. */
    public int[] labels() {
        requireLabels();
        return labels.clone();
    }

    private void requireLabels() {
        if (labels == null) throw new IllegalStateException(name + " has no labels");
    }

    /** Number of classes (largest label + 1); 0 when unlabelled. */
    public int classCount() {
        if (labels == null) return 0;
        int max = -1;
        for (int l : labels) max = Math.max(max, l);
        return Math.max(max + 1, classNames.size());
    }

    /** Class names by label (from folder names or a known set); empty when unknown. */
    public List<String> classNames() {
        return classNames;
    }

    /** The name of class c: its folder or known name, else its number. */
    public String className(int c) {
        return c < classNames.size() ? classNames.get(c) : Integer.toString(c);
    }

    /** The first {@code limit} items (the same storage when limit ≥ n; otherwise a copy of the prefix). */
    public ImageDataset head(int limit) {
        if (limit <= 0) throw new ParameterException("limit", limit, "a positive integer");
        if (limit >= n) return this;
        int[] lab = labels == null ? null : java.util.Arrays.copyOf(labels, limit);
        if (bytes != null)
            return new ImageDataset(
                    name,
                    limit,
                    java.util.Arrays.copyOf(bytes, limit * d),
                    scale,
                    null,
                    lab,
                    classNames,
                    channels,
                    rows,
                    cols,
                    order);
        return new ImageDataset(
                name,
                limit,
                null,
                scale,
                java.util.Arrays.copyOf(floats, limit * d),
                lab,
                classNames,
                channels,
                rows,
                cols,
                order);
    }

    @Override
    public String toString() {
        return "ImageDataset[" + name + ": n=" + n + ", " + channels + "x" + rows + "x" + cols + " (" + order.text()
                + ")" + (labels == null ? ", unlabelled" : ", " + classCount() + " classes") + "]";
    }
}
