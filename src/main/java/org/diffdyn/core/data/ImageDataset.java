package org.diffdyn.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.diffdyn.core.Check;
import org.ejml.data.DMatrixRMaj;

/**
 * An MNIST-format labelled image set held in memory: pixels mapped to [-1, 1] by x ↦ (x/255 − 0.5)/0.5 as in paper
 * A's image experiments (linear-diffusion.md §2.1), one image per row.
 *
 * <p>Fashion-MNIST comes from Debian's {@code dataset-fashion-mnist} package; any other MNIST-format set can be
 * read from a directory holding {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]} and the
 * {@code t10k-} pair. The directory is {@code DIFFDYN_DATA_DIR} (environment) or {@code diffdyn.dataDir} (system
 * property) when set.
 */
public final class ImageDataset {
    public static final Path DEBIAN_FASHION_MNIST = Paths.get("/usr/share/datasets/fashion-mnist");
    public static final String[] FASHION_MNIST_CLASSES = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

    public enum Split { TRAIN, TEST }

    private final String name;
    private final DMatrixRMaj images;
    private final int[] labels;
    private final int rows;
    private final int cols;

    private ImageDataset(String name, DMatrixRMaj images, int[] labels, int rows, int cols) {
        this.name = name;
        this.images = images;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
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

    public static ImageDataset load(Path dir, Split split, int limit) {
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
            if (img.shape().length != 3) throw new IOException(imageFile + ": expected a rank-3 image array");
            if (lab.count() != img.count()) throw new IOException(labelFile + ": " + lab.count() + " labels for " + img.count() + " images");
            int n = Math.min(limit, img.count());
            int d = img.itemSize();
            DMatrixRMaj x = new DMatrixRMaj(n, d);
            for (int i = 0; i < n * d; i++) x.data[i] = (img.unsigned(i) / 255.0 - 0.5) / 0.5;
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = lab.unsigned(i);
            return new ImageDataset(dir.getFileName() + "/" + prefix, x, labels, img.shape()[1], img.shape()[2]);
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

    public String name() { return name; }

    public int size() { return labels.length; }

    public int dimension() { return images.numCols; }

    public int imageRows() { return rows; }

    public int imageCols() { return cols; }

    /** Pixels in [-1, 1], one image per row (shared, do not modify). */
    public DMatrixRMaj images() { return images; }

    public int label(int i) { return labels[i]; }

    public int[] labels() { return labels.clone(); }

    public int classCount() {
        int max = -1;
        for (int l : labels) max = Math.max(max, l);
        return max + 1;
    }
}
