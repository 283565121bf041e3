package org.diffdyn.ridge.experiments;

import static org.diffdyn.core.sampling.ReverseSampler.Kind.SDE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.ReverseSampler;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.ridge.EmpiricalRidge;
import org.diffdyn.ridge.InterMode;
import org.diffdyn.ridge.ModeConfigurations;
import org.diffdyn.ridge.RfRidgeTraining;
import org.diffdyn.ridge.RidgeDefinition;
import org.ejml.data.DMatrixRMaj;

/**
 * Inter-mode generations of the RF denoiser vs training time / training loss (paper D §4.6 D-intermode-3mode,
 * targets D5–D8): for each τ, reverse-SDE samples from m̂_{W(τ)}, the fraction not within {@code radius} of a training
 * point, the segment between modes each inter-mode sample is nearest to, and the mean ridge residual at t_eval.
 *
 * <p>Defaults are the authors' 3-mode setting as far as it can be pinned: the h_t-weighted score loss (their results folder
 * {@code results_newKDE_ht_3mode_1e-3}; in denoiser units the weight h_t^{−1}, i.e. the noise-prediction loss) and
 * T = 40 for the loss integral, the embedding period and the sampler start (their {@code config.py}; UNSURE which run
 * the spec's numbers come from). Evidence: with these settings the test loss is 0.97 at τ = 1000 and 0.77 at τ = ∞
 * against the QUOTED 1.020 and 0.806. The unweighted loss of the 2-mode script leaves most samples between the modes.
 * The inter-mode fraction depends on the random features drawn, so {@code seeds} pools several independent RF draws
 * (seed, seed+1, …); the sample rows hold the first draw's samples.
 *
 * <p>The table is long: rows with {@code row = summary} hold one τ each (tau, loss, fractions, residuals); rows with
 * {@code row = sample} hold the final samples (sx, sy) of each τ, grouped by {@code group}, and the training points.
 */
@TypedBuilder(mixins = RfSetupSetters.class)
public final class InterModeExperiment implements Experiment {
    static final Param<String> MODES = RidgeParams.modes("3");
    static final Param<double[]> TAUS =
            Param.reals("taus", new double[] {100, 1000}, 0, 1e12, false, "finite training times");
    static final Param<Boolean> INFINITY =
            Param.flag("infinity", true, "also sample at tau = infinity (the equilibrium W(inf))");
    static final Param<Integer> SAMPLES = Param.integer("samples", 1000, 1, 100000, "samples per training time");
    static final Param<Integer> STEPS =
            Param.integer("steps", 500, 10, 100000, "SDE steps on the geometric grid t-max -> 1e-3");
    static final Param<Double> RADIUS =
            Param.realAbove("radius", 0.5, 0, 10, "a sample is at a mode within this radius (code: 0.5)");
    static final Param<Double> SEGMENT_RADIUS =
            Param.realAbove("segment-radius", 0.5, 0, 10, "an inter-mode sample is on a segment within this distance");
    static final Param<Double> T_EVAL =
            Param.realAbove("t-eval", 1e-3, 0, 1, "time of the ridge whose residual is reported (code: 1e-3)");
    static final Param<Integer> SEEDS = Param.integer(
            "seeds",
            1,
            1,
            64,
            "independent RF draws (seed, seed+1, ...) whose samples are pooled; the sample rows show the first");

    public static final Spec SPEC = Spec.of(
                    "inter-mode",
                    Paper.D,
                    "Inter-mode generations of the RF denoiser vs training time and loss (D5-D8)",
                    "Trains the time-embedded RF denoiser in closed form (4.5) and samples the reverse SDE at each tau. Summary rows: "
                            + "tau, loss_test, inter_fraction, on_segment_fraction, mean_residual (r at t-eval, QUOTED definition), "
                            + "median_abs_y, and per-mode/per-segment counts in 'counts'. Sample rows: sx, sy by group.",
                    InterModeExperimentBuilder.declaredParams())
            .with(RfSetup.params(
                    RfSetup.LOSS_WEIGHT.withDefault(-1),
                    RfSetup.T_MAX.withDefault(40.0, RfSetup.T_MAX.description() + " (authors' 3-mode config: 40)"),
                    RfSetup.PERIOD.withDefault(
                            40.0, "period T of the time embedding phi(t) (authors' 3-mode config: 40)")));

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        DMatrixRMaj x0 = ModeConfigurations.points(p.get(MODES), p.seed());
        List<RfSetup> rfs = new ArrayList<>();
        for (int k = 0; k < p.get(SEEDS); k++) rfs.add(new RfSetup(p, x0, new Rng(p.seed() + k), progress));
        double[] finite = Arrays.stream(p.get(TAUS)).sorted().toArray();
        double[] taus = p.get(INFINITY) ? Arrays.copyOf(finite, finite.length + 1) : finite;
        if (p.get(INFINITY)) taus[taus.length - 1] = Double.POSITIVE_INFINITY;
        double[] grid = OuProcess.geometricGrid(p.get(RfSetup.T_MAX), 1e-3, p.get(STEPS));
        EmpiricalRidge evalRidge = new EmpiricalRidge(x0, p.get(T_EVAL), RidgeDefinition.curve());
        Rows rows = Rows.named("inter-mode")
                .text("row", "group")
                .reals("tau", "loss_test", "inter_fraction", "inter_fraction_min", "inter_fraction_max")
                .integers("inter_mode")
                .reals("on_segment_fraction", "mean_residual", "median_abs_y")
                .text("counts")
                .reals("sx", "sy");
        Rows.Adder sampleRows = rows.columns("row", "group", "counts", "sx", "sy");
        double prev = Double.POSITIVE_INFINITY;
        boolean monotone = true;
        for (double tv : taus) {
            String tl = Double.isInfinite(tv) ? "inf" : fmt(tv);
            List<DMatrixRMaj> draws = new ArrayList<>();
            double lossSum = 0;
            for (RfSetup rf : rfs) {
                DMatrixRMaj w = rf.flow.weights(tv);
                draws.add(ReverseSampler.run(SDE, rf.rf.score(w), p.get(SAMPLES), 2, grid, 0, rf.rng.split(), progress)
                        .samples());
                lossSum += RfRidgeTraining.loss(rf.test, w);
            }
            DMatrixRMaj first = draws.get(0);
            for (int r = 0; r < first.numRows; r++)
                sampleRows.add("sample", "samples tau=" + tl, "", first.get(r, 0), first.get(r, 1));
            InterMode.Pooled pooled =
                    InterMode.pool(draws, x0, p.get(RADIUS), p.get(SEGMENT_RADIUS), evalRidge, progress);
            InterMode.Tally tally = pooled.tally();
            rows.row(
                    "summary",
                    "summary",
                    Double.isInfinite(tv) ? 10 * finite[finite.length - 1] : tv,
                    lossSum / rfs.size(),
                    tally.fraction(),
                    pooled.minFraction(),
                    pooled.maxFraction(),
                    tally.interMode(),
                    tally.onSegmentFraction(),
                    pooled.meanResidual(),
                    pooled.medianAbsY(),
                    tally.counts(),
                    Double.NaN,
                    Double.NaN);
            String key = "tau-" + RidgeParams.seg(tl), range = "inter-mode fraction range over RF draws at tau=" + tl;
            String target = p.get(MODES).equals("3") ? d6Target(tv) : null;
            result.check("inter-fraction." + key, "inter-mode fraction at tau=" + tl, tally.fraction(), target);
            result.check("mean-residual." + key, "mean residual at tau=" + tl, pooled.meanResidual());
            if (rfs.size() > 1)
                result.check("inter-fraction." + key + ".min", range + ": min", pooled.minFraction())
                        .check("inter-fraction." + key + ".max", range + ": max", pooled.maxFraction());
            if (tally.fraction() > prev + 1e-12) monotone = false;
            prev = tally.fraction();
        }
        for (int i = 0; i < x0.numRows; i++) sampleRows.add("sample", "training", "", x0.get(i, 0), x0.get(i, 1));
        result.table(rows.table())
                .plot(
                        "fraction-vs-tau",
                        PlotSpec.of("Inter-mode fraction vs training time (last point: tau = inf)", "tau")
                                .add("inter_fraction", PlotSpec.Style.LINES_AND_MARKERS, "inter-mode fraction")
                                .logX()
                                .labels("training time tau", "fraction of samples farther than radius from every mode"))
                .plot(
                        "fraction-vs-loss",
                        PlotSpec.of("Inter-mode fraction vs test loss", "loss_test")
                                .markers("inter_fraction")
                                .labels("test loss (fresh noise)", "inter-mode fraction"))
                .plot(
                        "samples",
                        PlotSpec.of("Final samples by training time, and the training points", "sx")
                                .markers("sy")
                                .groupBy("group")
                                .labels("x", "y"))
                .check(
                        "inter-fraction.monotone",
                        "inter-mode fraction non-increasing in tau (1 = yes)",
                        monotone ? 1 : 0,
                        "== 1 (D6)");
    }

    /** Spec §4.7 D6 (3 modes): ≈ 40 % → 20 % → 5 % for τ = 100 → 1000 → ∞, ±50 % relative; null at other τ. */
    static String d6Target(double tau) {
        return tau == 100
                ? "0.4 +- 50% (D6)"
                : tau == 1000 ? "0.2 +- 50% (D6)" : Double.isInfinite(tau) ? "0.05 +- 50% (D6)" : null;
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
