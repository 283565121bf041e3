package org.diffdyn.measure.experiments;

import java.util.Locale;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.nets.Objectives;
import org.diffdyn.nets.Torch;
import org.diffdyn.nets.Training;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a training step of a network costs on this machine: the network of {@code network-emergence} (same options,
 * same data shape and padding, same EDM loss, Adam and minibatch draws) trained {@code warmup} steps untimed, then
 * {@code steps} steps timed with nothing else in between (no sampling, no measurement). Reports seconds per step, per
 * 1000 steps and images per second. This is how the cost of the paper-size presets quoted in the README is measured:
 * {@code java -jar diffdyn.jar run network-cost net=mlp preset=paper}.
 *
 * <p>Typed DSL: {@code networkCost().net("mlp").preset("paper").steps(3).run()}.
 */
@TypedBuilder(mixins = NetParamsSetters.class)
public final class NetworkCost implements Experiment {
    static final Param<NetParams.Net> NET = Param.choice(
            "net", NetParams.Net.MLP, "denoiser: mlp (MLP-UNet), cnn (convolutional U-Net) or linear (per-level)");
    static final Param<String> DATA = org.diffdyn.experiment.DataParams.data(
            "fashion-mnist",
            "data whose shape the network takes (" + org.diffdyn.experiment.DataParams.DESCRIPTION
                    + "); the values only feed the minibatches");
    static final Param<Integer> TRAIN_SIZE =
            Param.integer("train-size", 1000, 2, 1_000_000, "samples the minibatches are drawn from");
    static final Param<Integer> WARMUP =
            Param.integer("warmup", 1, 0, 1_000_000, "untimed steps first (allocation, first-call set-up)");
    static final Param<Integer> STEPS = Param.integer("steps", 3, 1, 1_000_000, "timed Adam steps");

    public static final Spec SPEC = Spec.of(
                    "network-cost",
                    Paper.A,
                    "Training cost of a network on this machine: seconds per step and per 1000 steps after warm-up",
                    "Builds the network of network-emergence (net, preset, width/depth/channels, data shape with the "
                            + "U-Net padding) and trains it with the EDM loss (per-level loss for net=linear) and Adam: "
                            + "warmup steps untimed, then steps timed. Row: net, preset, batch, parameters, threads, "
                            + "steps, seconds_per_step, seconds_per_1000_steps, images_per_second. Checks: "
                            + "seconds-per-step, seconds-per-1000-steps, images-per-second, parameters.",
                    NetworkCostBuilder.declaredParams())
            .with(NetParamsSetters.declaredParams());

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        long seed = p.seed();
        NetParams.Net netKind = p.get(NET);
        NetData data = NetData.forNet(p.get(DATA), p.get(TRAIN_SIZE), seed, netKind, p.get(NetParams.PRESET), progress);
        int threads = p.get(NetParams.THREADS);
        int before = Torch.loaded() ? Torch.threadCount() : 0;
        if (threads > 0 && Torch.loaded()) Torch.threads(threads); // the session sets it when the engine is not loaded
        int warmup = p.get(WARMUP), steps = p.get(STEPS), batch = p.get(NetParams.BATCH);
        double seconds;
        long params;
        String label;
        try (NetSession s = NetSession.open(p, netKind, data.shape(), seed)) {
            label = s.label();
            params = s.parameters();
            float[] x = new float[data.images().data.length];
            for (int i = 0; i < x.length; i++) x[i] = (float) data.images().data[i];
            int n = data.images().numRows;
            double lr = p.get(NetParams.LR);
            if (warmup > 0) train(s, netKind, x, n, Training.Config.of(warmup, batch, lr, seed), progress);
            seconds = train(s, netKind, x, n, Training.Config.of(warmup + steps, batch, lr, seed), progress)
                    .seconds();
        } finally {
            if (before > 0 && threads > 0 && before != threads) Torch.threads(before);
        }
        int usedThreads = threads > 0 ? threads : Torch.threadCount();
        double perStep = seconds / steps;
        Table t = Table.create(
                "network-cost",
                StringColumn.create("net", label),
                StringColumn.create("preset", p.get(NetParams.PRESET).name().toLowerCase(Locale.ROOT)),
                IntColumn.create("batch", new int[] {batch}),
                LongColumn.create("parameters", new long[] {params}),
                IntColumn.create("threads", new int[] {usedThreads}),
                IntColumn.create("steps", new int[] {steps}),
                DoubleColumn.create("seconds_per_step", new double[] {perStep}),
                DoubleColumn.create("seconds_per_1000_steps", new double[] {perStep * 1000}),
                DoubleColumn.create("images_per_second", new double[] {batch / perStep}));
        result.table(t)
                .check("seconds-per-step", "seconds per training step after warm-up", perStep)
                .check("seconds-per-1000-steps", "training seconds per 1000 steps on this machine", perStep * 1000)
                .check("images-per-second", "training images per second", batch / perStep)
                .check("parameters", "trainable parameters", params)
                .check("threads", "PyTorch intra-op threads", usedThreads);
    }

    private static Training.Result train(
            NetSession s, NetParams.Net net, float[] x, int n, Training.Config cfg, Progress progress) {
        return Training.train(
                s.model,
                net == NetParams.Net.LINEAR ? Objectives.perLevel() : Objectives.edm(),
                x,
                n,
                cfg,
                progress,
                null);
    }
}
