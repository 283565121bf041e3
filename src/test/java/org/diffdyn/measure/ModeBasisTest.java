package org.diffdyn.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Patch extraction, streaming moments and the generated variance along training eigenvectors. */
class ModeBasisTest {

    @Test
    void patchesFollowTheUnfoldLayout() {
        double[] img = new double[16];
        for (int i = 0; i < 16; i++) img[i] = i;
        PatchGeometry g = new PatchGeometry(1, 4, 4, 2, 2);
        assertEquals(4, g.positions());
        double[] out = new double[4 * 4];
        g.extract(img, 0, out, 0);
        assertArrayEquals(new double[] {0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15}, out);
        // two channels: a patch holds channel 0's s×s block, then channel 1's
        double[] two = new double[2 * 9];
        for (int i = 0; i < two.length; i++) two[i] = i;
        PatchGeometry g2 = new PatchGeometry(2, 3, 3, 2, 1);
        double[] p = new double[g2.positions() * g2.dimension()];
        g2.extract(two, 0, p, 0);
        assertArrayEquals(new double[] {0, 1, 3, 4, 9, 10, 12, 13}, java.util.Arrays.copyOf(p, 8));
        assertArrayEquals(new double[] {4, 5, 7, 8, 13, 14, 16, 17}, java.util.Arrays.copyOfRange(p, 24, 32));
        // unfold drops partial windows: 28x28, 9x9 stride 3 -> 7x7 positions; 6x6 stride 3 -> 8x8; 3x3 stride 1 ->
        // 26x26
        assertEquals(49, new PatchGeometry(1, 28, 28, 9, 3).positions());
        assertEquals(64, new PatchGeometry(1, 28, 28, 6, 3).positions());
        assertEquals(676, new PatchGeometry(1, 28, 28, 3, 1).positions());
        assertThrows(ParameterException.class, () -> new PatchGeometry(1, 28, 28, 29, 1));
    }

    @Test
    void streamingMomentsMatchTheDirectCovariance() {
        Rng rng = new Rng(3);
        int n = 517, d = 7;
        DMatrixRMaj x = new DMatrixRMaj(n, d, true, rng.gaussianMatrix(n, d));
        for (int i = 0; i < x.data.length; i++) x.data[i] = 3 + 0.5 * x.data[i]; // large mean: exercises the shift
        Moments m = new Moments(d);
        m.add(x.data, 100);
        m.add(java.util.Arrays.copyOfRange(x.data, 100 * d, n * d), n - 100);
        DMatrixRMaj direct = DataStats.covariance(x); // 1/n
        DMatrixRMaj c = m.covariance();
        for (int i = 0; i < d * d; i++) assertEquals(direct.data[i] * n / (n - 1), c.data[i], 1e-12);
        assertArrayEquals(DataStats.mean(x), m.mean(), 1e-12);
    }

    /**
     * Generated samples from a known Gaussian N(0, Σ_g): along any fixed unit vector u the unbiased sample variance
     * has mean uᵀΣ_g u and relative standard deviation √(2/(n − 1)) (Gaussian fourth moments). The training basis
     * is fixed before the generated set is drawn, so each mode's measurement is within 5 of those standard deviations
     * (probability of any of 16 modes failing by chance ~1e-5).
     */
    @Test
    void variancesAlongTrainingEigenvectorsOfAKnownGaussian() {
        int d = 16, nTrain = 5000, nGen = 4000;
        Covariance train = Covariance.randomlyRotated(Spectrum.powerLaw(d, 1.5), 11);
        ModeBasis basis = ModeBasis.vectors(train.sample(nTrain, new Rng(12)));
        Covariance gen = Covariance.randomlyRotated(Spectrum.logNormal(d, 5), 13); // a different law
        double[] measured = basis.generatedVariances(gen.sample(nGen, new Rng(14)));
        DMatrixRMaj sg = gen.matrix();
        double[] expected = basis.along(sg);
        double tol = 5 * Math.sqrt(2.0 / (nGen - 1));
        for (int k = 0; k < d; k++) assertEquals(1, measured[k] / expected[k], tol, "mode " + k);
        // and the training variances themselves estimate the population spectrum (same bound, nTrain samples,
        // eigenvalues of a 16x16 sample covariance: looser by the eigenvalue bias, here checked on the top mode only)
        assertEquals(1, basis.lambda(0) / train.spectrum().get(0), 5 * Math.sqrt(2.0 / (nTrain - 1)) + 0.02);
    }

    /**
     * White-noise images (i.i.d. N(0, s²) pixels): every patch covariance is s²·I, so every mode's generated variance
     * is s². Overlapping patches of one image are dependent, so the effective sample size is at least the number of
     * images n: tolerance 5√(2/(n − 1)).
     */
    @Test
    void whiteNoisePatchesHaveFlatVariance() {
        int n = 400, side = 12;
        Rng rng = new Rng(21);
        DMatrixRMaj train = new DMatrixRMaj(n, side * side, true, rng.gaussianMatrix(n, side * side));
        DMatrixRMaj gen = new DMatrixRMaj(n, side * side, true, rng.gaussianMatrix(n, side * side));
        for (int i = 0; i < gen.data.length; i++) gen.data[i] *= 2;
        for (int size : new int[] {3, 6, 9})
            for (int stride : new int[] {1, 3}) {
                ModeBasis b = ModeBasis.of(train, new PatchGeometry(1, side, side, size, stride));
                assertEquals(size * size, b.modes());
                double[] v = b.generatedVariances(gen);
                for (double x : v)
                    assertEquals(4, x, 4 * 5 * Math.sqrt(2.0 / (n - 1)), "patch " + size + " stride " + stride);
            }
        assertThrows(ParameterException.class, () -> ModeBasis.wholeImage(train, 1, side)
                .generatedVariances(new DMatrixRMaj(3, 10)));
        assertTrue(ModeBasis.wholeImage(train, 1, side).modes() == side * side);
    }
}
