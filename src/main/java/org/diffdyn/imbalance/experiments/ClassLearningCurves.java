package org.diffdyn.imbalance.experiments;

import java.util.List;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.MixtureScore;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.RandomFeatures;
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
import org.diffdyn.plot.PlotSpec;
import org.ejml.data.DMatrixRMaj;

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
    static final Param<Double> LOG10_TAU_FROM = MixtureParams.log10TauFrom(-3);
    static final Param<Double> LOG10_TAU_TO = MixtureParams.log10TauTo(7);
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

    static final Spec SPEC = MixtureParams.spec(
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

    /** A ← A − η'(A U + √(p/Δ) Vᵀ): one explicit gradient-descent step on the read-out (gradient-flow time unit). */
    static void descentStep(DMatrixRMaj a, DMatrixRMaj u, DMatrixRMaj scaledVt, double step) {
        DMatrixRMaj grad = Dense.multiply(a, u);
        for (int i = 0; i < grad.data.length; i++) a.data[i] -= step * (grad.data[i] + scaledVt.data[i]);
    }

    @Override
    public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder result = ExperimentResult.builder(this, p); // started now: measures the run time
        Rng rng = new Rng(p.seed());
        ClassMixture mix = MixtureParams.mixture(p, rng.split());
        RfClassModel model = RfClassModel.train(mix, MixtureParams.config(p), rng.split(), progress);
        double[] taus = org.diffdyn.core.numeric.Grids.perDecade(
                Math.pow(10, p.get(LOG10_TAU_FROM)),
                Math.pow(10, p.get(LOG10_TAU_TO)),
                p.get(MixtureParams.Extra.PER_DECADE));
        RfClassModel.LearningCurves lc = model.curves(taus, progress);
        int k = mix.classes();
        // Monte-Carlo measurement of the trained network at a subset of times.
        int simTimes = Math.min(p.get(MC_TIMES), taus.length);
        double[][][] sim = new double[k][3][taus.length];
        for (double[][] a : sim) for (double[] b : a) java.util.Arrays.fill(b, Double.NaN);
        Rng simRng = rng.split();
        progress.start("measuring the trained network (" + simTimes + " times)", simTimes);
        for (int s = 0; s < simTimes; s++) {
            int j = measuredIndex(s, simTimes, taus.length);
            DMatrixRMaj a = model.flow().readoutAt(taus[j]);
            double[][] m = measure(model, a, p.get(MC_DRAWS), p.get(MC_SAMPLES), simRng.split());
            for (int c = 0; c < k; c++) for (int o = 0; o < 3; o++) sim[c][o][j] = m[c][o];
            progress.advance(s + 1);
        }
        progress.finish();
        // A network trained by explicit gradient descent on its read-out, measured by Monte Carlo at the times it
        // reaches.
        int trainedSteps = p.get(TRAINED_STEPS);
        double[][][] trained = new double[k][3][taus.length];
        for (double[][] x : trained) for (double[] y : x) java.util.Arrays.fill(y, Double.NaN);
        double gdFraction = p.get(GD_STEP);
        double worstTrained = 0;
        if (trainedSteps > 0) {
            if (gdFraction == 0)
                throw new ParameterException(
                        "gd-step", 0, "a fraction of the stability limit in (0, 1) when trained-steps > 0");
            double step = gdFraction * model.flow().maxStableStep();
            DMatrixRMaj u = model.trainMoments().u(), vt = new DMatrixRMaj(mix.dimension(), u.numRows);
            org.ejml.dense.row.CommonOps_DDRM.transpose(model.trainMoments().v(), vt);
            org.ejml.dense.row.CommonOps_DDRM.scale(
                    Math.sqrt(u.numRows / OuProcess.h(model.config().t())), vt);
            DMatrixRMaj a = new DMatrixRMaj(mix.dimension(), u.numRows);
            long done = 0;
            Rng trainedRng = rng.split();
            progress.start("gradient descent on the read-out (" + trainedSteps + " steps)", trainedSteps);
            for (int s = 0; s < simTimes; s++) {
                int j = measuredIndex(s, simTimes, taus.length);
                long target = Math.round(taus[j] / step);
                if (target > trainedSteps) break;
                for (; done < target; done++) {
                    descentStep(a, u, vt, step);
                    if ((done & 63) == 0) {
                        progress.advance(done);
                        progress.checkCancelled();
                    }
                }
                double[][] m = measure(model, a, p.get(MC_DRAWS), p.get(MC_SAMPLES), trainedRng.split());
                for (int c = 0; c < k; c++) for (int o = 0; o < 3; o++) trained[c][o][j] = m[c][o];
            }
            progress.finish();
        }

        double[][] gd = null;
        if (gdFraction > 0) {
            // Discrete gradient descent with step η' = f·2/λ_max (gradient-flow units): s = round(τ/η') steps (§5.3
            // step 5).
            double step = gdFraction * model.flow().maxStableStep();
            long[] stepCounts = new long[taus.length];
            for (int j = 0; j < taus.length; j++) stepCounts[j] = Math.round(taus[j] / step);
            List<org.diffdyn.core.rf.Observable> errs = new java.util.ArrayList<>();
            for (int c = 0; c < k; c++) errs.add(model.scoreError(c));
            gd = model.flow().descentCurves(errs, step, stepCounts, progress);
        }
        Rows rows = Rows.named("class-learning-curves")
                .integers("class")
                .reals("tau", "train", "test", "score_error", "gap", "train_mc", "test_mc", "score_error_mc");
        if (gd != null) rows.reals("score_error_gd");
        if (trainedSteps > 0) rows.reals("train_trained", "test_trained", "score_error_trained");
        double maxDev = 0;
        for (int c = 0; c < k; c++) {
            double[] g = lc.gap(c);
            for (int j = 0; j < taus.length; j++) {
                double[] theory = {lc.train()[c][j], lc.test()[c][j], lc.error()[c][j]};
                List<Object> row = new java.util.ArrayList<>(List.of(
                        "class",
                        c,
                        "tau",
                        taus[j],
                        "train",
                        theory[0],
                        "test",
                        theory[1],
                        "score_error",
                        theory[2],
                        "gap",
                        g[j],
                        "train_mc",
                        sim[c][0][j],
                        "test_mc",
                        sim[c][1][j],
                        "score_error_mc",
                        sim[c][2][j]));
                if (gd != null) row.addAll(List.of("score_error_gd", gd[c][j]));
                if (trainedSteps > 0)
                    row.addAll(List.of(
                            "train_trained",
                            trained[c][0][j],
                            "test_trained",
                            trained[c][1][j],
                            "score_error_trained",
                            trained[c][2][j]));
                rows.add(row.toArray());
                for (int o = 0; o < 3 && !Double.isNaN(sim[c][0][j]); o++)
                    maxDev = Math.max(maxDev, Math.abs(sim[c][o][j] / theory[o] - 1));
                if (trainedSteps > 0 && !Double.isNaN(trained[c][2][j]))
                    worstTrained = Math.max(worstTrained, Math.abs(trained[c][2][j] / gd[c][j] - 1));
            }
        }
        PlotSpec errorPlot = PlotSpec.of(
                        "Per-class score error (lines: gradient-flow theory; markers: Monte Carlo on A(tau)"
                                + (gdFraction > 0 ? "; line+markers: gradient descent" : "")
                                + (trainedSteps > 0 ? "; markers: network trained by GD" : "")
                                + ")",
                        "tau")
                .lines("score_error");
        if (gdFraction > 0)
            errorPlot = errorPlot.add("score_error_gd", PlotSpec.Style.LINES_AND_MARKERS, "score_error_gd");
        errorPlot = errorPlot.markers("score_error_mc");
        if (trainedSteps > 0) errorPlot = errorPlot.markers("score_error_trained");
        ExperimentResult.Builder b = result.table(rows.table())
                .plot("score-error", errorPlot.groupBy("class").logXY().labels("training time tau", "score error E_c"))
                .plot(
                        "losses",
                        PlotSpec.of("Per-class train and test loss", "tau")
                                .lines("train", "test")
                                .markers("train_mc", "test_mc")
                                .groupBy("class")
                                .logX()
                                .labels("training time tau", "loss"))
                .plot(
                        "gap",
                        PlotSpec.of("Per-class generalisation gap test - train", "tau")
                                .lines("gap")
                                .groupBy("class")
                                .logX()
                                .labels("training time tau", "gap"));
        double[] genRel = LearningTimes.gen(lc, LearningTimes.GenRule.RELATIVE);
        double[] genAbs = LearningTimes.gen(lc, LearningTimes.GenRule.COMMON_ABSOLUTE);
        double[] mem = LearningTimes.mem(lc, LearningTimes.MemRule.HALF_GAP);
        for (int c = 0; c < k; c++) {
            b.check("tau-gen.relative.class-" + c, "tau_gen class " + c + " (relative 5%)", genRel[c]);
            b.check("tau-gen.common.class-" + c, "tau_gen class " + c + " (common threshold)", genAbs[c]);
            b.check("tau-mem.class-" + c, "tau_mem class " + c + " (half gap)", mem[c]);
            b.check(
                    "min-error.class-" + c,
                    "min score error class " + c,
                    java.util.Arrays.stream(lc.error()[c]).min().orElse(Double.POSITIVE_INFINITY));
        }
        // Spectral proxies 1/λ of the groups of U (§5.3 step 6).
        org.diffdyn.imbalance.SpectrumAnalysis sa = org.diffdyn.imbalance.SpectrumAnalysis.of(model);
        for (org.diffdyn.imbalance.SpectrumAnalysis.Group g : sa.groups()) {
            String key = "proxy." + g.name().replace(' ', '-');
            b.check(key + ".fastest", "1/lambda " + g.name() + " (fastest)", 1 / g.max());
            b.check(key + ".slowest", "1/lambda " + g.name() + " (slowest)", 1 / g.min());
        }
        if (simTimes > 0)
            b.check(
                    "mc.max-deviation",
                    "max relative |Monte Carlo on A(tau) - theory| (train, test, score error)",
                    maxDev);
        if (trainedSteps > 0)
            b.check(
                    "trained.max-deviation",
                    "max relative |score error of the GD-trained network - closed-form GD|",
                    worstTrained);
        return b.build();
    }

    /**
     * Measures per-class train loss (fresh noise on the training points), test loss and score error (fresh class
     * samples) of the network with read-out A, by Monte Carlo.
     */
    static double[][] measure(RfClassModel model, DMatrixRMaj a, int draws, int samples, Rng rng) {
        ClassMixture mix = model.mixture();
        RandomFeatures rf = model.features();
        int k = mix.classes(), d = mix.dimension();
        double t = model.config().t(), at = OuProcess.a(t), delta = OuProcess.h(t), sd = Math.sqrt(delta);
        GaussianMixture.Sample train = model.trainingSet();
        MixtureScore exact = mix.population().atTime(t);
        double[][] out = new double[k][3];
        for (int c = 0; c < k; c++) {
            DMatrixRMaj xc = ClassMixture.rowsOfClass(train, c);
            int nc = xc.numRows;
            // Train loss: (1/d) E‖√Δ s_A(a x + √Δ ξ) + ξ‖² over the class's points and fresh ξ.
            DMatrixRMaj xi = new DMatrixRMaj(nc * draws, d, true, rng.gaussianMatrix(nc * draws, d));
            DMatrixRMaj x = new DMatrixRMaj(nc * draws, d);
            for (int r = 0; r < nc * draws; r++)
                for (int j = 0; j < d; j++)
                    x.data[r * d + j] = at * xc.data[(r / draws) * d + j] + sd * xi.data[r * d + j];
            out[c][0] = dsm(rf.score(a, x), xi, sd);
            // Test loss on fresh class samples.
            double[] mu = mix.mean(c);
            double sig = mix.sigma(c);
            DMatrixRMaj z = new DMatrixRMaj(samples, d, true, rng.gaussianMatrix(samples, d));
            DMatrixRMaj xi2 = new DMatrixRMaj(samples, d, true, rng.gaussianMatrix(samples, d));
            DMatrixRMaj x2 = new DMatrixRMaj(samples, d);
            for (int r = 0; r < samples; r++)
                for (int j = 0; j < d; j++)
                    x2.data[r * d + j] = at * (mu[j] + sig * z.data[r * d + j]) + sd * xi2.data[r * d + j];
            DMatrixRMaj s2 = rf.score(a, x2);
            out[c][1] = dsm(s2, xi2, sd);
            // Score error against the exact mixture score at the same points.
            DMatrixRMaj targetM = new DMatrixRMaj(samples, d);
            exact.scores(x2, targetM);
            double[] target = targetM.data;
            double e = 0;
            for (int i = 0; i < target.length; i++) {
                double r = s2.data[i] - target[i];
                e += r * r;
            }
            out[c][2] = e / ((double) samples * d);
        }
        return out;
    }

    /** The grid index of the s-th of {@code times} measurement times spread evenly over a grid of {@code points}. */
    private static int measuredIndex(int s, int times, int points) {
        return times == 1 ? points - 1 : (int) Math.round((double) s * (points - 1) / (times - 1));
    }

    private static double dsm(DMatrixRMaj s, DMatrixRMaj xi, double sd) {
        double sum = 0;
        for (int i = 0; i < s.data.length; i++) {
            double r = sd * s.data[i] + xi.data[i];
            sum += r * r;
        }
        return sum / s.data.length;
    }
}
