package org.diffdyn.generalization.experiments;

import java.util.ArrayList;
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
import org.diffdyn.generalization.Training;
import org.diffdyn.plot.PlotSpec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Paper B Figs 3g–h (B-F3g,h; §3.3 B7): the optimal early-stopping time τ_opt versus the power-law exponent k for
 * several N/d — from a sweep of the mean test-loss curve over a log grid (the §3.4 table uses d = 1000, c = 0, 2
 * draws, 71 points on [1e-1, 1e6]) and from the heuristic (d − N)/(2η a N κ₀) (N &lt; d).
 */
public final class EarlyStoppingVsK implements Experiment {
    public static final Param<Integer> D = Param.integer("d", 1000, 2, 4000, "data dimension (spec table: 1000)");
    public static final Param<double[]> KS = Param.reals("k", new double[] {0, 0.5, 1, 1.5, 2, 3}, 0, 6, false, "power-law exponents k");
    public static final Param<double[]> RATIOS = Param.reals("ratios", new double[] {0.3, 0.6, 0.9, 2}, 0, 1e4, true, "N/d values");
    public static final Param<Double> C = Param.real("c", 0, 0, 100, "ridge c");
    public static final Param<Integer> POINTS = Param.integer("points", 71, 2, 100_000, "log-spaced eta*tau values on [tauMin, tauMax]");
    public static final Param<Double> TAU_MIN = Param.realAbove("tauMin", 0.1, 0, 1e12, "smallest eta*tau");
    public static final Param<Double> TAU_MAX = Param.realAbove("tauMax", 1e6, 0, 1e15, "largest eta*tau");
    public static final Param<Integer> DRAWS = Param.integer("draws", 2, 1, 1000, "training-set draws per point (spec table: 2)");
    public static final Param<Long> SEED = Param.seed(1);

    @Override public String name() { return "early-stopping"; }

    @Override public String paper() { return "B"; }

    @Override public String title() { return "Optimal early-stopping time tau_opt vs k for several N/d (Fig. 3g-h, B7)"; }

    @Override public String description() {
        return "tau_opt = argmin over a log grid of the test loss (combined over t) averaged over draws, gradient flow from "
                + "W(0) = q I. Columns: ratio, k, series, tau_opt (sweep, eta*tau), tau_opt_sd (sd of per-draw argmins), "
                + "heuristic ((d-N)/(2 N kappa0), N < d), min_test, converged_test (tau = infinity), "
                + "grid_step (grid ratio, for the +-1 grid point tolerance).";
    }

    @Override public List<Param<?>> params() {
        return List.of(D, KS, RATIOS, C, POINTS, TAU_MIN, TAU_MAX, DRAWS, Support.T, Support.INDEXING, Support.LOSS_AVERAGE,
                Support.INIT, Support.TRAINING_LOSS, Support.T_SAMPLING, SEED);
    }

    public static Builder create() { return new Builder(new EarlyStoppingVsK()); }

    @Override public Builder builder() { return new Builder(this); }

    /** Typed DSL: {@code earlyStopping().d(1000).k(0, 1, 2, 3).ratios(0.3, 0.6).run()}. */
    public static final class Builder extends ExperimentBuilder<Builder> {
        Builder(EarlyStoppingVsK e) { super(e); }
        public Builder d(int d) { return set(D.name(), d); }
        public Builder k(double... k) { return set(KS.name(), k); }
        public Builder ratios(double... r) { return set(RATIOS.name(), r); }
        public Builder c(double c) { return set(C.name(), c); }
        public Builder tauRange(double lo, double hi, int points) {
            return set(TAU_MIN.name(), lo).set(TAU_MAX.name(), hi).set(POINTS.name(), points);
        }
        public Builder draws(int n) { return set(DRAWS.name(), n); }
        public Builder steps(int t) { return set(Support.T.name(), t); }
    }

    @Override public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder result = ExperimentResult.builder(name(), p); // started now, so elapsed() covers the run
        int d = p.get(D), draws = p.get(DRAWS);
        double[] ks = p.get(KS), ratios = p.get(RATIOS);
        DdpmSchedule schedule = Support.schedule(p);
        Conventions conv = Support.conventions(p);
        Training training = new Training(schedule, p.get(C), 1.0, Training.Dynamics.FLOW, conv);
        if (!(p.get(TAU_MAX) > p.get(TAU_MIN)))
            throw new org.diffdyn.core.ParameterException("tauMax", p.get(TAU_MAX), "a number > tauMin = " + p.get(TAU_MIN));
        double[] grid = EarlyStopping.logGrid(p.get(TAU_MIN), p.get(TAU_MAX), p.get(POINTS));
        double[] withInf = java.util.Arrays.copyOf(grid, grid.length + 1);
        withInf[grid.length] = Double.POSITIVE_INFINITY;
        DoubleColumn rCol = DoubleColumn.create("ratio"), kCol = DoubleColumn.create("k"), opt = DoubleColumn.create("tau_opt"),
                optSd = DoubleColumn.create("tau_opt_sd"), heur = DoubleColumn.create("heuristic"),
                minTest = DoubleColumn.create("min_test"), convTest = DoubleColumn.create("converged_test"),
                stepCol = DoubleColumn.create("grid_step");
        StringColumn series = StringColumn.create("series");
        long total = (long) ratios.length * ks.length * draws;
        progress.start("early stopping (" + total + " draws, d=" + d + ")", total);
        long done = 0;
        double monotoneViolations = 0;
        for (double r : ratios) {
            int n = Support.samples(r, d);
            double prev = 0;
            for (double k : ks) {
                Spectrum sp = Support.powerLaw(d, k);
                List<EmpiricalModes> ms = new ArrayList<>();
                double[] perDrawOpt = new double[draws];
                double[] mean = new double[withInf.length];
                for (int j = 0; j < draws; j++) {
                    EmpiricalModes m = EmpiricalModes.draw(sp, n, Support.drawRng(p.seed(), n, j));
                    ms.add(m);
                    double[] te = org.diffdyn.generalization.LinearDenoiser.lossCurves(m, training, withInf, Progress.NONE).test();
                    int best = 0;
                    for (int i = 0; i < grid.length; i++) {
                        mean[i] += te[i] / draws;
                        if (te[i] < te[best]) best = i;
                    }
                    mean[grid.length] += te[grid.length] / draws;
                    perDrawOpt[j] = Math.log10(grid[best]);
                    progress.advance(++done);
                }
                int best = 0;
                for (int i = 0; i < grid.length; i++) if (mean[i] < mean[best]) best = i;
                double[] ms2 = Support.meanSd(perDrawOpt);
                rCol.append((double) n / d); kCol.append(k); series.append("N/d=" + Support.num((double) n / d));
                opt.append(grid[best]);
                optSd.append(grid[best] * (Math.pow(10, ms2[1]) - 1));
                heur.append(n < d ? new DeterministicEquivalent(sp, n).earlyStoppingHeuristic(1, 1) : Double.NaN);
                minTest.append(mean[best]);
                convTest.append(mean[grid.length]);
                stepCol.append(grid[1] / grid[0]);
                if (grid[best] < prev / (grid[1] / grid[0]) * 0.999) monotoneViolations++;
                prev = Math.max(prev, grid[best]);
            }
        }
        progress.finish();
        Table table = Table.create("early-stopping", rCol, kCol, series, opt, optSd, heur, minTest, convTest, stepCol);
        return result.table(table)
                .plot(PlotSpec.of("Optimal early-stopping time vs k (d=" + d + ", c=" + p.get(C) + "): sweep markers, heuristic lines", "k")
                        .markers("tau_opt").errors("tau_opt_sd").lines("heuristic").groupBy("series").ordered().logY()
                        .labels("power-law exponent k", "eta * tau_opt"))
                .check("decreases of tau_opt in k by more than one grid step", monotoneViolations)
                .build();
    }
}
