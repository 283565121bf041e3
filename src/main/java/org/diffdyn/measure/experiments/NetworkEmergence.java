package org.diffdyn.measure.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.measure.ModeBasis;
import org.diffdyn.measure.ModeEmergence;
import org.diffdyn.measure.ModeEmergence.TheoryModel;
import org.diffdyn.measure.PatchGeometry;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.spectralbias.EmergenceTimes.Direction;
import org.diffdyn.spectralbias.EmergenceTimes.Emergence;
import org.diffdyn.spectralbias.EmergenceTimes.PowerLawFit;
import org.diffdyn.spectralbias.EmergenceTimes.Threshold;
import org.ejml.data.DMatrixRMaj;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Paper A §6 on real networks: an MLP-UNet, a convolutional U-Net or the per-level linear denoiser trained with DJL,
 * sampled at log-spaced checkpoints with the 20-step Heun sampler, and measured with the authors' analysis — the
 * generated variance along the training covariance's eigenvectors (whole image; for the CNN also K×K patches), the
 * emergence step of every mode, the power law step* ∝ λ^b per branch — next to the linear theory's emergence times for
 * the same empirical spectrum ({@link ModeEmergence}).
 *
 * <p>Typed DSL: {@code networkEmergence().net(NetParams.Net.CNN).steps(500).run()}.
 */
@TypedBuilder(mixins = {NetParamsSetters.class, CheckpointsSetters.class})
public final class NetworkEmergence implements Experiment {
    static final Param<NetParams.Net> NET = Param.choice(
            "net",
            NetParams.Net.MLP,
            "denoiser: mlp (MLP-UNet), cnn (convolutional U-Net) or linear (per-level, paper A Eq. 7)");
    static final Param<String> DATA = org.diffdyn.experiment.DataParams.data(
            "fashion-mnist",
            "training data: " + org.diffdyn.experiment.DataParams.DESCRIPTION
                    + "; here gaussian defaults to d=64&spectrum=powerlaw&k=1, seeded by seed");
    static final Param<Integer> TRAIN_SIZE = Param.integer("train-size", 10_000, 2, 1_000_000, "training samples");
    static final Param<Integer> STEPS = Param.integer("steps", 2000, 1, 100_000_000, "Adam steps (paper: 50 000)");
    static final Param<Integer> CHECKPOINTS =
            Param.integer("checkpoints", 16, 2, 10_000, "log-spaced checkpoints (plus step 0)");
    static final Param<Integer> SAMPLES =
            Param.integer("samples", 1000, 10, 1_000_000, "generated samples per checkpoint");
    static final Param<double[]> PATCHES = Param.reals(
            "patches", new double[] {3, 6, 9}, 0, 1024, true, "patch sizes of the CNN analysis (authors: 3, 6, 9)");
    static final Param<Integer> PATCH_STRIDE =
            Param.integer("patch-stride", 1, 1, 64, "patch stride (authors: 1 or 3)");
    static final Param<Threshold> THRESHOLD =
            Param.choice("threshold", Threshold.HARMONIC, "emergence threshold (authors' network figures: harmonic)");
    static final Param<Double> SMOOTH = Param.real(
            "smooth", ModeEmergence.NETWORK_SMOOTHING, 0, 100, "Gaussian smoothing over checkpoints (authors: 0.1)");
    static final Param<Double> MIN_LAMBDA = Param.real(
            "min-lambda", 1e-4, 0, 1e6, "modes with a smaller training variance have no target and are skipped");
    static final Param<TheoryModel> THEORY = Param.choice(
            "theory",
            TheoryModel.EDM_SHARED,
            "linear theory line: edm-shared (one EDM-preconditioned matrix, the networks' linear counterpart) or one-layer (Prop. 4.2)");
    static final Param<Double> THEORY_INIT = Param.real(
            "theory-init", 0, -10, 10, "the theory's initialisation: inner gain v0 (edm-shared) or Q (one-layer)");
    static final Param<Integer> SHOW =
            Param.integer("show", 6, 1, 100_000, "modes whose variance trajectories are listed");

    public static final Spec SPEC = Spec.of(
                    "network-emergence",
                    Paper.A,
                    "Mode emergence in real networks (MLP-UNet, CNN U-Net, linear) vs the linear theory's power law",
                    "Trains the network (DJL, EDM loss; per-level loss for net=linear) and at every checkpoint generates samples (20-step Heun) "
                            + "and measures the variance along each eigenvector of the training covariance (whole image; CNN also KxK patches, "
                            + "stride s, the authors' extract_patches). Emergence step per mode = first checkpoint past the harmonic (or geometric) "
                            + "threshold between the first checkpoint's value and lambda (the authors' compute_crossing_points); OLS fit step* ~ lambda^b "
                            + "per branch. Theory: exact emergence times tau* of the linear model on the same empirical spectrum (linear-diffusion.md "
                            + "2.2.5, 2.2.10), drawn as c*tau* with one fitted clock c (steps per unit eta*tau). Rows: kind=emergence (analysis, mode, "
                            + "lambda, branch, step_star, theory_step, fit_step: the branch fit within its fitted modes' lambda range), kind=trajectory (analysis, mode, lambda, step, variance, initial), "
                            + "kind=loss (step, loss). Checks: slope.<net>.<analysis>.<branch>, theory-exponent.<analysis>.<branch>, r2, modes, clock.",
                    NetworkEmergenceBuilder.declaredParams())
            .with(NetParamsSetters.declaredParams())
            .with(CheckpointsSetters.declaredParams());

    /** The analyses: whole image always; K×K patches for the CNN. */
    static Map<String, ModeBasis> bases(
            NetData data, NetParams.Net net, double[] patches, int stride, Progress progress) {
        Map<String, ModeBasis> out = new LinkedHashMap<>();
        progress.start("training covariance eigenbases", 1 + (net == NetParams.Net.CNN ? patches.length : 0));
        out.put(
                "image",
                data.isImage()
                        ? ModeBasis.of(
                                data.images(),
                                PatchGeometry.wholeImage(data.shape()[0], data.shape()[1], data.shape()[2]))
                        : ModeBasis.vectors(data.images()));
        progress.advance(1);
        if (net == NetParams.Net.CNN) {
            int i = 1;
            for (double s : patches) {
                int size = (int) s, side = Math.min(data.shape()[1], data.shape()[2]);
                if (size != s || size < 1 || size > side)
                    throw new org.diffdyn.core.ParameterException(
                            "patches",
                            java.util.Arrays.toString(patches),
                            "patch sizes in [1, " + side + "] (the training images are " + data.shape()[1] + "x"
                                    + data.shape()[2] + ")");
                out.put(
                        "patch" + size + "s" + stride,
                        ModeBasis.of(
                                data.images(),
                                new PatchGeometry(data.shape()[0], data.shape()[1], data.shape()[2], size, stride)));
                progress.advance(++i);
            }
        }
        progress.finish();
        return out;
    }

    /**
     * The fitted power law of each mode's branch at its λ, only within the λ range of the modes that branch was fitted
     * to (those with a measured step, as {@link ModeEmergence#fits}); NaN elsewhere, so a fit line is not
     * extrapolated over the branch's modes that never emerged.
     */
    static double[] fitLine(double[] lambdas, Emergence[] measured, Map<Direction, PowerLawFit> fits) {
        Map<Direction, double[]> range = new java.util.EnumMap<>(Direction.class);
        for (int k = 0; k < lambdas.length; k++)
            if (measured[k].tau() > 0 && lambdas[k] > 0) {
                double[] r = range.computeIfAbsent(measured[k].direction(), x ->
                        new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
                r[0] = Math.min(r[0], lambdas[k]);
                r[1] = Math.max(r[1], lambdas[k]);
            }
        double[] out = new double[lambdas.length];
        for (int k = 0; k < lambdas.length; k++) {
            PowerLawFit f = fits.get(measured[k].direction());
            double[] r = range.get(measured[k].direction());
            out[k] = f == null || r == null || lambdas[k] < r[0] || lambdas[k] > r[1]
                    ? Double.NaN
                    : f.predict(lambdas[k]);
        }
        return out;
    }

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        long seed = p.seed();
        NetParams.Net netKind = p.get(NET);
        NetData data = NetData.forNet(p.get(DATA), p.get(TRAIN_SIZE), seed, netKind, p.get(NetParams.PRESET), progress);
        Map<String, ModeBasis> bases = bases(data, netKind, p.get(PATCHES), p.get(PATCH_STRIDE), progress);
        List<Long> steps = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        Map<String, List<double[]>> traj = new LinkedHashMap<>();
        for (String a : bases.keySet()) traj.put(a, new ArrayList<>());
        double sampleSeconds;
        double[] trained;
        long params;
        String label;
        long[] sampleNanos = {0};
        try (NetSession s = NetSession.open(p, netKind, data.shape(), seed)) {
            label = s.label();
            params = s.parameters();
            trained = s.train(
                    data.images(),
                    p.get(STEPS),
                    p.get(NetParams.BATCH),
                    p.get(NetParams.LR),
                    p.get(CHECKPOINTS),
                    Checkpoints.dir(p),
                    progress,
                    (step, loss, session) -> {
                        long t0 = System.nanoTime();
                        DMatrixRMaj gen = session.sample(p.get(SAMPLES), Progress.NONE);
                        steps.add(step);
                        losses.add(loss);
                        for (Map.Entry<String, ModeBasis> e : bases.entrySet())
                            traj.get(e.getKey()).add(e.getValue().generatedVariances(gen));
                        sampleNanos[0] += System.nanoTime() - t0;
                        progress.checkCancelled();
                    });
            sampleSeconds = sampleNanos[0] / 1e9;
        }
        double[] stepArr = steps.stream().mapToDouble(Long::doubleValue).toArray();
        Threshold thr = p.get(THRESHOLD);
        StringColumn kind = StringColumn.create("kind"),
                analysis = StringColumn.create("analysis"),
                branch = StringColumn.create("branch"),
                series = StringColumn.create("series"),
                curve = StringColumn.create("curve");
        IntColumn mode = IntColumn.create("mode");
        DoubleColumn lam = DoubleColumn.create("lambda"),
                star = DoubleColumn.create("step_star"),
                thStep = DoubleColumn.create("theory_step"),
                fitStep = DoubleColumn.create("fit_step"),
                step = DoubleColumn.create("step"),
                var = DoubleColumn.create("variance"),
                init = DoubleColumn.create("initial"),
                loss = DoubleColumn.create("loss");
        for (Map.Entry<String, ModeBasis> e : bases.entrySet()) {
            String a = e.getKey();
            double[] lambdas = e.getValue().lambdas();
            double[][] v = traj.get(a).toArray(new double[0][]);
            Emergence[] measured = ModeEmergence.measure(stepArr, v, lambdas, thr, p.get(SMOOTH), p.get(MIN_LAMBDA));
            Emergence[] theory =
                    ModeEmergence.theory(lambdas, p.get(THEORY), p.get(THEORY_INIT), thr, p.get(MIN_LAMBDA), progress);
            Map<Direction, PowerLawFit> fm = ModeEmergence.fits(lambdas, measured),
                    ft = ModeEmergence.fits(lambdas, theory);
            double clock = ModeEmergence.timeScale(measured, theory);
            double[] fitLine = fitLine(lambdas, measured, fm);
            for (Direction dir : Direction.values()) {
                String br = dir.name().toLowerCase(Locale.ROOT);
                PowerLawFit f = fm.get(dir), t = ft.get(dir);
                if (f != null) {
                    result.check(
                            "slope." + label + "." + a + "." + br,
                            "fitted exponent b of step* ~ lambda^b, " + label + ", " + a + ", " + br + " branch",
                            f.slope());
                    result.check("r2." + label + "." + a + "." + br, "R^2 of that fit", f.rSquared());
                    result.check("modes." + label + "." + a + "." + br, "modes in that fit", f.points());
                }
                if (t != null)
                    result.check(
                            "theory-exponent." + a + "." + br,
                            "linear theory's exponent on the same spectrum, " + a + ", " + br,
                            t.slope());
            }
            result.check("clock." + a, "steps per unit of theory time (eta*tau), fitted", clock);
            for (int k = 0; k < lambdas.length; k++) {
                if (!(lambdas[k] > p.get(MIN_LAMBDA))) continue;
                Direction dir = measured[k].direction();
                kind.append("emergence");
                analysis.append(a);
                mode.append(k);
                lam.append(lambdas[k]);
                branch.append(dir.name().toLowerCase(Locale.ROOT));
                series.append(a + " " + dir.name().toLowerCase(Locale.ROOT));
                curve.append("");
                star.append(measured[k].tau());
                thStep.append(theory[k].found() && theory[k].direction() == dir ? clock * theory[k].tau() : Double.NaN);
                fitStep.append(fitLine[k]);
                step.appendMissing();
                var.appendMissing();
                init.appendMissing();
                loss.appendMissing();
            }
            int show = Math.min(p.get(SHOW), lambdas.length);
            for (int k : Grids.evenIndices(Math.min(lambdas.length, 200), show)) {
                for (int j = 1; j < stepArr.length; j++) {
                    kind.append("trajectory");
                    analysis.append(a);
                    mode.append(k);
                    lam.append(lambdas[k]);
                    branch.append("");
                    series.append("");
                    curve.append(a + " mode " + k + String.format(Locale.ROOT, " (lambda=%.3g)", lambdas[k]));
                    star.appendMissing();
                    thStep.appendMissing();
                    fitStep.appendMissing();
                    step.append(stepArr[j]);
                    var.append(v[j][k]);
                    init.append(v[0][k]);
                    loss.appendMissing();
                }
            }
        }
        for (int j = 1; j < stepArr.length; j++) {
            kind.append("loss");
            analysis.append("");
            mode.appendMissing();
            lam.appendMissing();
            branch.append("");
            series.append("");
            curve.append("");
            star.appendMissing();
            thStep.appendMissing();
            fitStep.appendMissing();
            step.append(stepArr[j]);
            var.appendMissing();
            init.appendMissing();
            loss.append(losses.get(j));
        }
        Table t = Table.create(
                "network-emergence",
                kind,
                analysis,
                mode,
                lam,
                branch,
                series,
                curve,
                star,
                thStep,
                fitStep,
                step,
                var,
                init,
                loss);
        String measuredGroups = bases.size() == 1 ? "branch" : "series";
        result.table(t)
                .plot(
                        "emergence",
                        PlotSpec.of(label + " on " + data.name() + ": emergence step vs mode variance", "lambda")
                                // measured steps and their fit per branch (per analysis and branch for the CNN),
                                // the theory line per analysis across both branches
                                .add("step_star", PlotSpec.Style.MARKERS, "measured", measuredGroups)
                                .add("theory_step", PlotSpec.Style.LINES, "linear theory", "analysis")
                                .add("fit_step", PlotSpec.Style.LINES, "fit", measuredGroups)
                                .logXY()
                                .labels("training variance lambda_k", "emergence step"))
                .plot(
                        "variance",
                        PlotSpec.of(label + ": generated variance along training eigenvectors", "step")
                                .lines("variance")
                                .groupBy("curve")
                                .logXY()
                                .labels("training step", "generated variance u_k^T Sigma_gen u_k"))
                .plot(
                        "loss",
                        PlotSpec.of(label + ": training loss between checkpoints", "step")
                                .lines("loss")
                                .logXY()
                                .labels("training step", "EDM loss"))
                .check("parameters", "trainable parameters", params)
                .check(
                        "seconds-per-1000-steps",
                        "training seconds per 1000 steps on this machine (sampling excluded)",
                        NetParams.perThousand(trained))
                .check("sampling-seconds", "seconds spent generating and measuring samples", sampleSeconds);
    }
}
