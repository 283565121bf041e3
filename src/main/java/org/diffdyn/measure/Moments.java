package org.diffdyn.measure;

import org.diffdyn.core.ParameterException;
import org.diffdyn.core.linalg.Dense;
import org.ejml.data.DMatrixRMaj;

/**
 * Streaming mean and covariance of vectors (image patches or whole images) accumulated in blocks, so that the
 * millions of stride-1 patches of a data set never sit in memory at once. The covariance is the unbiased sample
 * covariance (1/(m − 1)), as {@code torch.cov} in the authors' analysis (QUOTED). Sums are taken about a fixed shift
 * (the first block's mean) to avoid cancellation in Σxxᵀ − m x̄x̄ᵀ for data with a large mean (Fashion-MNIST pixels
 * in [−1, 1] have means near −0.4).
 */
public final class Moments {
    private final int dimension;
    private final double[] sum;
    private final DMatrixRMaj outer;
    private double[] shift;
    private long count;

    public Moments(int dimension) {
        this.dimension = dimension;
        this.sum = new double[dimension];
        this.outer = new DMatrixRMaj(dimension, dimension);
    }

    /** Adds the first {@code rows} rows of a row-major block of vectors. */
    public Moments add(double[] block, int rows) {
        if (rows == 0) return this;
        int p = dimension;
        if (shift == null) {
            shift = new double[p];
            for (int i = 0; i < rows; i++) for (int j = 0; j < p; j++) shift[j] += block[i * p + j];
            for (int j = 0; j < p; j++) shift[j] /= rows;
        }
        double[] c = new double[rows * p];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < p; j++) {
                double v = block[i * p + j] - shift[j];
                c[i * p + j] = v;
                sum[j] += v;
            }
        DMatrixRMaj g = Dense.gram(new DMatrixRMaj(rows, p, true, c), 1.0);
        for (int i = 0; i < g.data.length; i++) outer.data[i] += g.data[i];
        count += rows;
        return this;
    }

    /** Adds every row of a matrix. */
    public Moments add(DMatrixRMaj rows) {
        if (rows.numCols != dimension)
            throw new ParameterException("vectors", rows.numCols + " columns", dimension + " columns");
        return add(rows.data, rows.numRows);
    }

    public long count() {
        return count;
    }

    public int dimension() {
        return dimension;
    }

    public double[] mean() {
        double[] m = new double[dimension];
        for (int j = 0; j < dimension; j++) m[j] = shift[j] + sum[j] / count;
        return m;
    }

    /** Unbiased covariance (1/(m − 1)); needs m ≥ 2 vectors. */
    public DMatrixRMaj covariance() {
        if (count < 2) throw new ParameterException("vectors", count, "at least 2 vectors for a covariance");
        int p = dimension;
        DMatrixRMaj c = new DMatrixRMaj(p, p);
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
                c.data[i * p + j] = (outer.data[i * p + j] - sum[i] * sum[j] / count) / (count - 1);
        return c;
    }

    /**
     * Moments of the patches of a set of images (one image per row), extracted in blocks of {@code imagesPerBlock}.
     */
    public static Moments ofPatches(DMatrixRMaj images, PatchGeometry g) {
        if (images.numCols != g.imageDimension())
            throw new ParameterException(
                    "images",
                    images.numCols + " pixels per image",
                    g.imageDimension() + " (" + g.channels() + "x" + g.height() + "x" + g.width() + ")");
        Moments m = new Moments(g.dimension());
        int per = g.positions();
        int block = Math.max(1, (1 << 16) / per);
        double[] buf = new double[block * per * g.dimension()];
        for (int start = 0; start < images.numRows; start += block) {
            int n = Math.min(block, images.numRows - start);
            for (int i = 0; i < n; i++) g.extract(images.data, start + i, buf, i * per);
            m.add(buf, n * per);
        }
        return m;
    }
}
