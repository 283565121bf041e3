package org.diffdyn.spectralbias.experiments;

import static java.lang.Double.NaN;

import java.util.List;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.spectralbias.EmergenceTimes;

/**
 * The parameters paper A's experiments share, declared once so that each key has one meaning, one range and one
 * description everywhere: a training-time range is always given by its log10 exponents ({@code log10-tau-from},
 * {@code log10-tau-to}: 10^x in units of eta*tau) with {@code points} times on the log grid; a variance range by
 * {@code log10-lambda-from}, {@code log10-lambda-to} and {@code modes}. Only the defaults differ between experiments ({@link Param#withDefault}).
 * Also the plot axes and power-law fits several experiments share.
 */
final class SpectralBiasParams {
    private SpectralBiasParams() {}

    static final Param<double[]> LAMBDAS = Param.reals(
            "lambdas",
            new double[] {10, 3, 1, 0.3, 0.1, 0.03, 0.01, 0.001},
            0,
            1e6,
            true,
            "mode variances lambda_k (spec §2.3 trajectory set)");
    /** Aligned initialisation Q; the two-layer and convolution models need Q > 0. */
    static final Param<Double> Q =
            Param.realAbove("q", 0.1, 0, 2, "aligned initialisation Q (Fig. 2: 0.1, Fig. 5: 0.5)");

    static final Param<Double> ETA =
            Param.realAbove("eta", 1.0, 0, 100, "gradient-flow learning rate eta (only eta*tau matters)");
    static final Param<Double> LOG10_TAU_FROM =
            Param.real("log10-tau-from", -4, -10, 8, "first training time 10^x (eta*tau)");
    static final Param<Double> LOG10_TAU_TO =
            Param.real("log10-tau-to", 3, -10, 8, "last training time 10^x (eta*tau)");
    static final Param<Integer> POINTS = Param.integer("points", 100, 2, 1_000_000, "training times on the log grid");
    static final Param<Double> LOG10_LAMBDA_FROM =
            Param.real("log10-lambda-from", -3, -8, 8, "smallest mode variance 10^x");
    static final Param<Double> LOG10_LAMBDA_TO = Param.real("log10-lambda-to", 2, -8, 8, "largest mode variance 10^x");
    static final Param<Integer> MODES = Param.integer("modes", 20, 2, 100_000, "mode variances on the log grid");
    static final Param<Double> SIGMA_MIN =
            Param.realAbove("sigma-min", EdmSchedule.DEFAULT_SIGMA_MIN, 0, 10, "sigma_0, end of sampling");
    static final Param<Double> SIGMA_MAX =
            Param.realAbove("sigma-max", EdmSchedule.DEFAULT_SIGMA_MAX, 0, 1e4, "sigma_T, start of sampling");
    static final Param<Integer> SAMPLER_STEPS =
            Param.integer("sampler-steps", 20, 2, 100_000, "Heun sampler steps (Karras, rho = 7)");

    /** The training times 10^log10-tau-from … 10^log10-tau-to, {@code points} of them. */
    static double[] taus(Params p) {
        return Grids.logspace(p.get(LOG10_TAU_FROM), p.get(LOG10_TAU_TO), p.get(POINTS));
    }

    /** The mode variances 10^log10-lambda-from … 10^log10-lambda-to, {@code modes} of them. */
    static double[] lambdaGrid(Params p) {
        return Grids.logspace(p.get(LOG10_LAMBDA_FROM), p.get(LOG10_LAMBDA_TO), p.get(MODES));
    }

    /**
     * The power law tau* ~ lambda^b fitted to column {@code col} of (lambda, tau*…) rows; with fewer than two tau* > 0
     * none: 0 points and NaN coefficients, so that its prediction is NaN (missing).
     */
    static EmergenceTimes.PowerLawFit fit(List<double[]> rows, int col) {
        if (rows.stream().filter(v -> v[col] > 0).count() < 2) return new EmergenceTimes.PowerLawFit(NaN, NaN, NaN, 0);
        double[] taus = rows.stream().mapToDouble(v -> v[col]).toArray();
        return EmergenceTimes.fit(rows.stream().mapToDouble(v -> v[0]).toArray(), taus);
    }

    /** Generated variance through training, one ordered colour per {@code group} value (λ, depth), log-log. */
    static PlotSpec varianceCurves(String title, String group) {
        return PlotSpec.of(title, "tau")
                .groupBy(group)
                .ordered()
                .logXY()
                .labels("training time eta*tau", "generated variance lambda-tilde_k");
    }

    /** Emergence time against mode variance λ_k, log-log. */
    static PlotSpec emergenceVsLambda(String title) {
        return PlotSpec.of(title, "lambda").logXY().labels("mode variance lambda_k", "emergence time eta*tau*");
    }
}
