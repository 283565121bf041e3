package org.diffdyn.ridge.experiments;

import java.util.List;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ScoreFunction;
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
import org.diffdyn.ridge.ModeConfigurations;
import org.diffdyn.ridge.ReachAlignSlide;
import org.diffdyn.ridge.RidgeDefinition;
import org.ejml.data.DMatrixRMaj;

/**
 * Reach–align–slide along reverse-time trajectories (paper D §4.4): distance to the ridge of p̂_t against the noise
 * scale √h_t, and the normal vs tangent shares of the sampler's drift and displacement, with the detected phases.
 */
@TypedBuilder(mixins = RfSetupSetters.class)
public final class ReachAlignSlideExperiment implements Experiment {
    static final Param<String> MODES = RidgeParams.modes("3");
    static final Param<RidgeParams.Score> SCORE = Param.choice(
            "score",
            RidgeParams.Score.GMM,
            "score driving the sampler: exact empirical score, Gaussian mixture around the training points, or a trained RF (not none)");
    static final Param<ReverseSampler.Kind> SAMPLER =
            Param.choice("sampler", ReverseSampler.Kind.ODE, "reverse SDE or probability-flow ODE (1.3)");
    static final Param<Double> SIGMA = RidgeParams.SIGMA;
    static final Param<Integer> SAMPLES = Param.integer("samples", 1000, 1, 100000, "trajectories");
    static final Param<Integer> STEPS =
            Param.integer("steps", 1000, 10, 100000, "steps on the geometric grid t-max -> t-min");
    static final Param<Integer> SNAPSHOT_EVERY =
            Param.integer("snapshot-every", 25, 1, 100000, "steps between snapshots");
    static final Param<Double> T_MIN =
            Param.realAbove("t-min", 1e-3, 0, 1, "last sampler time (also t_eval of the fixed-time distance)");
    static final Param<Double> GAP = RidgeParams.GAP.withDefault(1e-8);
    static final Param<Boolean> RELATIVE_GAP = RidgeParams.RELATIVE_GAP.withDefault(true);
    static final Param<Double> FRAME_TIME = Param.real(
            "frame-time", 0, 0, 10, "decompose motions in the ridge frame at max(t, frame-time) (0 = current t)");
    static final Param<Double> TUBE =
            Param.realAbove("tube", 2, 0, 100, "reach ends when median distance < tube * sqrt(h_t)");
    static final Param<Double> SHARE =
            Param.realAbove("share", 0.5, 0, 1, "slide: normal share of the drift stays below this");
    static final Param<Double> TAU = Param.real("tau", 1000, 0, 1e9, "RF training time (score=rf)");

    public static final Spec SPEC = Spec.of(
                    "reach-align-slide",
                    Paper.D,
                    "Reach-align-slide: distance to the ridge and normal/tangent motion along inference",
                    "Runs the reverse sampler with snapshots and measures, per snapshot time t: the median distance h_t r_t to "
                            + "the ridge of p^_t, its ratio to sqrt(h_t), the distance at t_eval = t-min, and the normal/tangent parts "
                            + "of the drift and of the displacement (4.4, DERIVED); phases by the rule in ReachAlignSlide (UNSURE thresholds). "
                            + "Columns: t, h, distance, sqrt_h, tube_ratio, distance_teval, normal_drift, tangent_drift, "
                            + "normal_drift_share, normal_move, tangent_move, normal_move_share, framed_fraction, phase.",
                    ReachAlignSlideExperimentBuilder.declaredParams())
            .with(RfSetup.params());

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        DMatrixRMaj x0 = ModeConfigurations.points(p.get(MODES), p.seed());
        Rng rng = new Rng(p.seed());
        ScoreFunction score = RidgeParams.score(p.get(SCORE), x0, p, p.get(TAU), rng, progress);
        ReverseSampler.Kind kind = p.get(SAMPLER);
        double tMin = p.get(T_MIN), tMax = p.get(RfSetup.T_MAX);
        double[] grid = OuProcess.geometricGrid(tMax, tMin, p.get(STEPS));
        ReverseSampler.Run run =
                ReverseSampler.run(kind, score, p.get(SAMPLES), 2, grid, p.get(SNAPSHOT_EVERY), rng.split(), progress);
        RidgeDefinition def = new RidgeDefinition(1, p.get(GAP), p.get(RELATIVE_GAP));
        List<ReachAlignSlide.Snapshot> snaps =
                ReachAlignSlide.measure(x0, def, run, kind, score, tMin, p.get(FRAME_TIME), progress);
        ReachAlignSlide.Phases ph = ReachAlignSlide.phases(snaps, p.get(TUBE), p.get(SHARE));
        Rows rows = Rows.named("reach-align-slide")
                .reals("t", "h", "distance", "sqrt_h", "noise_median", "tube_ratio", "distance_teval", "normal_drift")
                .reals("tangent_drift", "normal_drift_share", "normal_move", "tangent_move", "normal_move_share")
                .reals("framed_fraction")
                .text("phase");
        for (int i = 0; i < snaps.size(); i++) {
            ReachAlignSlide.Snapshot s = snaps.get(i);
            rows.row(
                    s.t(),
                    s.h(),
                    s.medianDistance(),
                    Math.sqrt(s.h()),
                    0.6745 * Math.sqrt(s.h()),
                    s.tubeRatio(),
                    s.medianDistanceAtEval(),
                    s.normalDrift(),
                    s.tangentDrift(),
                    s.normalDriftShare(),
                    s.normalMove(),
                    s.tangentMove(),
                    s.normalMoveShare(),
                    s.framedFraction(),
                    ph.phase()[i]);
        }
        String what = SCORE.format(p.get(SCORE)) + " score, " + kind + ", " + p.get(MODES) + " modes";
        result.table(rows.table())
                .plot(
                        "distance",
                        PlotSpec.of("Distance to the ridge vs inference time (" + what + ")", "t")
                                .markers("distance")
                                .lines("noise_median")
                                .markers("distance_teval")
                                .logXY()
                                .labels("diffusion time t (inference runs right to left)", "median distance h_t r_t"))
                .plot(
                        "normal-share",
                        PlotSpec.of("Normal share of the drift, by detected phase (" + what + ")", "t")
                                .markers("normal_drift_share")
                                .groupBy("phase")
                                .logX()
                                .labels("diffusion time t", "normal share of |drift|^2"))
                .plot(
                        "drift",
                        PlotSpec.of("Normal and tangent drift (" + what + ")", "t")
                                .markers("normal_drift", "tangent_drift")
                                .logXY()
                                .labels("diffusion time t", "mean |P drift|"))
                .check("phase.reach-end", "reach end (t)", ph.reachEnd())
                .check("phase.slide-start", "slide start (t)", ph.slideStart())
                .check(
                        "distance.final-over-noise",
                        "final median distance / (0.674 sqrt h)",
                        snaps.get(snaps.size() - 1).medianDistance() / (0.6745 * Math.sqrt(OuProcess.h(tMin))));
    }
}
