package org.diffdyn.generalization.experiments;

import java.util.List;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.generalization.Conventions;
import org.diffdyn.generalization.DeterministicEquivalent;
import org.diffdyn.generalization.EarlyStopping;
import org.diffdyn.generalization.EmpiricalModes;
import org.diffdyn.generalization.LinearDenoiser;
import org.diffdyn.generalization.Training;
import org.diffdyn.plot.PlotSpec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Paper B Figs 3a–f and 4 (B-F3, B-F4): test loss versus training time ητ for N = 0.6d (or any N/d), per power-law
 * exponent k and ridge c, combined over t or at one noise level t; with the ε- and x0-prediction test losses, the
 * converged deterministic-equivalent value (B3) and the early-stopping optimum (sweep and heuristic, B7).
 * Each draw costs one eigendecomposition and O(T n_τ d) after it (§3.5 recipe 3).
 */
public final class LossVsTime implements Experiment {
    public static final Param<Integer> D = Param.integer("d", 1000, 2, 4000, "data dimension (paper: 1000)");
    public static final Param<double[]> KS = Param.reals("k", new double[] {0, 1, 2}, 0, 6, false, "power-law exponents k");
    public static final Param<double[]> CS = Param.reals("c", new double[] {0}, 0, 100, false, "ridge strengths c");
    public static final Param<double[]> RATIOS = Param.reals("ratios", new double[] {0.6}, 0, 1e4, true, "N/d values");
    public static final Param<Double> TAU_MIN = Param.realAbove("tauMin", 0.1, 0, 1e12, "smallest eta*tau");
    public static final Param<Double> TAU_MAX = Param.realAbove("tauMax", 1e6, 0, 1e15, "largest eta*tau");
    public static final Param<Integer> POINTS = Param.integer("points", 71, 2, 100_000, "log-spaced training times");
    public static final Param<Integer> STEP = Param.integer("t", 0, 0, 100_000,
            "noise level t whose loss is shown (0 = combined over all t with the 'average' convention)");
    public static final Param<Double> ETA = Param.realAbove("eta", 1.0, 0, 1e6, "learning rate eta (gradient flow: only eta*tau matters)");
    public static final Param<String> DYNAMICS = Param.choice("dynamics", "flow", "gradient flow or discrete gradient descent (tau = steps)",
            "flow", "descent");
    public static final Param<Integer> DRAWS = Param.integer("draws", 5, 1, 1000, "training-set draws (paper: 5)");
    public static final Param<Integer> DE_GRID = Param.integer("deGrid", 1500, 0, 1_000_000,
            "grid points of the finite-time deterministic equivalent (B3 densities); 0 = no DE line");
    public static final Param<Long> SEED = Param.seed(1);

    @Override public String name() { return "loss-vs-time"; }

    @Override public String paper() { return "B"; }

    @Override public String title() { return "Test loss vs training time eta*tau with the early-stopping optimum (Figs 3, 4; B2, B7)"; }

    @Override public String description() {
        return "Per-mode gradient-flow (or GD) closed form B2 of the linear denoisers from W(0) = q I, per draw of N "
                + "samples. Columns: series, k, c, ratio, tau (= eta*tau), sim_test/sim_test_sd (eps-prediction test "
                + "loss), sim_test_x0/sd ((b_t/a_t) weighted, Fig. 4d-e), sim_train/sd, theory_converged (DE value at "
                + "tau = infinity, B3), tau_opt (argmin of the mean curve), tau_heuristic ((d-N)/(2 eta N kappa0), B7).";
    }

    @Override public List<Param<?>> params() {
        return List.of(D, KS, CS, RATIOS, TAU_MIN, TAU_MAX, POINTS, STEP, ETA, DYNAMICS, DRAWS, DE_GRID, Support.T, Support.INDEXING,
                Support.LOSS_AVERAGE, Support.INIT, Support.TRAINING_LOSS, Support.T_SAMPLING, SEED);
    }

    public static Builder create() { return new Builder(new LossVsTime()); }

    @Override public Builder builder() { return new Builder(this); }

    /** Typed DSL: {@code lossVsTime().d(1000).k(0, 1, 2).ratios(0.6).draws(5).run()}. */
    public static final class Builder extends ExperimentBuilder<Builder> {
        Builder(LossVsTime e) { super(e); }
        public Builder d(int d) { return set(D.name(), d); }
        public Builder k(double... k) { return set(KS.name(), k); }
        public Builder c(double... c) { return set(CS.name(), c); }
        public Builder ratios(double... r) { return set(RATIOS.name(), r); }
        public Builder tauRange(double lo, double hi, int points) {
            return set(TAU_MIN.name(), lo).set(TAU_MAX.name(), hi).set(POINTS.name(), points);
        }
        public Builder atStep(int t) { return set(STEP.name(), t); }
        public Builder eta(double eta) { return set(ETA.name(), eta); }
        public Builder dynamics(String how) { return set(DYNAMICS.name(), how); }
        public Builder draws(int n) { return set(DRAWS.name(), n); }
        public Builder steps(int t) { return set(Support.T.name(), t); }
        public Builder q(double q) { return set(Support.INIT.name(), q); }
        public Builder deGrid(int points) { return set(DE_GRID.name(), points); }
    }

    @Override public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder result = ExperimentResult.builder(name(), p); // started now, so elapsed() covers the run
        int d = p.get(D), draws = p.get(DRAWS), step = p.get(STEP);
        double[] ks = p.get(KS), cs = p.get(CS), ratios = p.get(RATIOS);
        DdpmSchedule schedule = Support.schedule(p);
        if (step > schedule.steps())
            throw new org.diffdyn.core.ParameterException("t", step, "an integer in [0, T=" + schedule.steps() + "]");
        Conventions conv = Support.conventions(p);
        double eta = p.get(ETA);
        Training.Dynamics dyn = p.get(DYNAMICS).equals("descent") ? Training.Dynamics.DESCENT : Training.Dynamics.FLOW;
        if (!(p.get(TAU_MAX) > p.get(TAU_MIN)))
            throw new org.diffdyn.core.ParameterException("tauMax", p.get(TAU_MAX), "a number > tauMin = " + p.get(TAU_MIN));
        double[] etaTau = org.diffdyn.core.numeric.Grids.geometric(p.get(TAU_MIN), p.get(TAU_MAX), p.get(POINTS));
        double[] taus = new double[etaTau.length];
        for (int i = 0; i < taus.length; i++) taus[i] = etaTau[i] / eta;

        StringColumn series = StringColumn.create("series");
        DoubleColumn kCol = DoubleColumn.create("k"), cCol = DoubleColumn.create("c"), rCol = DoubleColumn.create("ratio"),
                tauCol = DoubleColumn.create("tau"), te = DoubleColumn.create("sim_test"), teSd = DoubleColumn.create("sim_test_sd"),
                x0 = DoubleColumn.create("sim_test_x0"), x0Sd = DoubleColumn.create("sim_test_x0_sd"),
                tr = DoubleColumn.create("sim_train"), trSd = DoubleColumn.create("sim_train_sd"),
                conv0 = DoubleColumn.create("theory_converged"), deCol = DoubleColumn.create("theory_de"), opt = DoubleColumn.create("tau_opt"),
                heur = DoubleColumn.create("tau_heuristic");
        long total = (long) ks.length * ratios.length * draws;
        progress.start("loss vs time (" + total + " draws, d=" + d + ")", total);
        long done = 0;
        double maxRise = 0, worstMass = 0;
        for (double k : ks) {
            Spectrum sp = Support.powerLaw(d, k);
            for (double r : ratios) {
                int n = Support.samples(r, d);
                double[][][] curves = new double[cs.length][3][];
                double[][][] perDraw = new double[cs.length][3][taus.length * draws];
                for (int j = 0; j < draws; j++) {
                    EmpiricalModes m = EmpiricalModes.draw(sp, n, Support.drawRng(p.seed(), n, j));
                    for (int ci = 0; ci < cs.length; ci++) {
                        Training training = new Training(schedule, cs[ci], eta, dyn, conv);
                        LinearDenoiser.LossCurves lc = step == 0 ? LinearDenoiser.lossCurves(m, training, taus, Progress.NONE)
                                : LinearDenoiser.lossCurvesAtStep(m, step, training, taus);
                        double f = step == 0 ? 1 : 1.0 / d;
                        for (int i = 0; i < taus.length; i++) {
                            perDraw[ci][0][j * taus.length + i] = lc.test()[i] * f;
                            perDraw[ci][1][j * taus.length + i] = lc.testX0()[i] * f;
                            perDraw[ci][2][j * taus.length + i] = lc.train()[i] * f;
                        }
                    }
                    progress.advance(++done);
                }
                DeterministicEquivalent de = new DeterministicEquivalent(sp, n);
                int deGrid = p.get(DE_GRID);
                org.diffdyn.generalization.FiniteTimeEquivalent fte = deGrid > 0 && step == 0
                        ? new org.diffdyn.generalization.FiniteTimeEquivalent(de, deGrid) : null;
                if (fte != null) worstMass = Math.max(worstMass, Math.abs(fte.massErrors()[0]));
                double heuristic = n < d ? de.earlyStoppingHeuristic(eta, 1) * eta : Double.NaN;
                for (int ci = 0; ci < cs.length; ci++) {
                    double c = cs[ci];
                    double converged = Double.NaN;
                    if (c > 0 || n != d) converged = step == 0 ? de.testLoss(schedule, c, conv.lossAverage())
                            : de.testLoss(schedule.a(step), schedule.b(step), c) / d;
                    double[] deCurve = fte == null ? null
                            : fte.lossCurves(new Training(schedule, c, eta, dyn, conv), taus, Progress.NONE).test();
                    double[] mean = new double[taus.length];
                    double[][] stats = new double[3 * taus.length][];
                    for (int q = 0; q < 3; q++) {
                        for (int i = 0; i < taus.length; i++) {
                            double[] v = new double[draws];
                            for (int j = 0; j < draws; j++) v[j] = perDraw[ci][q][j * taus.length + i];
                            stats[q * taus.length + i] = Support.meanSd(v);
                        }
                    }
                    int best = 0;
                    for (int i = 0; i < taus.length; i++) {
                        mean[i] = stats[i][0];
                        if (mean[i] < mean[best]) best = i;
                    }
                    maxRise = Math.max(maxRise, mean[taus.length - 1] / mean[best]);
                    String label = Support.label(k, c) + ", N/d=" + Support.num((double) n / d);
                    for (int i = 0; i < taus.length; i++) {
                        series.append(label); kCol.append(k); cCol.append(c); rCol.append((double) n / d); tauCol.append(etaTau[i]);
                        te.append(stats[i][0]); teSd.append(stats[i][1]);
                        x0.append(stats[taus.length + i][0]); x0Sd.append(stats[taus.length + i][1]);
                        tr.append(stats[2 * taus.length + i][0]); trSd.append(stats[2 * taus.length + i][1]);
                        conv0.append(converged); deCol.append(deCurve == null ? Double.NaN : deCurve[i]); opt.append(etaTau[best]); heur.append(heuristic);
                    }
                }
            }
        }
        progress.finish();
        Table table = Table.create("loss-vs-time", series, kCol, cCol, rCol, tauCol, te, teSd, x0, x0Sd, tr, trSd, conv0, deCol, opt, heur);
        String where = step == 0 ? "combined over t" : "at t=" + step;
        return result.table(table)
                .plot(PlotSpec.of("Test loss vs eta*tau (" + where + ", d=" + d + "): mean +- sd over " + draws
                                + " draws; converged DE value as line", "tau")
                        .markers("sim_test").errors("sim_test_sd").lines("theory_de").add("theory_converged", PlotSpec.Style.LINES, "converged DE").groupBy("series").logX().logY()
                        .labels("eta * tau", "test loss (eps-prediction)"))
                .plot(PlotSpec.of("x0-prediction test loss vs eta*tau (" + where + ", Fig. 4d-e)", "tau")
                        .markers("sim_test_x0").errors("sim_test_x0_sd").groupBy("series").logX().logY()
                        .labels("eta * tau", "test loss (x0-prediction)"))
                .plot(PlotSpec.of("Training loss vs eta*tau (" + where + ")", "tau")
                        .markers("sim_train").errors("sim_train_sd").groupBy("series").logX().logY()
                        .labels("eta * tau", "training loss"))
                .check("max late-time rise: loss(tau_max)/loss(tau_opt)", maxRise)
                .check("finite-time DE: max relative mass error of the density", worstMass)
                .build();
    }
}
