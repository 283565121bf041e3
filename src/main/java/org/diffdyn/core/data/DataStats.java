package org.diffdyn.core.data;

import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.ejml.data.DMatrixRMaj;

/** The statistics the papers take of a data set: mean, covariance and its spectrum, per-class moments, PCA. */
public final class DataStats {
    private DataStats() {}

    /** Column means of a data matrix (one sample per row). */
    /** The median of the values (the mean of the two middle ones for an even count); the array is not modified. */
    public static double median(double[] values) {
        if (values.length == 0) throw new IllegalArgumentException("median of no values");
        double[] c = values.clone();
        java.util.Arrays.sort(c);
        int m = c.length;
        return m % 2 == 1 ? c[m / 2] : 0.5 * (c[m / 2 - 1] + c[m / 2]);
    }

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
            if (n == 0) { out[c] = new ClassStats(c, 0, m, Double.NaN, Double.NaN); continue; }
            for (int j = 0; j < d; j++) m[j] /= n;
            double var = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != c) continue;
                for (int j = 0; j < d; j++) { double r = x.data[i * d + j] - m[j]; var += r * r; }
            }
            var /= (double) n * d;
            double norm = 0;
            for (int j = 0; j < d; j++) { double r = m[j] - globalMean[j]; norm += r * r; }
            out[c] = new ClassStats(c, n, m, var, Math.sqrt(norm));
        }
        return out;
    }
}
