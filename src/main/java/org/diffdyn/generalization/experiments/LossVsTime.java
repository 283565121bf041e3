package org.diffdyn.generalization.experiments;

import static org.diffdyn.generalization.experiments.Support.cells;
import static org.diffdyn.generalization.experiments.Support.drawnMarkers;

import java.util.Arrays;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TauRange;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.generalization.DataDraws;
import org.diffdyn.generalization.DeterministicEquivalent;
import org.diffdyn.generalization.FiniteTimeEquivalent;
import org.diffdyn.generalization.LinearDenoiser;
import org.diffdyn.generalization.LinearDenoiser.LossCurves;
import org.diffdyn.generalization.Training;
import org.diffdyn.plot.PlotSpec;

/**
 * Paper B Figs 3a–f and 4 (B-F3, B-F4): test loss versus training time ητ for N = 0.6d (or any N/d), per power-law
 * exponent k and ridge c, combined over t or at one noise level t; with the ε- and x0-prediction test losses, the
 * converged deterministic-equivalent value (B3) and the early-stopping optimum (sweep and heuristic, B7).
 * Each draw costs one eigendecomposition and O(T n_τ d) after it (§3.5 recipe 3).
 *
 * <p>Typed DSL: {@code lossVsTime().d(1000).k(0, 1, 2).ratios(0.6).draws(5).run()}.
 */
@TypedBuilder(mixins = {LossConventionsSetters.class, TauRange.class})
public final class LossVsTime implements Experiment {
    static final Param<Integer> D = Support.D.withDefault(1000);
    static final Param<double[]> K = Param.reals("k", new double[] {0, 1, 2}, 0, 6, false, "power-law exponents k");
    static final Param<double[]> C = Param.reals("c", new double[] {0}, 0, 100, false, "ridge strengths c");
    static final Param<double[]> RATIOS = Param.reals("ratios", new double[] {0.6}, 0, 1e4, true, "N/d values");
    static final Param<Double> LOG10_TAU_FROM = Support.LOG10_TAU_FROM;
    static final Param<Double> LOG10_TAU_TO = Support.LOG10_TAU_TO;
    static final Param<Integer> POINTS = Support.POINTS;
    static final Param<Integer> T = Param.integer(
            "t",
            0,
            0,
            100_000,
            "noise level t whose loss is shown (0 = combined over all t with the 'average' convention)");
    static final Param<Double> ETA =
            Param.realAbove("eta", 1.0, 0, 1e6, "learning rate eta (gradient flow: only eta*tau matters)");
    static final Param<Training.Dynamics> DYNAMICS = Param.choice(
            "dynamics", Training.Dynamics.FLOW, "gradient flow or discrete gradient descent (tau = steps)");
    static final Param<Integer> DRAWS = Support.DRAWS;
    static final Param<Integer> DE_GRID = Param.integer(
            "de-grid",
            1500,
            0,
            1_000_000,
            "grid points of the finite-time deterministic equivalent (B3 densities); 0 = no DE line");

    public static final Spec SPEC = Spec.of(
                    "loss-vs-time",
                    Paper.B,
                    "Test loss vs training time eta*tau with the early-stopping optimum (Figs 3, 4; B2, B7)",
                    "Per-mode gradient-flow (or GD) closed form B2 of the linear denoisers from W(0) = q I, evaluated on each draw "
                            + "of N samples. Columns: series, k, c, ratio, tau (= eta*tau), drawn_test/drawn_test_sd (eps-prediction "
                            + "test loss, mean and sd over draws), drawn_test_x0/sd ((b_t/a_t) weighted, Fig. 4d-e), drawn_train/sd, "
                            + "theory_converged (DE value at tau = infinity, B3), theory_de (finite-time DE), tau_opt (argmin of the "
                            + "mean curve), tau_heuristic ((d-N)/(2 eta N kappa0), B7).",
                    LossVsTimeBuilder.declaredParams())
            .with(LossConventionsSetters.declaredParams());

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        int d = p.get(D), draws = p.get(DRAWS), step = p.get(T), deGrid = p.get(DE_GRID);
        double[] ks = p.get(K), cs = p.get(C), ratios = p.get(RATIOS);
        DdpmSchedule schedule = Support.schedule(p);
        if (step > schedule.steps())
            throw new ParameterException("t", step, "an integer in [0, steps=" + schedule.steps() + "]");
        double eta = p.get(ETA);
        Training base = new Training(schedule, 0, eta, p.get(DYNAMICS), Support.conventions(p));
        double[] etaTau = Support.etaTaus(p);
        int nt = etaTau.length;
        double[] taus = Arrays.stream(etaTau).map(x -> x / eta).toArray();
        Rows rows = Rows.named("loss-vs-time")
                .text("series")
                .reals("k", "c", "ratio", "tau", "drawn_test", "drawn_test_sd", "drawn_test_x0", "drawn_test_x0_sd")
                .reals("drawn_train", "drawn_train_sd", "theory_converged", "theory_de", "tau_opt", "tau_heuristic");
        long total = (long) ks.length * ratios.length * draws;
        progress.start("loss vs time (" + total + " draws, d=" + d + ")", total);
        DataDraws drawing = new DataDraws(p.seed(), draws, progress::advance);
        double maxRise = 0, worstMass = 0;
        for (double k : ks) {
            Spectrum sp = Spectrum.powerLaw(d, k);
            for (double r : ratios) {
                int n = Support.samples(r, d);
                // Per draw and c: the eps- and x0-prediction test losses and the training loss on the tau grid.
                DataDraws.Values drawn = drawing.measure(sp, n, cs.length, (m, j, ci) -> {
                    Training training = base.withRidge(cs[ci]);
                    LossCurves lc = step == 0
                            ? LinearDenoiser.lossCurves(m, training, taus, Progress.NONE)
                            : LinearDenoiser.lossCurvesAtStep(m, step, training, taus)
                                    .times(1.0 / d);
                    double[] v = Arrays.copyOf(lc.test(), 3 * nt);
                    System.arraycopy(lc.testX0(), 0, v, nt, nt);
                    System.arraycopy(lc.train(), 0, v, 2 * nt, nt);
                    return v;
                });
                DeterministicEquivalent de = new DeterministicEquivalent(sp, n);
                FiniteTimeEquivalent fte = deGrid > 0 && step == 0 ? new FiniteTimeEquivalent(de, deGrid) : null;
                if (fte != null) worstMass = Math.max(worstMass, Math.abs(fte.massErrors()[0]));
                double heuristic = n < d ? de.earlyStoppingHeuristic(eta, 1) * eta : Double.NaN;
                for (int ci = 0; ci < cs.length; ci++) {
                    double c = cs[ci], converged = de.testLoss(schedule, step, c, p.get(LossConventions.AVERAGE));
                    LossCurves deCurves = fte == null ? null : fte.lossCurves(base.withRidge(c), taus, Progress.NONE);
                    double[][] stats = drawn.meanSd(ci); // test, x0 and train: {mean, sd} per tau
                    int best = 0;
                    for (int i = 0; i < nt; i++) if (stats[i][0] < stats[best][0]) best = i;
                    maxRise = Math.max(maxRise, stats[nt - 1][0] / stats[best][0]);
                    double ratio = (double) n / d, tauOpt = etaTau[best];
                    String label = Support.label(k, c) + ", N/d=" + Support.num(ratio);
                    for (int i = 0; i < nt; i++) {
                        double theoryDe = deCurves == null ? Double.NaN : deCurves.test()[i];
                        double[] te = stats[i], x0 = stats[nt + i], tr = stats[2 * nt + i];
                        rows.row(cells(
                                label, k, c, ratio, etaTau[i], te, x0, tr, converged, theoryDe, tauOpt, heuristic));
                    }
                }
            }
        }
        progress.finish();
        String where = step == 0 ? "combined over t" : "at t=" + step;
        String title = "Test loss vs eta*tau (" + where + ", d=" + d + "): mean +- sd over " + draws
                + " draws; converged DE value as line";
        PlotSpec test = drawnMarkers(PlotSpec.of(title, "tau"), "drawn_test").lines("theory_de");
        test.add("theory_converged", PlotSpec.Style.LINES, "converged DE");
        title = "x0-prediction test loss vs eta*tau (" + where + ", Fig. 4d-e)";
        PlotSpec x0 = drawnMarkers(PlotSpec.of(title, "tau"), "drawn_test_x0");
        PlotSpec train = drawnMarkers(PlotSpec.of("Training loss vs eta*tau (" + where + ")", "tau"), "drawn_train");
        result.table(rows.table())
                .plot("test", test.groupBy("series").logXY().labels("eta * tau", "test loss (eps-prediction)"))
                .plot("test-x0", x0.groupBy("series").logXY().labels("eta * tau", "test loss (x0-prediction)"))
                .plot("train", train.groupBy("series").logXY().labels("eta * tau", "training loss"))
                .check("loss.late-rise", "max late-time rise: loss(tau_max)/loss(tau_opt)", maxRise)
                .check("de.mass-error", "finite-time DE: max relative mass error of the density", worstMass);
    }
}
