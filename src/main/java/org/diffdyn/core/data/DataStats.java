package org.diffdyn.core.data;

import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.progress.Progress;
import org.ejml.data.DMatrixRMaj;

/**
 * The statistics the papers take of a data set: mean, covariance and its spectrum, patch-covariance spectra,
 * per-class moments, PCA. Two forms: on an EJML matrix (small sets, tests) and streaming on an {@link ImageDataset}
 * (any size: rows are converted to doubles a block at a time, the covariance is accumulated by dsyrk through the
 * BLAS seam, so a 50,000 × 3,072 set needs its compact storage plus two d × d matrices).
 */
public final class DataStats {
    private DataStats() {}

    /** The median of the values (the mean of the two middle ones for an even count); the array is not modified. */
    public static double median(double[] values) {
        if (values.length == 0) throw new IllegalArgumentException("median of no values");
        double[] c = values.clone();
        java.util.Arrays.sort(c);
        int m = c.length;
        return m % 2 == 1 ? c[m / 2] : 0.5 * (c[m / 2 - 1] + c[m / 2]);
    }

    /** Column means of a data matrix (one sample per row). */
    public static double[] mean(DMatrixRMaj x) {
        int n = x.numRows, d = x.numCols;
        double[] m = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) m[j] += x.data[i * d + j];
        for (int j = 0; j < d; j++) m[j] /= n;
        return m;
    }

    /** The centered data X − 1 μᵀ (a copy). */
    public static DMatrixRMaj centered(DMatrixRMaj x, double[] mean) {
        DMatrixRMaj c = x.copy();
        int d = x.numCols;
        for (int i = 0; i < x.numRows; i++) for (int j = 0; j < d; j++) c.data[i * d + j] -= mean[j];
        return c;
    }

    /** Sample covariance (1/n normalisation, as the papers' empirical Σ̂), through the BLAS seam. */
    public static DMatrixRMaj covariance(DMatrixRMaj x) {
        return Dense.gram(centered(x, mean(x)), x.numRows);
    }

    /** Uncentered second moment XᵀX / n (paper B's Σ̂ for centered Gaussian data). */
    public static DMatrixRMaj secondMoment(DMatrixRMaj x) {
        return Dense.gram(x, x.numRows);
    }

    /** Eigendecomposition of the sample covariance: principal variances (descending) and axes. */
    public static SymmetricEigen pca(DMatrixRMaj x) {
        return Dense.eigh(covariance(x));
    }

    /** Scores of the samples on the first {@code k} principal axes: (X − μ) U_k. */
    public static DMatrixRMaj project(DMatrixRMaj x, double[] mean, SymmetricEigen pca, int k) {
        int d = x.numCols;
        DMatrixRMaj uk = new DMatrixRMaj(d, k);
        for (int i = 0; i < d; i++) for (int j = 0; j < k; j++) uk.set(i, j, pca.vector(j, i));
        return Dense.multiply(centered(x, mean), uk);
    }

    /** Per-class statistics of a labelled set: count, mean vector, mean per-pixel variance, centroid norm. */
    public record ClassStats(int label, int count, double[] mean, double meanVariance, double centroidNorm) {}

    public static ClassStats[] perClass(DMatrixRMaj x, int[] labels, int classes) {
        int d = x.numCols;
        ClassStats[] out = new ClassStats[classes];
        double[] globalMean = mean(x);
        for (int c = 0; c < classes; c++) {
            double[] m = new double[d];
            int n = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != c) continue;
                n++;
                for (int j = 0; j < d; j++) m[j] += x.data[i * d + j];
            }
            if (n == 0) {
                out[c] = new ClassStats(c, 0, m, Double.NaN, Double.NaN);
                continue;
            }
            for (int j = 0; j < d; j++) m[j] /= n;
            double var = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != c) continue;
                for (int j = 0; j < d; j++) {
                    double r = x.data[i * d + j] - m[j];
                    var += r * r;
                }
            }
            var /= (double) n * d;
            double norm = 0;
            for (int j = 0; j < d; j++) {
                double r = m[j] - globalMean[j];
                norm += r * r;
            }
            out[c] = new ClassStats(c, n, m, var, Math.sqrt(norm));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ streaming forms

    /** Rows per block: about 32 MB of doubles. */
    static int blockRows(int d) {
        return Math.max(1, (1 << 22) / Math.max(1, d));
    }

    /** Per-value means of a data set (1/n), accumulated in double. */
    public static double[] mean(ImageDataset x) {
        return mean(x, Progress.NONE);
    }

    /** As {@link #mean(ImageDataset)}; a cancellation point per block of rows. */
    public static double[] mean(ImageDataset x, Progress progress) {
        int n = x.size(), d = x.dimension(), b = blockRows(d);
        double[] m = new double[d], block = new double[Math.min(n, b) * d];
        for (int from = 0; from < n; from += b) {
            int to = Math.min(n, from + b);
            progress.checkCancelled();
            x.rows(from, to, block);
            for (int i = 0; i < to - from; i++) for (int j = 0; j < d; j++) m[j] += block[i * d + j];
        }
        for (int j = 0; j < d; j++) m[j] /= n;
        return m;
    }

    /**
     * Sample covariance Σ̂ = (1/n) Σ_i (x_i − μ)(x_i − μ)ᵀ (1/n as the papers' empirical Σ̂), two passes: the mean,
     * then centered blocks of rows accumulated by dsyrk. Reports progress per block and stops when interrupted.
     */
    public static DMatrixRMaj covariance(ImageDataset x, Progress progress) {
        return covariance(x, mean(x), progress);
    }

    public static DMatrixRMaj covariance(ImageDataset x, double[] mean, Progress progress) {
        int n = x.size(), d = x.dimension(), b = blockRows(d);
        DMatrixRMaj g = new DMatrixRMaj(d, d);
        double[] block = new double[Math.min(n, b) * d];
        progress.start("covariance " + n + " x " + d, n);
        for (int from = 0; from < n; from += b) {
            int to = Math.min(n, from + b), m = to - from;
            x.rows(from, to, block);
            for (int i = 0; i < m; i++) for (int j = 0; j < d; j++) block[i * d + j] -= mean[j];
            Dense.syrkAccumulate(block, m, d, 1.0 / n, g.data);
            progress.advance(to);
        }
        progress.finish();
        Dense.mirrorLower(g.data, d);
        return g;
    }

    /** The covariance eigenvalues λ_1 ≥ … ≥ λ_d (eigenvalues only: LAPACK dsyevd without vectors). */
    public static double[] covarianceSpectrum(ImageDataset x, Progress progress) {
        DMatrixRMaj c = covariance(x, progress);
        progress.checkCancelled();
        return Dense.eigvalsh(c);
    }

    /** PCA of a data set: principal variances (descending) and axes. */
    public static SymmetricEigen pca(ImageDataset x, double[] mean, Progress progress) {
        DMatrixRMaj c = covariance(x, mean, progress);
        progress.checkCancelled();
        return Dense.eigh(c);
    }

    /** Scores (x_i − μ)ᵀ u_j of every item on the first k principal axes (n × k), by blocked dgemm. */
    public static DMatrixRMaj project(ImageDataset x, double[] mean, SymmetricEigen pca, int k) {
        return project(x, mean, pca, k, Progress.NONE);
    }

    /** As {@link #project(ImageDataset, double[], SymmetricEigen, int)}; a cancellation point per block of rows. */
    public static DMatrixRMaj project(ImageDataset x, double[] mean, SymmetricEigen pca, int k, Progress progress) {
        int n = x.size(), d = x.dimension(), b = blockRows(d);
        if (k < 1 || k > d) throw new org.diffdyn.core.ParameterException("k", k, "an integer in [1, " + d + "]");
        double[] uk = new double[d * k];
        for (int i = 0; i < d; i++) for (int j = 0; j < k; j++) uk[i * k + j] = pca.vector(j, i);
        DMatrixRMaj out = new DMatrixRMaj(n, k);
        double[] block = new double[Math.min(n, b) * d];
        for (int from = 0; from < n; from += b) {
            int to = Math.min(n, from + b), m = to - from;
            progress.checkCancelled();
            x.rows(from, to, block);
            for (int i = 0; i < m; i++) for (int j = 0; j < d; j++) block[i * d + j] -= mean[j];
            Dense.gemm(false, false, m, k, d, 1.0, block, 0, uk, 0, 0.0, out.data, from * k);
        }
        return out;
    }

    /**
     * Per-class statistics of a labelled data set (two streaming passes): count n_c, mean μ_c, mean per-value
     * variance σ_c² = Σ_{i∈c} ‖x_i − μ_c‖² / (n_c d) and centroid norm m_c = ‖μ_c − μ‖ (paper C's class statistics,
     * as {@link #perClass(DMatrixRMaj, int[], int)}). Classes without items get count 0 and NaN moments.
     */
    public static ClassStats[] perClass(ImageDataset x) {
        return perClass(x, Progress.NONE);
    }

    /** As {@link #perClass(ImageDataset)}; a cancellation point per block of rows. */
    public static ClassStats[] perClass(ImageDataset x, Progress progress) {
        if (!x.hasLabels())
            throw new IllegalStateException(x.name() + " has no labels: per-class statistics need labels");
        int n = x.size(), d = x.dimension(), b = blockRows(d), k = x.classCount();
        int[] labels = x.labels();
        double[][] m = new double[k][d];
        int[] count = new int[k];
        double[] global = new double[d], block = new double[Math.min(n, b) * d];
        for (int from = 0; from < n; from += b) {
            int to = Math.min(n, from + b);
            progress.checkCancelled();
            x.rows(from, to, block);
            for (int i = from; i < to; i++) {
                double[] mc = m[labels[i]];
                count[labels[i]]++;
                int off = (i - from) * d;
                for (int j = 0; j < d; j++) {
                    mc[j] += block[off + j];
                    global[j] += block[off + j];
                }
            }
        }
        for (int j = 0; j < d; j++) global[j] /= n;
        for (int c = 0; c < k; c++) if (count[c] > 0) for (int j = 0; j < d; j++) m[c][j] /= count[c];
        double[] ss = new double[k];
        for (int from = 0; from < n; from += b) {
            int to = Math.min(n, from + b);
            progress.checkCancelled();
            x.rows(from, to, block);
            for (int i = from; i < to; i++) {
                double[] mc = m[labels[i]];
                int off = (i - from) * d;
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double r = block[off + j] - mc[j];
                    s += r * r;
                }
                ss[labels[i]] += s;
            }
        }
        ClassStats[] out = new ClassStats[k];
        for (int c = 0; c < k; c++) {
            if (count[c] == 0) {
                out[c] = new ClassStats(c, 0, m[c], Double.NaN, Double.NaN);
                continue;
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                double r = m[c][j] - global[j];
                norm += r * r;
            }
            out[c] = new ClassStats(c, count[c], m[c], ss[c] / ((double) count[c] * d), Math.sqrt(norm));
        }
        return out;
    }

    /**
     * Covariance of the p × p patches (all channels: C·p·p values in channel-major order) at every position
     * (y, x) = (s·i, s·j) inside the images, over all images (1/N over the N patches, centered by the mean patch).
     * Paper A's patch-based convolutional denoisers see exactly this matrix (linear-diffusion.md §3, DERIVED: the
     * local-receptive-field analogue of Σ). The mean patch is the average over positions of the pixel means, so one
     * streaming pass suffices.
     */
    public static DMatrixRMaj patchCovariance(ImageDataset x, int patch, int stride, Progress progress) {
        if (!x.isImage())
            throw new org.diffdyn.core.ParameterException(
                    "patch",
                    patch,
                    "patches of images; " + x.name() + " holds vectors (1 x 1 x " + x.dimension() + ")");
        int h = x.imageRows(), w = x.imageCols(), c = x.channels(), d = x.dimension(), n = x.size();
        if (patch < 1 || patch > Math.min(h, w))
            throw new org.diffdyn.core.ParameterException(
                    "patch", patch, "an integer in [1, " + Math.min(h, w) + "] (the image side)");
        if (stride < 1) throw new org.diffdyn.core.ParameterException("patch-stride", stride, "a positive integer");
        int py = (h - patch) / stride + 1, px = (w - patch) / stride + 1, positions = py * px, pd = c * patch * patch;
        boolean hwc = x.channelOrder() == ImageDataset.ChannelOrder.HWC;
        int[] offset = new int[pd];
        for (int ch = 0; ch < c; ch++)
            for (int dy = 0; dy < patch; dy++)
                for (int dx = 0; dx < patch; dx++)
                    offset[(ch * patch + dy) * patch + dx] = hwc ? (dy * w + dx) * c + ch : ch * h * w + dy * w + dx;
        int[] origin = new int[positions];
        for (int i = 0; i < py; i++)
            for (int j = 0; j < px; j++)
                origin[i * px + j] = hwc ? (i * stride * w + j * stride) * c : i * stride * w + j * stride;
        double[] pixelMean = mean(x), meanPatch = new double[pd];
        for (int o : origin) for (int k = 0; k < pd; k++) meanPatch[k] += pixelMean[o + offset[k]];
        for (int k = 0; k < pd; k++) meanPatch[k] /= positions;
        double total = (double) n * positions;
        DMatrixRMaj g = new DMatrixRMaj(pd, pd);
        int patchesPerBlock = blockRows(pd);
        double[] row = new double[d], block = new double[patchesPerBlock * pd];
        int filled = 0;
        progress.start("patch covariance " + patch + "x" + patch + " (" + positions + " positions per image)", n);
        for (int i = 0; i < n; i++) {
            x.rows(i, i + 1, row);
            for (int o : origin) {
                int off = filled * pd;
                for (int k = 0; k < pd; k++) block[off + k] = row[o + offset[k]] - meanPatch[k];
                if (++filled == patchesPerBlock) {
                    Dense.syrkAccumulate(block, filled, pd, 1 / total, g.data);
                    filled = 0;
                }
            }
            if ((i & 63) == 0) progress.advance(i);
        }
        Dense.syrkAccumulate(block, filled, pd, 1 / total, g.data);
        progress.finish();
        Dense.mirrorLower(g.data, pd);
        return g;
    }

    /** Eigenvalues (descending) of {@link #patchCovariance}. */
    public static double[] patchSpectrum(ImageDataset x, int patch, int stride, Progress progress) {
        return Dense.eigvalsh(patchCovariance(x, patch, stride, progress));
    }
}
