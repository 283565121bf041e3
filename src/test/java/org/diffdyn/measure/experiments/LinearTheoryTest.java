package org.diffdyn.measure.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.generalization.EmpiricalModes;
import org.diffdyn.measure.DenoisingLoss;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The linear-theory column of {@code network-generalization}: the expected EDM test loss of W_σ = Σ̂(Σ̂ + σ²)⁻¹,
 * evaluated in closed form from the spectrum of Σ̂ and its overlaps with Σ, against the same denoiser applied as an
 * explicit matrix to fresh samples and scored by {@link DenoisingLoss} (Monte Carlo; within 5 standard errors of the
 * per-image mean). Both N &lt; d (null directions of Σ̂) and N &gt; d.
 */
class LinearTheoryTest {
    @Test
    void closedFormTestLossMatchesAnExplicitDenoiser() {
        int d = 10;
        Covariance sigma = Covariance.randomlyRotated(Spectrum.powerLaw(d, 1), 3);
        for (int n : new int[] {6, 40}) {
            DMatrixRMaj x = sigma.sample(n, new Rng(4 + n));
            DMatrixRMaj hat = DataStats.secondMoment(x);
            EmpiricalModes modes = EmpiricalModes.fromSecondMoment(hat, n, sigma);
            SymmetricEigen e = Dense.eigh(hat);
            DenoisingLoss loss = DenoisingLoss.edm(9);
            DMatrixRMaj held = sigma.sample(6000, new Rng(5));
            double[] per = loss.perImage(
                    (xs, s) -> {
                        DMatrixRMaj w = new DMatrixRMaj(d, d);
                        for (int k = 0; k < d; k++) {
                            double l = Math.max(0, e.value(k)), g = l / (l + s * s);
                            for (int i = 0; i < d; i++)
                                for (int j = 0; j < d; j++) w.data[i * d + j] += g * e.vector(k, i) * e.vector(k, j);
                        }
                        return Dense.multiply(xs, w); // W symmetric: rows x_i W = (W x_i)ᵀ
                    },
                    held);
            double mean = DenoisingLoss.mean(per), var = 0;
            for (double v : per) var += (v - mean) * (v - mean);
            double se = Math.sqrt(var / (per.length - 1) / per.length);
            assertEquals(NetworkGeneralization.linearTestLoss(modes, loss), mean, 5 * se, "N = " + n);
        }
    }
}
