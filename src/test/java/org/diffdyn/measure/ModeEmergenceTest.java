package org.diffdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.EmergenceTimes.Direction;
import org.diffdyn.spectralbias.EmergenceTimes.Emergence;
import org.diffdyn.spectralbias.EmergenceTimes.PowerLawFit;
import org.diffdyn.spectralbias.EmergenceTimes.Threshold;
import org.diffdyn.spectralbias.GeneratedVariance;
import org.diffdyn.spectralbias.LossWeighting;
import org.junit.jupiter.api.Test;

/**
 * Emergence curves synthesized from the linear theory, recorded at "checkpoint steps" = c·τ, must give back the
 * theory's slope and the clock factor c. The only error is the checkpoint grid: the measured crossing is the first
 * checkpoint past the exact one, so ln step*_k − ln(c τ*_k) ∈ [0, h) with h the grid spacing in ln τ. Writing
 * e_k = h/2 + r_k with |r_k| ≤ h/2, the OLS slope moves by Σ(x_k − x̄)r_k / Σ(x_k − x̄)² (x = ln λ), so
 * |Δb| ≤ (h/2)·Σ|x_k − x̄| / Σ(x_k − x̄)²: the bound is computed from the modes actually fitted, not tuned.
 */
class ModeEmergenceTest {
    static final double C = 250; // steps per unit of theory time
    static final double S0 = EdmSchedule.DEFAULT_SIGMA_MIN, ST = EdmSchedule.DEFAULT_SIGMA_MAX;

    @Test
    void oneLayerCurvesRecoverTheirSlopeAndClock() {
        double[] lambdas = org.diffdyn.core.numeric.Grids.logspace(-2, 1.5, 14);
        double[] taus = org.diffdyn.core.numeric.Grids.logspace(-5, 5, 251); // 25 per decade
        double q = 0.1;
        double[][] log = GeneratedVariance.oneLayerLog(lambdas, q, 1, taus, S0, ST);
        double[][] variances = new double[taus.length][lambdas.length];
        double[] steps = new double[taus.length];
        for (int j = 0; j < taus.length; j++) {
            steps[j] = C * taus[j];
            for (int k = 0; k < lambdas.length; k++) variances[j][k] = Math.exp(log[j][k]);
        }
        check(lambdas, taus, steps, variances, (k, t) -> GeneratedVariance.oneLayerLog(lambdas[k], q, 1, t, S0, ST));
    }

    @Test
    void edmSharedCurvesRecoverTheirSlopeAndClock() {
        double[] lambdas = org.diffdyn.core.numeric.Grids.logspace(-1.5, 1, 7);
        double[] taus = org.diffdyn.core.numeric.Grids.logspace(-3, 5, 161); // 20 per decade
        LossWeighting.SharedLinear edm = LossWeighting.SharedLinear.edm();
        double[][] variances = new double[taus.length][lambdas.length];
        double[] steps = new double[taus.length];
        for (int j = 0; j < taus.length; j++) {
            steps[j] = C * taus[j];
            for (int k = 0; k < lambdas.length; k++)
                variances[j][k] = Math.exp(edm.generatedLog(lambdas[k], 0, 1, taus[j], S0, ST, 32));
        }
        check(lambdas, taus, steps, variances, (k, t) -> edm.generatedLog(lambdas[k], 0, 1, t, S0, ST, 32));
    }

    interface LogVariance {
        double at(int mode, double tau);
    }

    /**
     * The exact crossing (root finding, {@link EmergenceTimes#exact}) of the threshold that the measured procedure
     * uses: between the first checkpoint's value and λ.
     */
    static Emergence[] reference(double[] lambdas, double[] taus, double[][] variances, LogVariance f) {
        Emergence[] out = new Emergence[lambdas.length];
        for (int k = 0; k < lambdas.length; k++) {
            int kk = k;
            out[k] = EmergenceTimes.exact(
                    t -> f.at(kk, t),
                    Math.log(variances[0][k]),
                    lambdas[k],
                    Threshold.HARMONIC,
                    taus[0],
                    taus[taus.length - 1]);
        }
        return out;
    }

    private static void check(double[] lambdas, double[] taus, double[] steps, double[][] variances, LogVariance f) {
        double h = Math.log(taus[1] / taus[0]);
        Emergence[] theory = reference(lambdas, taus, variances, f);
        Emergence[] measured = ModeEmergence.measure(
                steps, variances, lambdas, Threshold.HARMONIC, ModeEmergence.NETWORK_SMOOTHING, 0);
        Map<Direction, PowerLawFit> fm = ModeEmergence.fits(lambdas, measured),
                ft = ModeEmergence.fits(lambdas, theory);
        assertTrue(fm.containsKey(Direction.INCREASE), "increase branch present");
        for (Direction dir : fm.keySet()) {
            double sx = 0, sxx = 0, sabs = 0;
            int n = 0;
            for (int k = 0; k < lambdas.length; k++)
                if (measured[k].direction() == dir && measured[k].found()) {
                    sx += Math.log(lambdas[k]);
                    n++;
                }
            double mean = sx / n;
            for (int k = 0; k < lambdas.length; k++)
                if (measured[k].direction() == dir && measured[k].found()) {
                    double x = Math.log(lambdas[k]) - mean;
                    sxx += x * x;
                    sabs += Math.abs(x);
                }
            double bound = h / 2 * sabs / sxx;
            assertEquals(ft.get(dir).slope(), fm.get(dir).slope(), bound + 1e-9, dir + " slope");
        }
        for (int k = 0; k < lambdas.length; k++) {
            if (!theory[k].found()) continue;
            double e = Math.log(measured[k].tau() / (C * theory[k].tau()));
            assertTrue(e >= -1e-9 && e < h + 1e-9, "mode " + k + " grid error " + e + " outside [0, " + h + ")");
        }
        double scale = ModeEmergence.timeScale(measured, theory);
        assertTrue(scale >= C * (1 - 1e-9) && scale < C * Math.exp(h), "clock " + scale);
    }
}
