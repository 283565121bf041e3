package org.diffdyn.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.diffdyn.core.Check;
import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;

/**
 * The one training loop of the network layer: Adam on minibatches drawn with replacement from a training set, any
 * {@link Objective}, checkpoints at log-spaced steps delivered to a {@link Listener} and optionally written to a folder.
 *
 * <p><b>Memory.</b> Every step runs inside an {@link NDScope} and a sub-manager of the network's manager, so all native
 * tensors of the step (batch, noise, activations, gradients' wrappers) are freed when the step ends; only the
 * parameters and the Adam moments live for the run.
 *
 * <p><b>Randomness.</b> Before step s (1-based) PyTorch's generator is seeded with mix(seed, s) and the batch indices are
 * drawn from a {@link Rng} with the same seed: the draws of a step depend on (seed, s) alone, so the step counter is the
 * whole RNG state and a run resumed from a checkpoint repeats the uninterrupted run exactly (same machine and threads).
 *
 * <p><b>Failure.</b> A non-finite loss stops the run with a {@link NumericalException} naming the learning rate and the
 * step; {@link Progress#checkCancelled()} between steps stops within one step of an interrupt.
 */
public final class Training {
    private Training() {}

    /**
     * @param steps         total Adam steps of the run (a resumed run continues to this number)
     * @param batch         minibatch size
     * @param learningRate  Adam's step size (β₁ = 0.9, β₂ = 0.999, ε = 1e-8)
     * @param seed          seed of all draws of the run
     * @param checkpoints   number of log-spaced checkpoint steps in 1 … steps (step 0, the initial network, is one more)
     * @param checkpointDir folder for checkpoint files, or null; an existing checkpoint there is resumed from
     */
    public record Config(long steps, int batch, double learningRate, long seed, int checkpoints, Path checkpointDir) {
        public Config {
            if (steps < 1 || steps > 1_000_000_000L) throw new ParameterException("steps", steps, "1 to 1e9");
            Check.inRange("batch", batch, 1, 1 << 20);
            Check.positive("learningRate", learningRate);
            if (learningRate > 10) throw new ParameterException("learningRate", learningRate, "at most 10");
            Check.inRange("checkpoints", checkpoints, 0, 100_000);
        }

        public static Config of(long steps, int batch, double learningRate, long seed) {
            return new Config(steps, batch, learningRate, seed, 0, null);
        }

        public Config withCheckpoints(int count) {
            return new Config(steps, batch, learningRate, seed, count, checkpointDir);
        }

        public Config withCheckpointDir(Path dir) {
            return new Config(steps, batch, learningRate, seed, checkpoints, dir);
        }

        public Config withSteps(long s) {
            return new Config(s, batch, learningRate, seed, checkpoints, checkpointDir);
        }
    }

    /** Receives the network at each checkpoint step (the weights are those of that step while the call runs). */
    @FunctionalInterface
    public interface Listener {
        void checkpoint(long step, double loss);
    }

    /** What a run did: the mean loss between checkpoints, per checkpoint step. */
    public record Result(long firstStep, long lastStep, double meanLoss, List<double[]> history, double seconds) {
        /** Steps per second of this call. */
        public double stepsPerSecond() {
            return (lastStep - firstStep + 1) / seconds;
        }
    }

    /** Log-spaced integer steps in 1 … steps (count values before removing duplicates), plus 0, always with {@code steps}. */
    public static long[] logSteps(long steps, int count) {
        TreeSet<Long> s = new TreeSet<>();
        s.add(0L);
        if (count > 0) {
            s.add(steps);
            for (int i = 0; i < count; i++) {
                double f = count == 1 ? 1 : (double) i / (count - 1);
                s.add(Math.max(1, Math.round(Math.exp(f * Math.log(steps)))));
            }
        }
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    /** The checkpoint file of a step in a folder. */
    public static Path checkpointFile(Path dir, long step) {
        return dir.resolve(String.format(Locale.ROOT, "step-%010d.ckpt", step));
    }

    /** The latest checkpoint file in a folder, or null. */
    public static Path latestCheckpoint(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) return null;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("step-\\d{10}\\.ckpt"))
                    .max(Path::compareTo)
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoint folder " + dir, e);
        }
    }

    static long mix(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    /**
     * Trains {@code net} from its current step up to {@code config.steps()} on the n samples of {@code data} (row-major,
     * n × net.dim(), float). If the config names a checkpoint folder holding a later checkpoint, the network is first
     * restored from it. Calls {@code listener} at step 0 (if the run starts there) and at every checkpoint step.
     */
    public static <N extends Network> Result train(
            N net, Objective<N> objective, float[] data, int n, Config config, Progress progress, Listener listener) {
        Check.positive("n", n);
        int d = net.dim();
        if ((long) n * d != data.length)
            throw new ParameterException("data", data.length + " values", "n × dim = " + n + " × " + d);
        Path latest = latestCheckpoint(config.checkpointDir());
        if (latest != null) {
            long at = Long.parseLong(latest.getFileName().toString().substring(5, 15));
            if (at > net.step() && at <= config.steps()) net.load(latest);
        }
        long[] marks = logSteps(config.steps(), config.checkpoints());
        TreeSet<Long> markSet = new TreeSet<>();
        for (long m : marks) markSet.add(m);
        long first = net.step() + 1;
        if (net.step() == 0 && listener != null && markSet.contains(0L)) listener.checkpoint(0, Double.NaN);
        List<double[]> history = new ArrayList<>();
        int b = config.batch();
        float[] buf = new float[b * d];
        Shape batchShape = new Shape(b).addAll(net.sampleShape());
        double sum = 0, total = 0;
        long since = 0;
        long t0 = System.nanoTime();
        var engine = Torch.engine();
        progress.start(
                String.format(
                        Locale.ROOT,
                        "training %s: steps %d..%d",
                        net.module().getClass().getSimpleName(),
                        first,
                        config.steps()),
                Math.max(0, config.steps() - first + 1));
        try {
            for (long s = first; s <= config.steps(); s++) {
                progress.checkCancelled();
                long stepSeed = mix(config.seed(), s);
                Rng rng = new Rng(stepSeed);
                for (int r = 0; r < b; r++) System.arraycopy(data, rng.uniformInt(n) * d, buf, r * d, d);
                double loss;
                synchronized (Torch.RNG_LOCK) { // this step's draws come from its own seed whatever else runs
                    try (NDScope scope = new NDScope();
                            NDManager m = net.manager().newSubManager()) {
                        Torch.seed(stepSeed);
                        NDArray x0 = m.create(buf, batchShape);
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray l = objective.loss(net, x0);
                            loss = l.getFloat();
                            if (!Double.isFinite(loss))
                                throw new NumericalException(
                                        "learningRate",
                                        String.format(
                                                Locale.ROOT,
                                                "the training loss is %s at step %d (learning rate %g): the run diverged; lower the learning rate",
                                                loss,
                                                s,
                                                config.learningRate()));
                            gc.backward(l);
                        }
                        net.adamStep(config.learningRate(), 0.9, 0.999, 1e-8);
                    }
                }
                sum += loss;
                total += loss;
                since++;
                if (markSet.contains(s)) {
                    history.add(new double[] {s, sum / since});
                    if (config.checkpointDir() != null) net.save(checkpointFile(config.checkpointDir(), s));
                    if (listener != null) listener.checkpoint(s, sum / since);
                    sum = 0;
                    since = 0;
                }
                progress.advance(s - first + 1);
            }
        } finally {
            progress.finish();
        }
        long done = Math.max(1, config.steps() - first + 1);
        return new Result(first, config.steps(), total / done, history, (System.nanoTime() - t0) / 1e9);
    }
}
