package org.diffdyn.measure.experiments;

import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.ParamGroup;

/** The options every network experiment shares (declared once, appended to each experiment's spec). */
@ParamGroup
public final class NetParams {
    private NetParams() {}

    /** The denoiser: the authors' MLP-UNet, a convolutional U-Net (EDM SongUNet style), or paper A's per-level linear denoiser. */
    public enum Net {
        MLP,
        CNN,
        LINEAR
    }

    /** Network size: CPU-sized default or the papers' size. */
    public enum Preset {
        CPU,
        PAPER
    }

    /** Where the network runs. */
    public enum Device {
        AUTO,
        CPU,
        GPU
    }

    static final Param<Preset> PRESET =
            Param.choice("preset", Preset.CPU, "network size: cpu (minutes on 2 cores) or paper (the authors' size)");
    static final Param<Integer> WIDTH = Param.integer("width", 0, 0, 16_384, "MLP width (0 = the preset's)");
    static final Param<Integer> DEPTH = Param.integer(
            "depth",
            0,
            0,
            64,
            "MLP layers, 2..64: residual blocks plus the output layer (0 = the preset's: cpu 5, paper 8)");
    static final Param<Integer> CHANNELS =
            Param.integer("channels", 0, 0, 1024, "CNN base channels (0 = the preset's)");
    static final Param<Integer> BATCH = Param.integer("batch", 256, 1, 65_536, "minibatch size (paper: 256)");
    static final Param<Double> LR = Param.realAbove(
            "lr",
            1e-3,
            0,
            1,
            "Adam learning rate (paper: 1e-4 over 50k steps; the CPU default trains fewer, larger steps)");
    static final Param<Device> DEVICE = Param.choice("device", Device.AUTO, "auto, cpu or gpu");
    static final Param<Integer> THREADS = Param.integer(
            "threads",
            0,
            0,
            1024,
            "PyTorch threads, set before the engine first loads (0 = the engine's default; 1 avoids libgomp spin-waiting on a loaded machine)");

    /** Seconds per 1000 training steps from {seconds, steps} (NaN when no step was trained, e.g. everything resumed). */
    static double perThousand(double[] secondsSteps) {
        return secondsSteps[1] > 0 ? secondsSteps[0] * 1000 / secondsSteps[1] : Double.NaN;
    }
}
