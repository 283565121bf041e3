package org.diffdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The loss of the Bayes-optimal denoiser of a Gaussian, D_σ(x) = Σ(Σ + σ²I)⁻¹x, has the closed form
 * E‖D − x‖²/d = (1/d)Σ_k λ_kσ²/(λ_k + σ²) per level; averaged over n images with fixed noise the measured value is
 * a mean of n i.i.d. terms, so it lies within 5 standard errors (estimated from the per-image values) of the
 * quadrature-weighted closed form.
 */
class DenoisingLossTest {
    @Test
    void optimalGaussianDenoiserHasTheClosedFormLoss() {
        int d = 12, n = 3000;
        double[] lambda = Spectrum.powerLaw(d, 1).values();
        DMatrixRMaj x = Covariance.diagonal(Spectrum.of(lambda)).sample(n, new Rng(4));
        DenoisingLoss loss = DenoisingLoss.edm(7);
        double[] per = loss.perImage(
                (xs, sigma) -> {
                    DMatrixRMaj out = xs.copy();
                    for (int r = 0; r < xs.numRows; r++)
                        for (int k = 0; k < d; k++) out.data[r * d + k] *= lambda[k] / (lambda[k] + sigma * sigma);
                    return out;
                },
                x);
        double[][] lv = loss.levels();
        double expected = 0;
        for (int i = 0; i < lv[0].length; i++) {
            double s2 = lv[0][i] * lv[0][i], m = 0;
            for (double l : lambda) m += l * s2 / (l + s2);
            expected += lv[1][i] * loss.weight(lv[0][i]) * m / d;
        }
        double mean = DenoisingLoss.mean(per), var = 0;
        for (double v : per) var += (v - mean) * (v - mean);
        double se = Math.sqrt(var / (n - 1) / n);
        assertEquals(expected, mean, 5 * se);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 2;
        double[] pc = DenoisingLoss.perClass(per, labels, 3);
        assertEquals(mean, 0.5 * (pc[0] + pc[1]), 1e-12);
        assertEquals(Double.NaN, pc[2]);
    }
}
