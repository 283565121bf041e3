package org.diffdyn.generalization.experiments;

import static org.diffdyn.generalization.experiments.Support.MISSING;
import static org.diffdyn.generalization.experiments.Support.cells;
import static org.diffdyn.generalization.experiments.Support.label;
import static org.diffdyn.generalization.experiments.Support.theoryAndDrawn;

import java.util.Arrays;
import java.util.TreeSet;
import org.diffdyn.core.numeric.Grids;
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
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.generalization.Conventions;
import org.diffdyn.generalization.DataDraws;
import org.diffdyn.generalization.DeterministicEquivalent;
import org.diffdyn.generalization.FiniteTimeEquivalent;
import org.diffdyn.generalization.LinearDenoiser;
import org.diffdyn.generalization.LinearDenoiser.LossCurves;
import org.diffdyn.generalization.Training;
import org.diffdyn.plot.PlotSpec;

/**
 * Paper B Fig. 1h (B-F1h): converged train and test loss of the linear diffusion model versus N/d for power-law
 * spectra λ_ν ∝ ν^{-k} and ridges c — deterministic-equivalent lines (B3, DERIVED) over points from drawn data (mean ±
 * sd over draws; each draw's loss is the exact noise expectation of B1–B2 given its Σ̂: a closed form evaluated on
 * drawn training sets, columns drawn_*). Also the excess risk of B6.
 *
 * <p>Typed DSL: {@code lossVsN().d(100).k(0, 1, 2).c(1e-4, 1e-2).draws(5).run()}.
 */
@TypedBuilder(mixins = LossConventionsSetters.class)
public final class LossVsN implements Experiment {
    static final Param<Integer> D = Support.D;
    static final Param<double[]> K = Param.reals("k", new double[] {0, 1, 2}, 0, 6, false, "power-law exponents k");
    static final Param<double[]> C = Param.reals("c", new double[] {1e-4, 1e-2}, 0, 100, false, "ridge strengths c");
    static final Param<double[]> RATIOS = Param.reals(
            "ratios", new double[] {0.25, 0.5, 1, 2, 4, 10}, 0, 1e4, true, "N/d values with drawn training sets");
    static final Param<Integer> THEORY_POINTS = Param.integer(
            "theory-points",
            25,
            0,
            1000,
            "extra log-spaced N/d values (over the drawn range) where only the theory line is evaluated");
    static final Param<Double> TAU = Support.tau(
            "training time eta*tau (0 = converged, tau = infinity; finite values use the finite-time DE densities)");
    static final Param<Integer> DRAWS = Support.DRAWS;

    public static final Spec SPEC = Spec.of(
                    "loss-vs-n",
                    Paper.B,
                    "Train and test loss vs N/d for power-law spectra and ridge c (Fig. 1h, B1-B3)",
                    "Linear eps-prediction denoisers W_t, one per DDPM step, trained on N samples from N(0, Sigma) with "
                            + "lambda_nu ~ nu^-k (Tr Sigma/d = 1) and ridge c. Columns: k, c, series, ratio = N/d, N, theory_test and "
                            + "theory_train (deterministic equivalents B3, DERIVED), theory_excess, population (N = infinity), "
                            + "drawn_test/drawn_train (the exact losses B1-B2 given each drawn Sigma^, mean over draws) with *_sd, "
                            + "drawn_excess (B6 excess risk) with sd. Losses combined over t with the 'average' convention (default "
                            + "per dimension, mean over t). linear-diffusion.md section 3.3-3.4.",
                    LossVsNBuilder.declaredParams())
            .with(LossConventionsSetters.declaredParams());

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        int d = p.get(D), draws = p.get(DRAWS);
        double[] ks = p.get(K), cs = p.get(C), simRatios = p.get(RATIOS);
        Arrays.sort(simRatios);
        double tau = p.get(TAU) == 0 ? Double.POSITIVE_INFINITY : p.get(TAU);
        DdpmSchedule schedule = Support.schedule(p);
        Conventions conv = Support.conventions(p);
        Training flow = Training.flow(schedule, 0).withConventions(conv);
        TreeSet<Double> all = new TreeSet<>(Arrays.stream(simRatios).boxed().toList());
        int extra = p.get(THEORY_POINTS), last = simRatios.length - 1;
        if (extra > 0) for (double r : Grids.geometric(simRatios[0], simRatios[last], extra)) all.add(r);
        Rows rows = Rows.named("loss-vs-n")
                .reals("k", "c")
                .text("series")
                .reals("ratio")
                .integers("N")
                .reals("theory_test", "theory_train", "theory_excess", "population")
                .reals("drawn_test", "drawn_test_sd", "drawn_train", "drawn_train_sd")
                .reals("drawn_excess", "drawn_excess_sd");
        long total = (long) ks.length * all.size();
        progress.start("loss vs N (" + ks.length + " k x " + all.size() + " N/d, " + draws + " draws)", total);
        long done = 0;
        DataDraws drawing = new DataDraws(p.seed(), draws, count -> progress.checkCancelled());
        double[] at = {tau};
        // Per draw and c: the exact test, training and excess losses (B1-B2, B6) given the drawn Σ̂.
        DataDraws.Measure losses = (m, j, ci) -> {
            LossCurves lc = LinearDenoiser.lossCurves(m, flow.withRidge(cs[ci]), at, Progress.NONE);
            return new double[] {lc.test()[0], lc.train()[0], lc.excess()[0]};
        };
        double worstRel = 0, minGap = Double.POSITIVE_INFINITY;
        for (double k : ks) {
            Spectrum sp = Spectrum.powerLaw(d, k);
            double popLoss = LinearDenoiser.populationLoss(schedule, sp.values(), conv.lossAverage());
            for (double r : all) {
                int n = Support.samples(r, d);
                boolean simulate = Arrays.binarySearch(simRatios, r) >= 0;
                DataDraws.Values drawn = simulate ? drawing.measure(sp, n, cs.length, losses) : null;
                DeterministicEquivalent de = new DeterministicEquivalent(sp, n);
                FiniteTimeEquivalent fte = tau == Double.POSITIVE_INFINITY ? null : new FiniteTimeEquivalent(de, 1500);
                for (int ci = 0; ci < cs.length; ci++) {
                    double c = cs[ci], ratio = (double) n / d;
                    // τ = ∞: the resolvent formulas of B3; finite τ: the B3 densities (finite-time DE).
                    LossCurves lc = fte == null ? null : fte.lossCurves(flow.withRidge(c), at, Progress.NONE);
                    double dte = lc == null ? de.testLoss(schedule, c, conv.lossAverage()) : lc.test()[0];
                    double dtr = lc == null ? de.trainLoss(schedule, c, conv.lossAverage()) : lc.train()[0];
                    // Ratios with theory only: NaN (missing) in the drawn_* columns.
                    double[][] s = simulate ? drawn.meanSd(ci) : new double[][] {MISSING, MISSING, MISSING};
                    rows.row(cells(k, c, label(k, c), ratio, n, dte, dtr, dte - popLoss, popLoss, s[0], s[1], s[2]));
                    if (simulate && n >= d) worstRel = Math.max(worstRel, Math.abs(s[0][0] - dte) / dte);
                    if (simulate) minGap = Math.min(minGap, s[0][0] - s[1][0]);
                }
                progress.advance(++done);
            }
        }
        progress.finish();
        String title = "Test loss vs N/d (d=" + d + "): DE lines (B3), exact loss on drawn data, mean +- sd over "
                + draws + " draws";
        String testLabel = "test loss (" + LossConventions.AVERAGE.format(p.get(LossConventions.AVERAGE)) + ")";
        PlotSpec test = theoryAndDrawn(title, "test");
        PlotSpec train = theoryAndDrawn("Training loss vs N/d (d=" + d + ")", "train");
        PlotSpec excess = theoryAndDrawn("Excess test risk = denoiser difference E||(W_N - W*)x_t||^2 (B6)", "excess");
        result.table(rows.table())
                .plot("test", test.groupBy("series").logXY().labels("N/d", testLabel))
                .plot("train", train.groupBy("series").logX().labels("N/d", "training loss"))
                .plot("excess", excess.groupBy("series").logXY().labels("N/d", "excess risk"));
        if (worstRel > 0) result.check("loss.de-error", "max |drawn - DE| / DE for N >= d (test)", worstRel);
        if (Double.isFinite(minGap))
            result.check("loss.min-gap", "min (test - train) over drawn points", minGap, "> 0");
    }
}
