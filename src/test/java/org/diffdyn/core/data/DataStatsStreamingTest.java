package org.diffdyn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The streaming (blocked dsyrk) statistics against the whole-matrix forms and a brute-force patch covariance. */
class DataStatsStreamingTest {
    static ImageDataset random(int n, int c, int h, int w, ImageDataset.ChannelOrder order, int classes, long seed) {
        Rng rng = new Rng(seed);
        byte[] b = new byte[n * c * h * w];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            for (int k = 0; k < c * h * w; k++)
                b[i * c * h * w + k] =
                        (byte) Math.min(255, Math.max(0, (int) (128 + 40 * rng.gaussian() + 20 * labels[i])));
        }
        return ImageDataset.ofBytes("rand", b, n, c, h, w, order, ImageDataset.PixelScale.SYMMETRIC, labels, null);
    }

    @Test
    void covarianceSpectrumPerClassAndProjectionMatchMatrixForms() {
        ImageDataset ds = random(3000, 3, 4, 4, ImageDataset.ChannelOrder.CHW, 3, 1);
        DMatrixRMaj x = ds.images();
        DMatrixRMaj c1 = DataStats.covariance(x), c2 = DataStats.covariance(ds, Progress.NONE);
        for (int k = 0; k < c1.data.length; k++) assertEquals(c1.data[k], c2.data[k], 1e-12);
        double[] e1 = Dense.eigh(c1).values(), e2 = DataStats.covarianceSpectrum(ds, Progress.NONE);
        assertArrayEquals(e1, e2, 1e-12);
        DataStats.ClassStats[] p1 = DataStats.perClass(x, ds.labels(), 3), p2 = DataStats.perClass(ds);
        for (int c = 0; c < 3; c++) {
            assertEquals(p1[c].count(), p2[c].count());
            assertEquals(p1[c].meanVariance(), p2[c].meanVariance(), 1e-12);
            assertEquals(p1[c].centroidNorm(), p2[c].centroidNorm(), 1e-12);
            assertArrayEquals(p1[c].mean(), p2[c].mean(), 1e-12);
        }
        double[] mean = DataStats.mean(ds);
        SymmetricEigen pca = DataStats.pca(ds, mean, Progress.NONE);
        DMatrixRMaj s1 = DataStats.project(x, mean, pca, 5), s2 = DataStats.project(ds, mean, pca, 5);
        assertArrayEquals(s1.data, s2.data, 1e-10);
    }

    @Test
    void blocksAccumulateAcrossManyBlocks() {
        // d = 2000 gives 2097 rows per block: 5000 rows span three blocks.
        int n = 5000, d = 2000;
        Rng rng = new Rng(5);
        float[] f = new float[n * d];
        for (int k = 0; k < f.length; k++) f[k] = (float) rng.gaussian();
        ImageDataset ds = ImageDataset.ofFloats("wide", f, n, 1, 1, d, ImageDataset.ChannelOrder.CHW, null, null);
        double[] mean = DataStats.mean(ds);
        DMatrixRMaj c = DataStats.covariance(ds, mean, Progress.NONE);
        // Check entries against direct sums.
        for (int[] ij : new int[][] {{0, 0}, {3, 1999}, {1234, 777}, {1999, 1999}}) {
            double s = 0;
            for (int i = 0; i < n; i++) s += (f[i * d + ij[0]] - mean[ij[0]]) * (f[i * d + ij[1]] - mean[ij[1]]);
            assertEquals(s / n, c.get(ij[0], ij[1]), 1e-12);
            assertEquals(c.get(ij[0], ij[1]), c.get(ij[1], ij[0]), 0);
        }
    }

    @Test
    void patchCovarianceMatchesBruteForceInBothChannelOrders() {
        for (ImageDataset.ChannelOrder order : ImageDataset.ChannelOrder.values()) {
            ImageDataset ds = random(40, 2, 6, 5, order, 1, 7);
            int p = 3, s = 2;
            DMatrixRMaj g = DataStats.patchCovariance(ds, p, s, Progress.NONE);
            // Brute force: every patch vector (channel-major), mean, covariance.
            java.util.List<double[]> patches = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++)
                for (int y = 0; y + p <= 6; y += s)
                    for (int x = 0; x + p <= 5; x += s) {
                        double[] v = new double[2 * p * p];
                        for (int ch = 0; ch < 2; ch++)
                            for (int dy = 0; dy < p; dy++)
                                for (int dx = 0; dx < p; dx++) {
                                    int yy = y + dy, xx = x + dx;
                                    int idx = order == ImageDataset.ChannelOrder.CHW
                                            ? ch * 30 + yy * 5 + xx
                                            : (yy * 5 + xx) * 2 + ch;
                                    v[(ch * p + dy) * p + dx] = ds.get(i, idx);
                                }
                        patches.add(v);
                    }
            int pd = 2 * p * p, m = patches.size();
            assertEquals(40 * 2 * 2, m);
            double[] mu = new double[pd];
            for (double[] v : patches) for (int k = 0; k < pd; k++) mu[k] += v[k] / m;
            for (int a = 0; a < pd; a++)
                for (int b = 0; b < pd; b++) {
                    double sum = 0;
                    for (double[] v : patches) sum += (v[a] - mu[a]) * (v[b] - mu[b]);
                    assertEquals(sum / m, g.get(a, b), 1e-12, order + " (" + a + "," + b + ")");
                }
        }
    }
}
