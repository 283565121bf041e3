package org.diffdyn.imbalance.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.imbalance.ClassMixture;
import org.diffdyn.imbalance.LearningTimes;
import org.diffdyn.imbalance.RfClassModel;
import org.diffdyn.imbalance.SpectrumAnalysis;
import org.diffdyn.plot.PlotSpec;

/**
 * Per-class learning curves of the random-features score model on a K-class Gaussian mixture (paper C,
 * random-features-and-ridge.md §3.2/§3.5 DERIVED reconstruction): train loss, test loss and score error per class
 * along gradient-flow training time τ, from one eigendecomposition of U (§5.3), and per-class τ_gen / τ_mem.
 *
 * <p>Theory columns are the closed-form gradient-flow curves. Two independent measurements: the {@code *_mc} columns
 * evaluate the network with the closed-form read-out A(τ) by Monte Carlo at a subset of times (train loss with fresh
 * noise draws on the training points, test loss and score error on fresh class samples) — a check of the
 * quadratic-form machinery (exact noise average, Stein's V, the cross term); the {@code *_trained} columns do the same
 * for a network TRAINED by explicit gradient descent on its read-out weights, A ← A − η'(AU + √(p/Δ)Vᵀ) from A = 0
 * (matrix products, no eigendecomposition), at the measurement times it reaches within {@code trained-steps} steps;
 * its theory line is the closed-form GD curve (score_error_gd).
 *
 * <p>Typed DSL: {@code classLearningCurves().sigmas(1, 0.5).ratios(64, 64).run()}.
 */
@TypedBuilder(mixins = MixtureParamsSetters.class)
public final class ClassLearningCurves implements Experiment {
    static final Param<Double> LOG10_TAU_FROM = Param.real("log10-tau-from", -3, -10, 12, "first training time 10^x");
    static final Param<Double> LOG10_TAU_TO = Param.real("log10-tau-to", 7, -10, 15, "last training time 10^x");
    static final Param<Integer> MC_TIMES = Param.integer(
            "mc-times",
            12,
            0,
            200,
            "training times at which the closed-form network is measured by Monte Carlo (0 = none)");
    static final Param<Integer> MC_DRAWS = Param.integer(
            "mc-draws", 16, 1, 10_000, "fresh noise draws per training point for the measured train loss");
    static final Param<Integer> MC_SAMPLES = Param.integer(
            "mc-samples", 2000, 10, 1_000_000, "fresh samples per class for the measured test loss and score error");
    static final Param<Double> GD_STEP = Param.real(
            "gd-step",
            0,
            0,
            0.999,
            "gradient-descent step as a fraction of the stability limit 2/lambda_max (0 = gradient flow only); adds score_error_gd");
    static final Param<Integer> TRAINED_STEPS = Param.integer(
            "trained-steps",
            0,
            0,
            10_000_000,
            "explicit gradient-descent steps on the read-out weights (step gd-step); the trained network is measured by Monte "
                    + "Carlo at the mc-times it reaches (0 = none)");
    static final Param<Integer> N = MixtureParams.Extra.N;
    static final Param<Integer> SCORE_SAMPLES = MixtureParams.Extra.SCORE_SAMPLES;
    static final Param<Integer> PER_DECADE = MixtureParams.Extra.PER_DECADE;

    public static final Spec SPEC = MixtureParams.spec(
            "class-learning-curves",
            "Per-class train/test loss and score error of an RF score model on an imbalanced Gaussian mixture",
            "Random-features score model s_A(x) = A sigma(Wx/sqrt d)/sqrt p at a fixed OU time t, trained by gradient flow "
                    + "on n_c = rho_c n points per class (random-features-and-ridge.md sections 3.2, 3.5, 5.3; a DERIVED "
                    + "reconstruction of paper C, whose full text was unavailable). Columns: tau, class, theory curves train, test, "
                    + "score_error, gap = test - train (closed form from one eigendecomposition of U); train_mc, test_mc, "
                    + "score_error_mc (Monte Carlo on the closed-form read-out A(tau), at mc-times times); with gd-step > 0 "
                    + "score_error_gd (closed-form gradient descent); with trained-steps > 0 train_trained, test_trained, "
                    + "score_error_trained (Monte Carlo on a read-out trained by explicit gradient descent). Checks: per-class "
                    + "tau_gen (relative 5% rule and common absolute threshold), tau_mem (half the asymptotic gap), best score error.",
            ClassLearningCurvesBuilder.declaredParams());

    @Override
    public void run(Params p, ExperimentResult.Builder b, Progress progress) {
        Rng rng = new Rng(p.seed());
        ClassMixture mix = MixtureParams.mixture(p, rng.split());
        RfClassModel.Config config = MixtureParams.config(p, p.get(N), p.get(SCORE_SAMPLES));
        RfClassModel model = RfClassModel.train(mix, config, rng.split(), progress);
        double[] taus = Grids.perDecade(
                Math.pow(10, p.get(LOG10_TAU_FROM)), Math.pow(10, p.get(LOG10_TAU_TO)), p.get(PER_DECADE));
        RfClassModel.LearningCurves lc = model.curves(taus, progress);
        int k = mix.classes(), simTimes = Math.min(p.get(MC_TIMES), taus.length), trainedSteps = p.get(TRAINED_STEPS);
        int[] at = RfClassModel.spreadIndices(taus.length, simTimes);
        RfClassModel.Probe probe = new RfClassModel.Probe(p.get(MC_DRAWS), p.get(MC_SAMPLES));
        double[][][] sim = model.measureFlow(taus, at, probe, rng.split(), progress);
        double gdFraction = p.get(GD_STEP), step = gdFraction * model.flow().maxStableStep();
        String valid = "a fraction of the stability limit in (0, 1) when trained-steps > 0";
        if (trainedSteps > 0 && gdFraction == 0) throw new ParameterException("gd-step", 0, valid);
        double[][][] trained = trainedSteps > 0
                ? model.measureDescent(taus, at, step, trainedSteps, probe, rng.split(), progress)
                : null;
        // Discrete gradient descent with step η' = f·2/λ_max (gradient-flow units) in closed form (§5.3 step 5).
        double[][] gd = gdFraction > 0 ? model.scoreErrorDescent(taus, step, progress) : null;
        Rows rows = Rows.named("class-learning-curves")
                .integers("class")
                .reals("tau", "train", "test", "score_error", "gap", "train_mc", "test_mc", "score_error_mc");
        if (gd != null) rows.reals("score_error_gd");
        if (trained != null) rows.reals("train_trained", "test_trained", "score_error_trained");
        double maxDev = 0, worstTrained = 0;
        for (int c = 0; c < k; c++) {
            double[] gap = lc.gap(c);
            for (int j = 0; j < taus.length; j++) {
                double[] theory = {lc.train()[c][j], lc.test()[c][j], lc.error()[c][j]};
                List<Object> row = new ArrayList<>(List.of(c, taus[j], theory[0], theory[1], theory[2], gap[j]));
                row.addAll(List.of(sim[c][0][j], sim[c][1][j], sim[c][2][j]));
                if (gd != null) row.add(gd[c][j]);
                if (trained != null) row.addAll(List.of(trained[c][0][j], trained[c][1][j], trained[c][2][j]));
                rows.row(row.toArray());
                for (int o = 0; o < 3 && !Double.isNaN(sim[c][0][j]); o++)
                    maxDev = Math.max(maxDev, Math.abs(sim[c][o][j] / theory[o] - 1));
                if (trained != null && !Double.isNaN(trained[c][2][j]))
                    worstTrained = Math.max(worstTrained, Math.abs(trained[c][2][j] / gd[c][j] - 1));
            }
        }
        String errorTitle = "Per-class score error (lines: gradient-flow theory; markers: Monte Carlo on A(tau)"
                + (gd != null ? "; line+markers: gradient descent" : "")
                + (trained != null ? "; markers: network trained by GD" : "")
                + ")";
        PlotSpec errorPlot = vsTau(errorTitle, "score error E_c").lines("score_error");
        if (gd != null) errorPlot.add("score_error_gd", PlotSpec.Style.LINES_AND_MARKERS, "score_error_gd");
        errorPlot.markers("score_error_mc");
        if (trained != null) errorPlot.markers("score_error_trained");
        b.table(rows.table()).plot("score-error", errorPlot.logY());
        PlotSpec losses = vsTau("Per-class train and test loss", "loss").lines("train", "test");
        b.plot("losses", losses.markers("train_mc", "test_mc"));
        b.plot("gap", vsTau("Per-class generalisation gap test - train", "gap").lines("gap"));
        double[] genRel = LearningTimes.gen(lc, LearningTimes.GenRule.RELATIVE);
        double[] genAbs = LearningTimes.gen(lc, LearningTimes.GenRule.COMMON_ABSOLUTE);
        double[] mem = LearningTimes.mem(lc, LearningTimes.MemRule.HALF_GAP);
        for (int c = 0; c < k; c++) {
            b.check("tau-gen.relative.class-" + c, "tau_gen class " + c + " (relative 5%)", genRel[c]);
            b.check("tau-gen.common.class-" + c, "tau_gen class " + c + " (common threshold)", genAbs[c]);
            b.check("tau-mem.class-" + c, "tau_mem class " + c + " (half gap)", mem[c]);
            double minError = Arrays.stream(lc.error()[c]).min().orElse(Double.POSITIVE_INFINITY);
            b.check("min-error.class-" + c, "min score error class " + c, minError);
        }
        // Spectral proxies 1/λ of the groups of U (§5.3 step 6).
        for (SpectrumAnalysis.Group g : SpectrumAnalysis.of(model).groups()) {
            String key = "proxy." + g.name().replace(' ', '-');
            b.check(key + ".fastest", "1/lambda " + g.name() + " (fastest)", 1 / g.max());
            b.check(key + ".slowest", "1/lambda " + g.name() + " (slowest)", 1 / g.min());
        }
        String mcLabel = "max relative |Monte Carlo on A(tau) - theory| (train, test, score error)";
        if (simTimes > 0) b.check("mc.max-deviation", mcLabel, maxDev);
        String trainedLabel = "max relative |score error of the GD-trained network - closed-form GD|";
        if (trained != null) b.check("trained.max-deviation", trainedLabel, worstTrained);
    }

    /** A plot of per-class curves against the training time τ (log axis). */
    private static PlotSpec vsTau(String title, String yLabel) {
        return PlotSpec.of(title, "tau").groupBy("class").logX().labels("training time tau", yLabel);
    }
}
