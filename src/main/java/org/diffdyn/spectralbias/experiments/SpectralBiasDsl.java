package org.diffdyn.spectralbias.experiments;

import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.experiment.Dsl;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.GeneratedVariance;
import org.diffdyn.spectralbias.TwoLayerDynamics;

/**
 * Paper A's DSL entry points (imported statically in notebooks): one typed builder per experiment, e.g.
 * {@code emergenceTimes().qs(0.1, 0.5, 1).threshold(EmergenceTimeScaling.Thresholds.GEOMETRIC).run()}, plus the closed forms a reader most often
 * wants to evaluate directly.
 */
@Dsl
public final class SpectralBiasDsl extends SpectralBiasDslEntries {
    private SpectralBiasDsl() {}

    private static final double S0 = EdmSchedule.DEFAULT_SIGMA_MIN, ST = EdmSchedule.DEFAULT_SIGMA_MAX;

    /** Prop. 4.2: the one-layer generated variance λ̃(τ) with the paper's σ range 0.002 → 80. */
    public static double oneLayerGeneratedVariance(double lambda, double q, double eta, double tau) {
        return GeneratedVariance.oneLayer(lambda, q, eta, tau, S0, ST);
    }

    /** Prop. 5.1: the symmetric two-layer generated variance λ̃(τ). */
    public static double twoLayerGeneratedVariance(double lambda, double q, double eta, double tau) {
        return Math.exp(TwoLayerDynamics.generatedLog(lambda, q, eta, tau, S0, ST));
    }

    /** Exact one-layer emergence time at the geometric threshold. */
    public static double oneLayerEmergenceTime(double lambda, double q, double eta) {
        return EmergenceTimes.oneLayer(lambda, q, eta, EmergenceTimes.Threshold.GEOMETRIC, S0, ST)
                .tau();
    }

    /** numpy-style logspace(from, to, n). */
    public static double[] logspace(double from, double to, int n) {
        return Grids.logspace(from, to, n);
    }
}
