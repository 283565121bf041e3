package org.diffdyn.spectralbias.experiments;

import static java.lang.Double.NaN;
import static org.diffdyn.spectralbias.EmergenceTimes.Threshold.GEOMETRIC;
import static org.diffdyn.spectralbias.experiments.SpectralBiasParams.emergenceVsLambda;
import static org.diffdyn.spectralbias.experiments.SpectralBiasParams.varianceCurves;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.spectralbias.DeepLinearDynamics;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.EmergenceTimes.Emergence;
import org.diffdyn.spectralbias.GeneratedVariance;

/**
 * Deep linear denoisers of depth L with aligned, balanced layers (linear-diffusion.md §2.2.6; per-mode ODE DERIVED):
 * generated variance through training for L = 1..4 and the emergence-time exponent per depth. Depth changes the
 * shape of the curves (sigmoidal from a small start) but keeps τ* ∝ λ^{-1}.
 */
@TypedBuilder
public final class DeepLinearCurves implements Experiment {
    public static final Param<double[]> DEPTHS =
            Param.reals("depths", new double[] {1, 2, 3, 4}, 1, 16, false, "network depths L");
    public static final Param<Double> LOG10_LAMBDA_FROM = SpectralBiasParams.LOG10_LAMBDA_FROM.withDefault(-2.0);
    public static final Param<Double> LOG10_LAMBDA_TO = SpectralBiasParams.LOG10_LAMBDA_TO.withDefault(1.0);
    public static final Param<Integer> MODES = SpectralBiasParams.MODES.withDefault(7);
    public static final Param<Double> Q = SpectralBiasParams.Q;
    public static final Param<Double> LOG10_TAU_FROM = SpectralBiasParams.LOG10_TAU_FROM.withDefault(-3.0);
    public static final Param<Double> LOG10_TAU_TO = SpectralBiasParams.LOG10_TAU_TO;
    public static final Param<Integer> POINTS = Param.integer(
            "points", 80, 2, 10_000, "training times on the log grid (emergence times are interpolated on it)");
    public static final Param<Integer> PANELS =
            Param.integer("panels", 24, 2, 4096, "16-point Gauss-Legendre panels in ln sigma");
    static final Param<Double> ETA = SpectralBiasParams.ETA;

    public static final Spec SPEC = Spec.of(
            "deep-linear",
            Paper.A,
            "Deep linear denoisers: generated variance and emergence exponent vs depth",
            "Per-mode product gain s(sigma, tau) from s' = -2 eta L (m s - lambda) s^(2-2/L) (DERIVED), generated variance by the "
                    + "boxed integral (DERIVED). Columns: depth, lambda, tau, theory (lambda-tilde), tau_star (geometric threshold, exact) on "
                    + "the rows with tau missing, interpolated on the grid. Checks: slope of tau* vs lambda per depth.",
            DeepLinearCurvesBuilder.declaredParams());

    @Override
    public void run(Params p, ExperimentResult.Builder b, Progress progress) {
        double[] lambdas = SpectralBiasParams.lambdaGrid(p), taus = SpectralBiasParams.taus(p), depths = p.get(DEPTHS);
        double q = p.get(Q), eta = p.get(ETA), s0 = EdmSchedule.DEFAULT_SIGMA_MIN, sT = EdmSchedule.DEFAULT_SIGMA_MAX;
        double init = GeneratedVariance.initialLog(q, s0, sT);
        Rows rows = Rows.named(name()).integers("depth").reals("lambda", "tau", "theory", "tau_star");
        progress.start("deep linear", (long) depths.length * lambdas.length);
        int done = 0;
        for (double dv : depths) {
            int l = (int) Math.round(dv);
            List<double[]> increasing = new ArrayList<>();
            for (double lambda : lambdas) {
                double[] g = DeepLinearDynamics.generatedLog(lambda, q, eta, l, taus, s0, sT, p.get(PANELS));
                for (int j = 0; j < taus.length; j++) rows.row(l, lambda, taus[j], Math.exp(g[j]), NaN);
                // emergence on the computed trajectory, from the true τ = 0 value (geometric threshold)
                Emergence e = EmergenceTimes.firstCrossingInterpolated(taus, g, init, lambda, GEOMETRIC);
                rows.row(l, lambda, NaN, NaN, e.tau());
                if (e.increasing()) increasing.add(new double[] {lambda, e.tau()});
                progress.advance(++done);
            }
            EmergenceTimes.PowerLawFit f = SpectralBiasParams.fit(increasing, 1);
            if (f.points() >= 2) b.check("slope.depth-" + l, "slope tau* ~ lambda^b, depth " + l, f.slope());
        }
        progress.finish();
        String variance = "Deep linear: generated variance through training (one colour per depth and lambda)";
        b.table(rows.table())
                .plot("variance", varianceCurves(variance, "depth").lines("theory"))
                .plot(
                        "emergence-times",
                        emergenceVsLambda("Deep linear: emergence time vs variance per depth")
                                .markers("tau_star")
                                .groupBy("depth")
                                .ordered())
                .check("initial-variance", "initial variance (tau=0)", Math.exp(init));
    }
}
