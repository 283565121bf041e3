package org.diffdyn.generalization;

import java.util.Arrays;
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

    /**
     * The sweep's result: the τ grid, the mean test-loss curve (over the grid and any further points, e.g. τ = ∞), the
     * index and value of its minimum on the grid, and each draw's own optimum on the grid.
     */
    public record Sweep(double[] tau, double[] meanTest, int argmin, double[] drawTauOpt) {
        public double tauOpt() {
            return tau[argmin];
        }

        public double minTest() {
            return meanTest[argmin];
        }

        /** The spread of the draws' optima: τ_opt (10^s − 1), s the sample sd of their log10 (the project's error bar). */
        public double tauOptSd() {
            double[] log10 = Arrays.stream(drawTauOpt).map(Math::log10).toArray();
            return tauOpt() * (Math.pow(10, DataDraws.meanSd(log10)[1]) - 1);
        }

        /** The signed distance in grid steps of the optimum from the grid point nearest {@code t} (NaN for NaN). */
        public double gridOffset(double t) {
            return Double.isNaN(t) ? Double.NaN : argmin - Math.round(Math.log(t / tau[0]) / Math.log(tau[1] / tau[0]));
        }
    }

    /** Averages the test-loss curves of the draws and returns the argmin on the grid. */
    public static Sweep sweep(List<EmpiricalModes> draws, Training training, double[] taus, Progress progress) {
        if (draws.isEmpty()) throw new ParameterException("draws", 0, "at least one data draw");
        double[][] curves = new double[draws.size()][];
        for (int j = 0; j < curves.length; j++)
            curves[j] = LinearDenoiser.lossCurves(draws.get(j), training, taus, progress)
                    .test();
        return sweep(curves, taus);
    }

    /**
     * The sweep of given test-loss curves, one per draw, on the grid {@code taus} (a curve may go on past it, e.g. with
     * its τ = ∞ value): their mean, its first minimum on the grid, and each draw's first minimum on the grid.
     */
    public static Sweep sweep(double[][] curves, double[] taus) {
        double[] mean = new double[curves[0].length], drawTauOpt = new double[curves.length];
        for (int j = 0; j < curves.length; j++) {
            for (int k = 0; k < mean.length; k++) mean[k] += curves[j][k] / curves.length;
            drawTauOpt[j] = taus[argmin(curves[j], taus.length)];
        }
        return new Sweep(taus.clone(), mean, argmin(mean, taus.length), drawTauOpt);
    }

    /** The index of the first smallest of the first {@code length} values. */
    private static int argmin(double[] v, int length) {
        int best = 0;
        for (int k = 1; k < length; k++) if (v[k] < v[best]) best = k;
        return best;
    }

    /** The §3.4 τ_opt·η table (QUOTED target: c = 0, d = 1000, 2 draws, 71-point grid on [1e-1, 1e6], ±1 grid point). */
    private static final double[] TABLE_RATIOS = {0.3, 0.6, 0.9, 2.0}, TABLE_KS = {0, 0.5, 1, 1.5, 2, 3};

    private static final double[][] TABLE = {
        {0.79, 1.0, 1.26, 5.0, 50, 7.9e3}, {1.0, 1.0, 1.58, 7.9, 100, 1.26e4},
        {1.0, 1.26, 2.0, 10, 158, 1.58e4}, {1.26, 1.26, 2.5, 15.8, 251, 2.0e4}
    };

    /** The tabled τ_opt·η of §3.4 for (N/d, k), or NaN when the cell is not in the table. */
    public static double tabledTauOpt(double ratio, double k) {
        for (int i = 0; i < TABLE_RATIOS.length; i++)
            for (int j = 0; j < TABLE_KS.length; j++)
                if (Math.abs(ratio - TABLE_RATIOS[i]) < 1e-9 && k == TABLE_KS[j]) return TABLE[i][j];
        return Double.NaN;
    }
}
