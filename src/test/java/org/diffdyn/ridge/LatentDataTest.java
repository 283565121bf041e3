package org.diffdyn.ridge;

import static org.junit.jupiter.api.Assertions.*;

import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

/**
 * The latent study's nonlinear-map path ({@link LatentData#encoded}) scales latents exactly as the PCA path does and
 * reports the same relative reconstruction error: with an encoder that IS PCA (computed here independently, by EJML's
 * SVD, and handed back shifted and stretched), both paths give the same latents up to the sign of each coordinate and
 * the same error 1 − explained share. The encoder receives images channel-major even when the data set stores them
 * pixel-major.
 */
class LatentDataTest {
    static final int C = 2, H = 4, W = 3, D = C * H * W;

    /** 90 items of 2 channels × 4 × 3 stored pixel-major (HWC), labels alternating 0, 1, 1; class 0 has 30 items. */
    static ImageDataset data() {
        Rng rng = new Rng(3);
        int n = 90;
        float[] v = new float[n * D];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3 == 0 ? 0 : 1;
            double a = rng.gaussian(), b = rng.gaussian();
            for (int j = 0; j < D; j++)
                v[i * D + j] = (float) (a * Math.sin(j) + 0.5 * b * Math.cos(2 * j) + 0.1 * rng.gaussian());
        }
        return ImageDataset.ofFloats("toy", v, n, C, H, W, ImageDataset.ChannelOrder.HWC, labels, null);
    }

    /** PCA by SVD of the centred images: scores on the first k axes, and the discarded squared singular values. */
    static LatentData.Encoded svdPca(DMatrixRMaj x, int k) {
        int m = x.numRows, d = x.numCols;
        DMatrixRMaj c = x.copy();
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < m; i++) mean += x.get(i, j) / m;
            for (int i = 0; i < m; i++) c.set(i, j, c.get(i, j) - mean);
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, d, true, true, false);
        assertTrue(svd.decompose(c.copy()));
        DMatrixRMaj u = svd.getU(null, false), s = svd.getW(null), vt = svd.getV(null, true);
        SingularOps_DDRM.descendingOrder(u, false, s, vt, true);
        DMatrixRMaj vk = new DMatrixRMaj(d, k);
        for (int j = 0; j < k; j++) for (int i = 0; i < d; i++) vk.set(i, j, vt.get(j, i));
        DMatrixRMaj scores = new DMatrixRMaj(m, k);
        CommonOps_DDRM.mult(c, vk, scores);
        double rest = 0;
        for (int j = k; j < Math.min(m, d); j++) rest += s.get(j, j) * s.get(j, j);
        return new LatentData.Encoded(scores, rest);
    }

    @Test
    void anEncoderThatIsPcaReproducesThePcaLatentsAndError() {
        ImageDataset data = data();
        int k = 5, n = 30; // n = every class-0 item, so the scaling can be checked on the training latents
        LatentData.Latents pca = LatentData.pca(data, 0, n, k);
        int[] calls = {0};
        LatentData.Latents enc = LatentData.encoded(data, 0, n, k, "svd", (x, c, h, w, dim) -> {
            calls[0]++;
            assertEquals(C, c);
            assertEquals(H, h);
            assertEquals(W, w);
            assertEquals(k, dim);
            assertEquals(30, x.numRows);
            // channel-major: value (channel 1, row 2, col 1) of item 3 of class 0 (data item 9), stored at HWC index
            assertEquals(data.get(9, (2 * W + 1) * C + 1), x.get(3, 1 * H * W + 2 * W + 1), 1e-6);
            LatentData.Encoded e = svdPca(x, dim);
            DMatrixRMaj z = e.latents().copy(); // an affine distortion the scaling must undo
            for (int i = 0; i < z.data.length; i++) z.data[i] = 3 * z.data[i] + 5;
            return new LatentData.Encoded(z, e.squaredError());
        });
        assertEquals(1, calls[0]);
        assertEquals(pca.explainedShare(), enc.explainedShare(), 1e-12);
        assertEquals(pca.relativeError(), enc.relativeError(), 1e-9);
        assertEquals(1 - pca.explainedShare(), enc.relativeError(), 1e-9);
        assertTrue(enc.relativeError() > 0.001 && enc.relativeError() < 0.5, "toy data: " + enc.relativeError());
        assertTrue(enc.source().contains("svd-5"), enc.source());
        for (int j = 0; j < k; j++) {
            double sign = Math.signum(pca.points().get(0, j) * enc.points().get(0, j));
            for (int i = 0; i < n; i++)
                assertEquals(
                        pca.points().get(i, j), sign * enc.points().get(i, j), 1e-6, "latent (" + i + ", " + j + ")");
        }
        double sum2 = 0;
        for (double v : enc.points().data) sum2 += v * v;
        assertEquals(1.0, sum2 / (n * k), 1e-9, "mean per-coordinate variance 1");
    }

    @Test
    void badInputIsNamed() {
        ImageDataset data = data();
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});
        ImageDataset vectors = ImageDataset.ofRows("vectors", x, new int[] {0, 0, 0, 0});
        assertEquals(
                "data",
                assertThrows(
                                ParameterException.class,
                                () -> LatentData.encoded(vectors, 0, 2, 1, "ae", (m, c, h, w, k) -> null))
                        .parameter());
        assertEquals(
                "n",
                assertThrows(
                                ParameterException.class,
                                () -> LatentData.encoded(data, 0, 31, 4, "ae", (m, c, h, w, k) -> null))
                        .parameter());
        assertThrows(
                NumericalException.class,
                () -> LatentData.encoded(data, 0, 10, 4, "ae", (m, c, h, w, k) -> {
                    DMatrixRMaj z = new DMatrixRMaj(m.numRows, k);
                    z.set(2, 1, Double.NaN);
                    return new LatentData.Encoded(z, 1);
                }));
        assertThrows(
                NumericalException.class,
                () -> LatentData.encoded(
                        data,
                        0,
                        10,
                        4,
                        "ae",
                        (m, c, h, w, k) -> new LatentData.Encoded(new DMatrixRMaj(m.numRows, k), 1)));
    }
}
