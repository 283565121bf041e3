package org.diffdyn.measure.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.sampling.EdmHeunSampler;
import org.diffdyn.nets.ConvUNet;
import org.diffdyn.nets.DiffusionNet;
import org.diffdyn.nets.MlpUNet;
import org.diffdyn.nets.Objectives;
import org.diffdyn.nets.Torch;
import org.diffdyn.nets.Training;
import org.ejml.data.DMatrixRMaj;

/**
 * One network of an experiment: built from the shared options, trained with EDM (MLP, CNN) or paper A's per-level
 * loss (linear) through the network layer's one training loop, and handed to a {@link Measure} at every log-spaced
 * checkpoint. With a checkpoint folder, a rerun first re-measures every checkpoint already there (loading its weights:
 * sampling is deterministic given weights and seed) and then resumes training from the latest one, so an
 * interrupted run continues where it stopped and yields the same table as an uninterrupted one.
 */
final class NetSession implements AutoCloseable {
    /** Called with the network's weights at a checkpoint step; {@code loss} is the mean training loss since the last one (NaN if unknown). */
    interface Measure {
        void at(long step, double loss, NetSession session);
    }

    final NetParams.Net net;
    final DiffusionNet model;
    final int[] shape;
    private final long seed;

    /** The network of the group's parameters (preset, width, depth, channels, device, threads) on data of this shape. */
    static NetSession open(org.diffdyn.experiment.Params p, NetParams.Net net, int[] shape, long seed) {
        return new NetSession(
                net,
                p.get(NetParams.PRESET),
                shape,
                p.get(NetParams.WIDTH),
                p.get(NetParams.DEPTH),
                p.get(NetParams.CHANNELS),
                p.get(NetParams.DEVICE),
                seed,
                p.get(NetParams.THREADS));
    }

    NetSession(
            NetParams.Net net,
            NetParams.Preset preset,
            int[] shape,
            int width,
            int depth,
            int channels,
            NetParams.Device device,
            long seed,
            int threads) {
        if (threads > 0 && !Torch.loaded()) Torch.threads(threads);
        this.net = net;
        this.shape = shape;
        this.seed = seed;
        Torch.Device dev = Torch.Device.valueOf(device.name());
        DiffusionNet.Preset pre =
                preset == NetParams.Preset.PAPER ? DiffusionNet.Preset.PAPER : DiffusionNet.Preset.CPU;
        int d = 1;
        for (int s : shape) d *= s;
        switch (net) {
            case MLP -> {
                // validated here so that errors name the experiment's parameters (MlpUNet calls depth "layers")
                if (depth == 1)
                    throw new ParameterException(
                            "depth",
                            depth,
                            "0 (the preset's) or an integer in [2, 64]: residual blocks plus the output layer");
                if (width > 0 || depth > 0) {
                    MlpUNet.Preset p = preset == NetParams.Preset.PAPER ? MlpUNet.Preset.PAPER : MlpUNet.Preset.CPU;
                    model = DiffusionNet.of(
                            DiffusionNet.Kind.MLP,
                            new MlpUNet(d, depth > 0 ? depth : p.layers, width > 0 ? width : p.width, p.timeEmbedding),
                            new int[] {d},
                            0.5,
                            dev,
                            seed);
                } else model = DiffusionNet.build(DiffusionNet.Kind.MLP, pre, shape, dev, seed);
            }
            case CNN -> {
                if (shape.length != 3)
                    throw new ParameterException(
                            "net", "cnn", "data with an image shape (fashion-mnist, or gaussian with a square d)");
                if (channels > 0) {
                    ConvUNet.Preset p = preset == NetParams.Preset.PAPER ? ConvUNet.Preset.PAPER : ConvUNet.Preset.CPU;
                    ConvUNet unet;
                    try {
                        unet = new ConvUNet(
                                shape[0], shape[1], shape[2], channels, p.mult(), p.blocks, p.attentionResolution);
                    } catch (ParameterException e) {
                        // the U-Net names its per-level channel counts; the user typed channels
                        if (!e.parameter().equals("channels")) throw e;
                        throw new ParameterException(
                                "channels",
                                channels,
                                "0 (the preset's) or at least 4, with every level's channels (channels x "
                                        + java.util.Arrays.toString(p.mult())
                                        + ") divisible by its GroupNorm group count min(32, channels/4): "
                                        + "any multiple of 4 up to 64 and any multiple of 32 work",
                                e.getMessage());
                    }
                    model = DiffusionNet.of(DiffusionNet.Kind.CNN, unet, shape, 0.5, dev, seed);
                } else model = DiffusionNet.build(DiffusionNet.Kind.CNN, pre, shape, dev, seed);
            }
            case LINEAR -> model = DiffusionNet.build(DiffusionNet.Kind.LINEAR, pre, new int[] {d}, dev, seed);
            default -> throw new AssertionError(net);
        }
    }

    String label() {
        return net.name().toLowerCase(Locale.ROOT);
    }

    long parameters() {
        return model.parameterCount();
    }

    /** n generated samples (rows) with the 20-step Heun sampler; the same latents at every checkpoint. */
    DMatrixRMaj sample(int n, Progress progress) {
        return model.sample(n, EdmHeunSampler.standard(), seed + 7919, progress);
    }

    EdmHeunSampler.BatchDenoiser denoiser() {
        return model.denoiser();
    }

    /**
     * Trains to {@code steps}, measuring at step 0 and at the log-spaced checkpoints.
     *
     * @return {seconds spent in training steps (sampling and measuring excluded), steps trained in this call}
     */
    double[] train(
            DMatrixRMaj data,
            long steps,
            int batch,
            double lr,
            int checkpoints,
            Path dir,
            Progress progress,
            Measure measure) {
        float[] x = new float[data.data.length];
        for (int i = 0; i < x.length; i++) x[i] = (float) data.data[i];
        Training.Config cfg = new Training.Config(steps, batch, lr, seed, checkpoints, dir);
        measure.at(0, Double.NaN, this);
        if (dir != null) {
            // re-measure what an earlier (interrupted) run already trained, in step order
            for (long m : Training.logSteps(steps, checkpoints)) {
                if (m == 0) continue;
                Path f = Training.checkpointFile(dir, m);
                if (!Files.exists(f)) break;
                model.load(f);
                measure.at(m, Double.NaN, this);
            }
        }
        long resumedAt = model.step();
        long[] done = {resumedAt};
        long[] measuring = {0}; // nanoseconds spent in checkpoint measurements during training, excluded from the time
        Training.Result r = Training.train(
                model,
                net == NetParams.Net.LINEAR ? Objectives.perLevel() : Objectives.edm(),
                x,
                data.numRows,
                cfg,
                progress,
                (step, loss) -> {
                    if (step > done[0]) {
                        done[0] = step;
                        long t0 = System.nanoTime();
                        measure.at(step, loss, this);
                        measuring[0] += System.nanoTime() - t0;
                    }
                });
        return new double[] {r.seconds() - measuring[0] / 1e9, Math.max(0, r.lastStep() - r.firstStep() + 1)};
    }

    @Override
    public void close() {
        model.close();
    }
}
