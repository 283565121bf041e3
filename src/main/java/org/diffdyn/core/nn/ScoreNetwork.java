package org.diffdyn.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.Activation;

/**
 * A time-conditioned MLP score model trained by denoising score matching on a finite training set, the kind of network
 * whose partial memorisation the paper-D latent study looks at (random-features-and-ridge.md §4.6, D-MNIST, QUOTED:
 * MLP(32+128 → 512 → 512 → 32) with a Gaussian Fourier time embedding, Adam). The hidden activation is not in the
 * spec (UNSURE, {@link Config#activation}).
 *
 * <p>The network predicts the noise: with x_t = a_t x₀ + √h_t z (OU process, §1.1) it outputs ε̂(x_t, t) and the score
 * is ŝ = −ε̂/√h_t (§1.2). The loss is E[h_t^k ‖ε̂ − z‖²]/D with t log-uniform on [t₀, T] (the sampler's geometric grid) and
 * k = {@link Config#lossWeight}: k = 0 is the usual noise-prediction loss ‖s√h_t + z‖²; k = −1 adds the 1/h_t weight of
 * the authors' MNIST script. The time input is u = ln(t/t₀)/ln(T/t₀) ∈ [0, 1], embedded as sin/cos(2π ω_j u) with
 * ω_j ~ N(0, scale²). Time distribution, time variable and embedding scale are UNSURE choices (the authors' values are
 * for their own time variable) and are parameters.
 */
public final class ScoreNetwork implements ScoreFunction {

    /** Training settings; every field is checked with its name and range. */
    public record Config(int[] hidden, Activation activation, int frequencies, double embeddingScale, int batch,
                         double learningRate, double t0, double tMax, int lossWeight) {
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
    private final double[] data;
    private final int n, d;
    private final Mlp net;
    private final Adam adam;
    private final double[] omega;
    private final Rng rng;
    private final List<double[]> lossHistory = new ArrayList<>();

    /**
     * A fresh network for the n training points (row-major n × d) of {@code data}. The data are referenced, not copied.
     */
    public ScoreNetwork(double[] data, int n, int d, Config config, Rng rng) {
        Check.positive("n", n);
        Check.positive("d", d);
        if (data.length != n * d) throw new IllegalArgumentException("data holds " + data.length + " values, not n*d = " + n * d);
        this.config = config;
        this.data = data;
        this.n = n;
        this.d = d;
        this.rng = rng;
        omega = new double[config.frequencies()];
        for (int j = 0; j < omega.length; j++) omega[j] = config.embeddingScale() * rng.gaussian();
        int[] widths = new int[config.hidden().length + 2];
        widths[0] = d + 2 * config.frequencies();
        System.arraycopy(config.hidden(), 0, widths, 1, config.hidden().length);
        widths[widths.length - 1] = d;
        net = new Mlp(widths, config.activation(), rng.split());
        adam = new Adam(net.parameterCount(), config.learningRate());
    }

    public Config config() { return config; }
    public long steps() { return adam.steps(); }
    public int parameterCount() { return net.parameterCount(); }

    /** (Adam step, mean training loss over the steps since the previous entry), one entry per {@link #train} report. */
    public List<double[]> lossHistory() { return List.copyOf(lossHistory); }

    private void input(double[] x, double[] t, int rows, double[] out) {
        int width = d + 2 * omega.length;
        double logSpan = Math.log(config.tMax() / config.t0());
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * d, out, r * width, d);
            double u = Math.log(t[r] / config.t0()) / logSpan;
            int o = r * width + d;
            for (int j = 0; j < omega.length; j++) {
                double angle = 2 * Math.PI * omega[j] * u;
                out[o + j] = Math.sin(angle);
                out[o + omega.length + j] = Math.cos(angle);
            }
        }
    }

    /**
     * Runs {@code steps} more Adam steps of denoising score matching, reporting progress and stopping promptly on
     * interrupt. Returns the mean loss of these steps.
     */
    public double train(int steps, Progress progress) {
        Check.positive("steps", steps);
        int b = config.batch(), width = d + 2 * omega.length;
        double[] x = new double[b * d], z = new double[b * d], t = new double[b], in = new double[b * width];
        double[] grad = new double[net.parameterCount()];
        double logT0 = Math.log(config.t0()), logSpan = Math.log(config.tMax() / config.t0());
        double sum = 0;
        progress.start("score network: Adam steps " + (adam.steps() + 1) + ".." + (adam.steps() + steps), steps);
        for (int s = 0; s < steps; s++) {
            for (int r = 0; r < b; r++) {
                int i = rng.uniformInt(n);
                t[r] = Math.exp(logT0 + logSpan * rng.uniform());
                double a = OuProcess.a(t[r]), sh = Math.sqrt(OuProcess.h(t[r]));
                for (int k = 0; k < d; k++) {
                    double e = rng.gaussian();
                    z[r * d + k] = e;
                    x[r * d + k] = a * data[i * d + k] + sh * e;
                }
            }
            input(x, t, b, in);
            Mlp.Pass pass = net.forward(in, b);
            double[] dOut = pass.output().clone();
            double loss = 0;
            for (int r = 0; r < b; r++) {
                double w = config.lossWeight() == 0 ? 1 : Math.pow(OuProcess.h(t[r]), config.lossWeight());
                for (int k = 0; k < d; k++) {
                    double e = dOut[r * d + k] - z[r * d + k];
                    loss += w * e * e;
                    dOut[r * d + k] = 2 * w * e / (b * d);
                }
            }
            loss /= b * d;
            if (!Double.isFinite(loss))
                throw new org.diffdyn.core.NumericalException("learningRate", "the training loss is " + loss + " at Adam step "
                        + (adam.steps() + 1) + " (learning rate " + config.learningRate() + "): lower the learning rate");
            sum += loss;
            java.util.Arrays.fill(grad, 0);
            net.backward(pass, dOut, grad);
            adam.step(net.parameters(), grad);
            if ((s & 15) == 0) progress.advance(s);
        }
        progress.finish();
        double mean = sum / steps;
        lossHistory.add(new double[] {adam.steps(), mean});
        return mean;
    }

    /** ŝ(y, t) = −ε̂(y, t)/√h_t with the current weights (h_t clamped at 1e-9 as in the samplers). */
    @Override public void scores(double[] y, int rows, int dim, double t, double[] out) {
        if (dim != d) throw new IllegalArgumentException("network trained in dimension " + d + ", asked for " + dim);
        int width = d + 2 * omega.length;
        double[] times = new double[rows];
        java.util.Arrays.fill(times, Math.max(t, config.t0() * 1e-3));
        double[] in = new double[rows * width];
        input(y, times, rows, in);
        double[] eps = net.predict(in, rows);
        double scale = -1 / Math.sqrt(Math.max(OuProcess.h(t), 1e-9));
        for (int i = 0; i < rows * d; i++) out[i] = scale * eps[i];
    }
}
