package org.diffdyn.imbalance.experiments;

import java.util.List;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.MixtureScore;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.GradientFlow;
import org.diffdyn.core.rf.RandomFeatures;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.imbalance.ClassMixture;
import org.diffdyn.imbalance.LearningTimes;
import org.diffdyn.imbalance.RfClassModel;
import org.diffdyn.plot.PlotSpec;
import org.ejml.data.DMatrixRMaj;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Per-class learning curves of the random-features score model on a K-class Gaussian mixture (paper C,
 * random-features-and-ridge.md §3.2/§3.5 DERIVED reconstruction): train loss, test loss and score error per class
 * along gradient-flow training time τ, from one eigendecomposition of U (§5.3), and per-class τ_gen / τ_mem.
 *
 * <p>Theory columns are the closed-form gradient-flow curves. Simulation columns measure the same quantities
 * directly on the trained network A(τ) at a subset of times by Monte Carlo: train loss with fresh noise draws on the
 * training points, test loss and score error on fresh class samples — an independent check of the quadratic-form
 * machinery (exact noise average, Stein's V, the cross term).
 */
public final class ClassLearningCurves implements Experiment {
    static final Param<Double> TAU_MIN = Param.realAbove("tauMin", 1e-3, 0, 1e12, "smallest training time tau");
    static final Param<Double> TAU_MAX = Param.realAbove("tauMax", 1e7, 0, 1e15, "largest training time tau");
    static final Param<Integer> PER_DECADE = Param.integer("perDecade", 40, 2, 1000, "tau grid points per decade (spec: >= 40)");
    static final Param<Integer> SIM_TIMES = Param.integer("simTimes", 12, 0, 200, "training times at which the network is measured by Monte Carlo (0 = none)");
    static final Param<Integer> SIM_DRAWS = Param.integer("simDraws", 16, 1, 10_000, "fresh noise draws per training point for the measured train loss");
    static final Param<Integer> SIM_SAMPLES = Param.integer("simSamples", 2000, 10, 1_000_000, "fresh samples per class for the measured test loss and score error");
    static final Param<Double> GD_STEP = Param.real("gdStep", 0, 0, 0.999,
            "gradient-descent step as a fraction of the stability limit 2/lambda_max (0 = gradient flow only); adds score_error_gd");
    static final Param<Long> SEED = Param.seed(1);

    @Override public String name() { return "class-learning-curves"; }

    @Override public String paper() { return "C"; }

    @Override public String title() { return "Per-class train/test loss and score error of an RF score model on an imbalanced Gaussian mixture"; }

    @Override public String description() {
        return "Random-features score model s_A(x) = A sigma(Wx/sqrt d)/sqrt p at a fixed OU time t, trained by gradient flow "
                + "on n_c = rho_c n points per class (random-features-and-ridge.md sections 3.2, 3.5, 5.3; a DERIVED "
                + "reconstruction of paper C, whose full text was unavailable). Columns: tau, class, theory curves train, test, "
                + "score_error, gap = test - train (closed form from one eigendecomposition of U), and the same measured on the "
                + "trained network by Monte Carlo (train_sim, test_sim, score_error_sim) at simTimes times. Checks: per-class "
                + "tau_gen (relative 5% rule and common absolute threshold), tau_mem (half the asymptotic gap), best score error.";
    }

    @Override public List<Param<?>> params() {
        return List.of(MixtureParams.D, MixtureParams.P, MixtureParams.N, MixtureParams.T, MixtureParams.ACTIVATION,
                MixtureParams.GEOMETRY, MixtureParams.SIGMAS, MixtureParams.NORMS, MixtureParams.RATIOS, MixtureParams.NOISE,
                MixtureParams.DRAWS, MixtureParams.SCORE_SAMPLES, TAU_MIN, TAU_MAX, PER_DECADE, SIM_TIMES, SIM_DRAWS, SIM_SAMPLES, GD_STEP, SEED);
    }

    public static Builder create() { return new Builder(new ClassLearningCurves()); }

    @Override public Builder builder() { return new Builder(this); }

    /** Typed DSL: {@code classLearningCurves().sigmas(1, 0.5).ratios(64, 64).run()}. */
    public static final class Builder extends MixtureBuilder<Builder> {
        Builder(ClassLearningCurves e) { super(e); }
        public Builder n(int n) { return set("n", n); }
        public Builder scoreSamples(int s) { return set("scoreSamples", s); }
        public Builder tauRange(double min, double max) { return set("tauMin", min).set("tauMax", max); }
        public Builder perDecade(int k) { return set("perDecade", k); }
        public Builder simTimes(int k) { return set("simTimes", k); }
        public Builder simDraws(int k) { return set("simDraws", k); }
        public Builder simSamples(int k) { return set("simSamples", k); }
        public Builder gdStep(double fractionOfLimit) { return set("gdStep", fractionOfLimit); }
    }

    @Override public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder result = ExperimentResult.builder(name(), p); // started now: measures the run time
        Rng rng = new Rng(p.seed());
        ClassMixture mix = MixtureParams.mixture(p, rng.split());
        RfClassModel model = RfClassModel.train(mix, MixtureParams.config(p), rng.split(), progress);
        double[] taus = org.diffdyn.core.numeric.Grids.perDecade(p.get(TAU_MIN), p.get(TAU_MAX), p.get(PER_DECADE));
        RfClassModel.LearningCurves lc = model.curves(taus, progress);
        int k = mix.classes();
        // Monte-Carlo measurement of the trained network at a subset of times.
        int simTimes = Math.min(p.get(SIM_TIMES), taus.length);
        double[][][] sim = new double[k][3][taus.length];
        for (double[][] a : sim) for (double[] b : a) java.util.Arrays.fill(b, Double.NaN);
        Rng simRng = rng.split();
        progress.start("measuring the trained network (" + simTimes + " times)", simTimes);
        for (int s = 0; s < simTimes; s++) {
            int j = simTimes == 1 ? taus.length - 1 : (int) Math.round((double) s * (taus.length - 1) / (simTimes - 1));
            DMatrixRMaj a = model.flow().readoutAt(taus[j]);
            double[][] m = measure(model, a, p.get(SIM_DRAWS), p.get(SIM_SAMPLES), simRng.split());
            for (int c = 0; c < k; c++) for (int o = 0; o < 3; o++) sim[c][o][j] = m[c][o];
            progress.advance(s + 1);
        }
        progress.finish();

        IntColumn cls = IntColumn.create("class");
        DoubleColumn tau = DoubleColumn.create("tau"), train = DoubleColumn.create("train"), test = DoubleColumn.create("test"),
                err = DoubleColumn.create("score_error"), gap = DoubleColumn.create("gap"), trainSim = DoubleColumn.create("train_sim"),
                testSim = DoubleColumn.create("test_sim"), errSim = DoubleColumn.create("score_error_sim");
        double maxDev = 0;
        for (int c = 0; c < k; c++) {
            double[] g = lc.gap(c);
            for (int j = 0; j < taus.length; j++) {
                cls.append(c);
                tau.append(taus[j]);
                train.append(lc.train()[c][j]);
                test.append(lc.test()[c][j]);
                err.append(lc.error()[c][j]);
                gap.append(g[j]);
                trainSim.append(sim[c][0][j]);
                testSim.append(sim[c][1][j]);
                errSim.append(sim[c][2][j]);
                if (!Double.isNaN(sim[c][0][j])) {
                    maxDev = Math.max(maxDev, Math.abs(sim[c][0][j] / lc.train()[c][j] - 1));
                    maxDev = Math.max(maxDev, Math.abs(sim[c][1][j] / lc.test()[c][j] - 1));
                    maxDev = Math.max(maxDev, Math.abs(sim[c][2][j] / lc.error()[c][j] - 1));
                }
            }
        }
        Table table = Table.create("class-learning-curves", cls, tau, train, test, err, gap, trainSim, testSim, errSim);
        double gdFraction = p.get(GD_STEP);
        if (gdFraction > 0) {
            // Discrete gradient descent with step η' = f·2/λ_max (gradient-flow units): s = round(τ/η') steps (§5.3 step 5).
            double step = gdFraction * model.flow().maxStableStep();
            long[] stepCounts = new long[taus.length];
            for (int j = 0; j < taus.length; j++) stepCounts[j] = Math.round(taus[j] / step);
            List<org.diffdyn.core.rf.Observable> errs = new java.util.ArrayList<>();
            for (int c = 0; c < k; c++) errs.add(model.scoreError(c));
            double[][] gd = model.flow().descentCurves(errs, step, stepCounts, progress);
            DoubleColumn errGd = DoubleColumn.create("score_error_gd");
            for (int c = 0; c < k; c++) for (int j = 0; j < taus.length; j++) errGd.append(gd[c][j]);
            table.addColumns(errGd);
        }
        ExperimentResult.Builder b = result.table(table)
                .plot(gdFraction > 0
                        ? PlotSpec.of("Per-class score error (lines: gradient flow; line+markers: gradient descent; markers: measured network)", "tau")
                                .lines("score_error").add("score_error_gd", PlotSpec.Style.LINES_AND_MARKERS, "score_error_gd")
                                .markers("score_error_sim").groupBy("class").logX().logY().labels("training time tau", "score error E_c")
                        : PlotSpec.of("Per-class score error (lines: gradient-flow theory; markers: measured network)", "tau")
                                .lines("score_error").markers("score_error_sim").groupBy("class").logX().logY()
                                .labels("training time tau", "score error E_c"))
                .plot(PlotSpec.of("Per-class train and test loss", "tau")
                        .lines("train").lines("test").markers("train_sim").markers("test_sim").groupBy("class").logX()
                        .labels("training time tau", "loss"))
                .plot(PlotSpec.of("Per-class generalisation gap test - train", "tau")
                        .lines("gap").groupBy("class").logX().labels("training time tau", "gap"));
        double[] genRel = LearningTimes.gen(lc, LearningTimes.GenRule.RELATIVE);
        double[] genAbs = LearningTimes.gen(lc, LearningTimes.GenRule.COMMON_ABSOLUTE);
        double[] mem = LearningTimes.mem(lc, LearningTimes.MemRule.HALF_GAP);
        for (int c = 0; c < k; c++) {
            b.check("tau_gen class " + c + " (relative 5%)", genRel[c]);
            b.check("tau_gen class " + c + " (common threshold)", genAbs[c]);
            b.check("tau_mem class " + c + " (half gap)", mem[c]);
            b.check("min score error class " + c, min(lc.error()[c]));
            b.check("n_c class " + c, model.count(c));
        }
        // Spectral proxies 1/λ of the groups of U (§5.3 step 6).
        org.diffdyn.imbalance.SpectrumAnalysis sa = org.diffdyn.imbalance.SpectrumAnalysis.of(model);
        for (org.diffdyn.imbalance.SpectrumAnalysis.Group g : sa.groups()) {
            b.check("1/lambda " + g.name() + " (fastest)", 1 / g.max());
            b.check("1/lambda " + g.name() + " (slowest)", 1 / g.min());
        }
        if (simTimes > 0) b.check("max relative |measured - theory| (train, test, score error)", maxDev);
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
            for (int r = 0; r < nc * draws; r++) for (int j = 0; j < d; j++) x.data[r * d + j] = at * xc.data[(r / draws) * d + j] + sd * xi.data[r * d + j];
            out[c][0] = dsm(rf.score(a, x), xi, sd);
            // Test loss on fresh class samples.
            double[] mu = mix.mean(c);
            double sig = mix.sigma(c);
            DMatrixRMaj z = new DMatrixRMaj(samples, d, true, rng.gaussianMatrix(samples, d));
            DMatrixRMaj xi2 = new DMatrixRMaj(samples, d, true, rng.gaussianMatrix(samples, d));
            DMatrixRMaj x2 = new DMatrixRMaj(samples, d);
            for (int r = 0; r < samples; r++) for (int j = 0; j < d; j++) x2.data[r * d + j] = at * (mu[j] + sig * z.data[r * d + j]) + sd * xi2.data[r * d + j];
            DMatrixRMaj s2 = rf.score(a, x2);
            out[c][1] = dsm(s2, xi2, sd);
            // Score error against the exact mixture score at the same points.
            double[] target = new double[samples * d];
            exact.scores(x2.data, samples, target);
            double e = 0;
            for (int i = 0; i < target.length; i++) { double r = s2.data[i] - target[i]; e += r * r; }
            out[c][2] = e / ((double) samples * d);
        }
        return out;
    }

    private static double dsm(DMatrixRMaj s, DMatrixRMaj xi, double sd) {
        double sum = 0;
        for (int i = 0; i < s.data.length; i++) { double r = sd * s.data[i] + xi.data[i]; sum += r * r; }
        return sum / s.data.length;
    }

    static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) m = Math.min(m, x);
        return m;
    }
}
