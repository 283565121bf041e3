package org.diffdyn.ridge.experiments;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ReverseSampler;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.ridge.ModeConfigurations;
import org.diffdyn.ridge.ReachAlignSlide;
import org.diffdyn.ridge.RidgeDefinition;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Reach–align–slide along reverse-time trajectories (paper D §4.4): distance to the ridge of p̂_t against the noise
 * scale √h_t, and the normal vs tangent shares of the sampler's drift and displacement, with the detected phases.
 */
public final class ReachAlignSlideExperiment implements Experiment {
    public static final Param<String> MODES = Param.choice("modes", "3", RidgeMap.MODES.description(),
            "1", "2", "3", "4", "4.5", "5", "9", "pm3", "13");
    public static final Param<String> SCORE = Param.choice("score", "gmm",
            "score driving the sampler: exact empirical score, Gaussian mixture around the training points, or a trained RF", "exact", "gmm", "rf");
    public static final Param<String> SAMPLER = Param.choice("sampler", "ode", "reverse SDE or probability-flow ODE (1.3)", "sde", "ode");
    public static final Param<Double> SIGMA = RidgeMap.SIGMA;
    public static final Param<Integer> SAMPLES = Param.integer("samples", 1000, 1, 100000, "trajectories");
    public static final Param<Integer> STEPS = Param.integer("steps", 1000, 10, 100000, "steps on the geometric grid tMax -> tMin");
    public static final Param<Integer> EVERY = Param.integer("snapshotEvery", 25, 1, 100000, "steps between snapshots");
    public static final Param<Double> T_MIN = Param.realAbove("tMin", 1e-3, 0, 1, "last sampler time (also t_eval of the fixed-time distance)");
    public static final Param<Double> GAP = Param.real("gap", 1e-8, 0, 1e6, "eigengap threshold beta for a defined normal frame");
    public static final Param<Boolean> RELATIVE_GAP = Param.flag("relativeGap", true, "compare beta with h_t * gap (frame numerically defined)");
    public static final Param<Double> FRAME_TIME = Param.real("frameTime", 0, 0, 10, "decompose motions in the ridge frame at max(t, frameTime) (0 = current t)");
    public static final Param<Double> TUBE = Param.realAbove("tube", 2, 0, 100, "reach ends when median distance < tube * sqrt(h_t)");
    public static final Param<Double> SHARE = Param.realAbove("share", 0.5, 0, 1, "slide: normal share of the drift stays below this");
    public static final Param<Double> TAU = Param.real("tau", 1000, 0, 1e9, "RF training time (score=rf)");
    public static final Param<Long> SEED = Param.seed(1);

    @Override public String name() { return "reach-align-slide"; }
    @Override public String paper() { return "D"; }
    @Override public String title() { return "Reach-align-slide: distance to the ridge and normal/tangent motion along inference"; }
    @Override public String description() {
        return "Runs the reverse sampler with snapshots and measures, per snapshot time t: the median distance h_t r_t to "
                + "the ridge of p^_t, its ratio to sqrt(h_t), the distance at t_eval = tMin, and the normal/tangent parts "
                + "of the drift and of the displacement (4.4, DERIVED); phases by the rule in ReachAlignSlide (UNSURE thresholds). "
                + "Columns: t, h, distance, sqrt_h, tube_ratio, distance_teval, normal_drift, tangent_drift, "
                + "normal_drift_share, normal_move, tangent_move, normal_move_share, framed_fraction, phase.";
    }
    @Override public List<Param<?>> params() {
        List<Param<?>> l = new ArrayList<>(List.of(MODES, SCORE, SAMPLER, SIGMA, SAMPLES, STEPS, EVERY, T_MIN, GAP, RELATIVE_GAP,
                FRAME_TIME, TUBE, SHARE, TAU));
        l.addAll(RfSetup.params());
        l.add(SEED);
        return l;
    }

    public static Builder create() { return new Builder(new ReachAlignSlideExperiment()); }
    @Override public Builder builder() { return new Builder(this); }

    public static final class Builder extends RfBuilder<Builder> {
        Builder(ReachAlignSlideExperiment e) { super(e); }
        public Builder modes(String name) { return set(MODES.name(), name); }
        public Builder score(String score) { return set(SCORE.name(), score); }
        public Builder sampler(String kind) { return set(SAMPLER.name(), kind); }
        public Builder sigma(double s) { return set(SIGMA.name(), s); }
        public Builder samples(int n) { return set(SAMPLES.name(), n); }
        public Builder steps(int n) { return set(STEPS.name(), n); }
        public Builder snapshotEvery(int n) { return set(EVERY.name(), n); }
        public Builder frameTime(double t) { return set(FRAME_TIME.name(), t); }
        public Builder tau(double tau) { return set(TAU.name(), tau); }
    }

    static ScoreFunction score(String kind, double[] x0, int n, double sigma, Params p, double tau, Rng rng, Progress progress) {
        switch (kind) {
            case "exact": return GaussianMixture.empiricalScore(x0, n, 2);
            case "gmm": {
                double[] w = new double[n], s = new double[n];
                java.util.Arrays.fill(w, 1);
                java.util.Arrays.fill(s, sigma);
                return new GaussianMixture(w, x0, s, 2).score();
            }
            default: {
                RfSetup rf = new RfSetup(p, x0, n, 2, rng, progress);
                return rf.rf.score(rf.flow.weights(tau));
            }
        }
    }

    @Override public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder result = ExperimentResult.builder(name(), p);
        double[] x0 = ModeConfigurations.points(p.get(MODES), p.seed());
        int n = x0.length / 2;
        Rng rng = new Rng(p.seed());
        ScoreFunction score = score(p.get(SCORE), x0, n, p.get(SIGMA), p, p.get(TAU), rng, progress);
        ReverseSampler.Kind kind = p.get(SAMPLER).equals("sde") ? ReverseSampler.Kind.SDE : ReverseSampler.Kind.ODE;
        double tMin = p.get(T_MIN), tMax = p.get(RfSetup.TMAX);
        ReverseSampler.Run run = ReverseSampler.run(kind, score, p.get(SAMPLES), 2,
                OuProcess.geometricGrid(tMax, tMin, p.get(STEPS)), p.get(EVERY), rng.split(), progress);
        RidgeDefinition def = new RidgeDefinition(1, p.get(GAP), p.get(RELATIVE_GAP));
        List<ReachAlignSlide.Snapshot> snaps = ReachAlignSlide.measure(x0, n, 2, def, run, kind, score, tMin, p.get(FRAME_TIME), progress);
        ReachAlignSlide.Phases ph = ReachAlignSlide.phases(snaps, p.get(TUBE), p.get(SHARE));
        DoubleColumn t = DoubleColumn.create("t"), h = DoubleColumn.create("h"), dist = DoubleColumn.create("distance"),
                sq = DoubleColumn.create("sqrt_h"), noise = DoubleColumn.create("noise_median"), ratio = DoubleColumn.create("tube_ratio"),
                de = DoubleColumn.create("distance_teval"), nd = DoubleColumn.create("normal_drift"),
                td = DoubleColumn.create("tangent_drift"), ns = DoubleColumn.create("normal_drift_share"),
                nm = DoubleColumn.create("normal_move"), tm = DoubleColumn.create("tangent_move"),
                ms = DoubleColumn.create("normal_move_share"), fr = DoubleColumn.create("framed_fraction");
        StringColumn phase = StringColumn.create("phase");
        for (int i = 0; i < snaps.size(); i++) {
            ReachAlignSlide.Snapshot s = snaps.get(i);
            t.append(s.t()); h.append(s.h()); dist.append(s.medianDistance()); sq.append(Math.sqrt(s.h()));
            noise.append(0.6745 * Math.sqrt(s.h())); ratio.append(s.tubeRatio()); de.append(s.medianDistanceAtEval());
            nd.append(s.normalDrift()); td.append(s.tangentDrift()); ns.append(s.normalDriftShare());
            nm.append(s.normalMove()); tm.append(s.tangentMove()); ms.append(s.normalMoveShare());
            fr.append(s.framedFraction()); phase.append(ph.phase()[i]);
        }
        Table table = Table.create("reach-align-slide", t, h, dist, sq, noise, ratio, de, nd, td, ns, nm, tm, ms, fr, phase);
        String what = p.get(SCORE) + " score, " + p.get(SAMPLER).toUpperCase() + ", " + p.get(MODES) + " modes";
        return result.table(table)
                .plot(PlotSpec.of("Distance to the ridge vs inference time (" + what + ")", "t")
                        .markers("distance").lines("noise_median").markers("distance_teval").logX().logY()
                        .labels("diffusion time t (inference runs right to left)", "median distance h_t r_t"))
                .plot(PlotSpec.of("Normal share of the drift, by detected phase (" + what + ")", "t")
                        .markers("normal_drift_share").groupBy("phase").logX()
                        .labels("diffusion time t", "normal share of |drift|^2"))
                .plot(PlotSpec.of("Normal and tangent drift (" + what + ")", "t")
                        .markers("normal_drift").markers("tangent_drift").logX().logY()
                        .labels("diffusion time t", "mean |P drift|"))
                .check("reach end (t)", ph.reachEnd())
                .check("slide start (t)", ph.slideStart())
                .check("final median distance / (0.674 sqrt h)", snaps.get(snaps.size() - 1).medianDistance() / (0.6745 * Math.sqrt(OuProcess.h(tMin))))
                .build();
    }
}
