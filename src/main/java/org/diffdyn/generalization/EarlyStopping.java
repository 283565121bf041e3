package org.diffdyn.generalization;

import java.util.List;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;

/**
 * Optimal early stopping (linear-diffusion.md §3.3 B7, DERIVED): the training time τ_opt that minimises the test
 * loss (combined over t) — by a sweep over a τ grid, averaging the loss curves of several data draws, or by the
 * heuristic τ_opt ≈ (d − N)/(2η a N κ₀) of {@link DeterministicEquivalent#earlyStoppingHeuristic}.
 */
public final class EarlyStopping {
    private EarlyStopping() {}

    /** The sweep's result: the τ grid, the mean test-loss curve, the index and value of its minimum. */
    public record Sweep(double[] tau, double[] meanTest, int argmin) {
        public double tauOpt() {
            return tau[argmin];
        }

        public double minTest() {
            return meanTest[argmin];
        }
    }

    /** Averages the test-loss curves of the draws and returns the argmin on the grid. */
    public static Sweep sweep(List<EmpiricalModes> draws, Training training, double[] taus, Progress progress) {
        if (draws.isEmpty()) throw new ParameterException("draws", 0, "at least one data draw");
        double[] mean = new double[taus.length];
        for (EmpiricalModes m : draws) {
            double[] te = LinearDenoiser.lossCurves(m, training, taus, progress).test();
            for (int k = 0; k < taus.length; k++) mean[k] += te[k] / draws.size();
        }
        int best = 0;
        for (int k = 1; k < taus.length; k++) if (mean[k] < mean[best]) best = k;
        return new Sweep(taus.clone(), mean, best);
    }
}
