package org.diffdyn.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.rf.Activation;
import org.ejml.data.DMatrixRMaj;

/**
 * The paper-D time-conditioned MLP score network ({@link ScoreMlp}) with its training set, trained by
 * {@link Objectives#vpDsm} through {@link Training}, and usable by the core samplers as a {@link ScoreFunction}:
 * ŝ(y, t) = −ε̂(y, u(t))/√h_t (random-features-and-ridge.md §1.2). Replaces the former hand-written
 * {@code core.nn.ScoreNetwork} with the same configuration and objective.
 */
public final class ScoreNet extends Network implements ScoreFunction {

    /** Training settings; every field is checked with its name and range. */
    public record Config(
            int[] hidden,
            Activation activation,
            int frequencies,
            double embeddingScale,
            int batch,
            double learningRate,
            double t0,
            double tMax,
            int lossWeight) {
        public Config {
            if (activation == null) throw new ParameterException("activation", "null", "relu or tanh");
            if (hidden.length == 0) throw new ParameterException("hidden", "[]", "at least one hidden layer");
            for (int w : hidden) Check.inRange("hidden width", w, 1, 8192);
            Check.inRange("frequencies", frequencies, 1, 4096);
            Check.positive("embeddingScale", embeddingScale);
            Check.inRange("batch", batch, 1, 1 << 20);
            Check.positive("learningRate", learningRate);
            Check.positive("t0", t0);
            if (!(tMax > t0)) throw new ParameterException("tMax", tMax, "greater than t0 = " + t0);
            Check.inRange("lossWeight", lossWeight, -2, 2);
            hidden = hidden.clone();
        }
    }

    private final Config config;
    private final float[] data;
    private final int n, d;
    private final long seed;
    private final Objective<ScoreNet> objective;
    private final List<double[]> lossHistory = new ArrayList<>();

    /** A fresh network for the training points of {@code data} (n × d, one per row), on the CPU. */
    public ScoreNet(DMatrixRMaj data, Config config, long seed) {
        this(data, config, Torch.Device.CPU, seed);
    }

    public ScoreNet(DMatrixRMaj data, Config config, Torch.Device device, long seed) {
        super(
                new ScoreMlp(checkedDimension(data), config.hidden(), config.activation(), config.frequencies(), (float)
                        config.embeddingScale()),
                new Shape(data.numCols),
                device,
                seed);
        this.config = config;
        this.n = data.numRows;
        this.d = data.numCols;
        this.seed = seed;
        this.data = new float[n * d];
        for (int i = 0; i < this.data.length; i++) this.data[i] = (float) data.data[i];
        objective = Objectives.vpDsm(config.t0(), config.tMax(), config.lossWeight());
    }

    private static int checkedDimension(DMatrixRMaj data) {
        Check.positive("n", data.numRows);
        Check.positive("d", data.numCols);
        return data.numCols;
    }

    public Config config() {
        return config;
    }

    public long steps() {
        return step();
    }

    /** (Adam step, mean training loss over the steps since the previous entry), one entry per {@link #train} call. */
    public List<double[]> lossHistory() {
        return List.copyOf(lossHistory);
    }

    /** Runs {@code steps} more Adam steps, reporting progress and stopping between steps on interrupt; returns their mean loss. */
    public double train(int steps, Progress progress) {
        Check.positive("steps", steps);
        Training.Result r = Training.train(
                this,
                objective,
                data,
                n,
                Training.Config.of(step() + steps, config.batch(), config.learningRate(), seed),
                progress,
                null);
        lossHistory.add(new double[] {step(), r.meanLoss()});
        return r.meanLoss();
    }

    /** ŝ(y, t) = −ε̂(y, t)/√h_t with the current weights (h_t clamped at 1e-9 as in the samplers). */
    @Override
    public void scores(DMatrixRMaj y, double t, DMatrixRMaj out) {
        int rows = y.numRows;
        if (y.numCols != d)
            throw new IllegalArgumentException("network trained in dimension " + d + ", asked for " + y.numCols);
        double u = Math.log(Math.max(t, config.t0() * 1e-3) / config.t0()) / Math.log(config.tMax() / config.t0());
        double scale = -1 / Math.sqrt(Math.max(OuProcess.h(t), 1e-9));
        float[] buf = new float[rows * d];
        for (int i = 0; i < buf.length; i++) buf[i] = (float) y.data[i];
        try (NDScope scope = new NDScope();
                NDManager m = manager.newSubManager()) {
            NDArray eps = module.apply(m.create(buf, new Shape(rows, d)), m.full(new Shape(rows), (float) u), false);
            float[] e = eps.toFloatArray();
            for (int i = 0; i < rows * d; i++) out.data[i] = scale * e[i];
        }
    }
}
