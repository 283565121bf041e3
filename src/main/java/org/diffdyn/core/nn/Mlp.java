package org.diffdyn.core.nn;

import java.util.Arrays;
import org.diffdyn.core.Check;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.Activation;

/**
 * A fully connected network (hidden activation ReLU or tanh, the shared {@link Activation}) with a linear output layer, evaluated and differentiated for a whole batch at once
 * (rows of a row-major array) so that every layer is one BLAS product through {@link Dense#gemm}.
 *
 * <p>All weights and biases live in one flat array ({@link #parameters()}), layer by layer: W_l (fan-in × fan-out,
 * row-major) then b_l. That lets an optimiser such as {@link Adam} treat the network as a single vector, and lets a
 * gradient check perturb any coordinate. Initialisation is PyTorch's default for {@code nn.Linear}: W and b uniform
 * on (−1/√fan-in, 1/√fan-in).
 *
 * <p>Hand-written backpropagation is deliberate: the only networks here are two- or three-layer score models for
 * the paper-D latent study, and a CPU deep-learning stack from Maven Central would bring native engines far larger than
 * the project for this one use.
 */
public final class Mlp {
    private final int[] widths;
    private final int[] weightAt, biasAt;
    private final double[] params;
    private final Activation activation;

    /** A ReLU network. */
    public Mlp(int[] widths, Rng rng) {
        this(widths, Activation.RELU, rng);
    }

    /**
     * @param widths     layer widths, input first and output last (at least two entries, all positive)
     * @param activation the hidden layers' activation
     * @param rng        source of the initial weights
     */
    public Mlp(int[] widths, Activation activation, Rng rng) {
        if (widths.length < 2) throw new org.diffdyn.core.ParameterException("widths", Arrays.toString(widths), "at least an input and an output width");
        for (int w : widths) Check.positive("layer width", w);
        this.widths = widths.clone();
        this.activation = activation;
        int layers = widths.length - 1;
        weightAt = new int[layers];
        biasAt = new int[layers];
        int size = 0;
        for (int l = 0; l < layers; l++) {
            weightAt[l] = size;
            size += widths[l] * widths[l + 1];
            biasAt[l] = size;
            size += widths[l + 1];
        }
        params = new double[size];
        for (int l = 0; l < layers; l++) {
            double bound = 1 / Math.sqrt(widths[l]);
            for (int i = weightAt[l]; i < biasAt[l] + widths[l + 1]; i++) params[i] = bound * (2 * rng.uniform() - 1);
        }
    }

    public int inputDim() { return widths[0]; }
    public int outputDim() { return widths[widths.length - 1]; }
    public int parameterCount() { return params.length; }
    public int[] widths() { return widths.clone(); }
    public Activation activation() { return activation; }

    /** The live parameter vector: optimisers update it in place. */
    public double[] parameters() { return params; }

    /** The activations of one forward pass, kept for {@link #backward}. */
    public static final class Pass {
        final int batch;
        /** layer[0] = input; layer[l] = activation output of hidden layer l; the last entry is the linear output. */
        final double[][] layer;
        /** pre[l] = pre-activation of hidden layer l (l ≥ 1), for the activation's derivative in backward. */
        final double[][] pre;

        Pass(int batch, double[][] layer, double[][] pre) {
            this.batch = batch;
            this.layer = layer;
            this.pre = pre;
        }

        /** The network output, batch × outputDim row-major (a live view: do not modify before backward). */
        public double[] output() { return layer[layer.length - 1]; }
        public int batch() { return batch; }
    }

    /** Runs the network on {@code batch} rows of {@code x} (batch × inputDim, row-major). */
    public Pass forward(double[] x, int batch) {
        Check.positive("batch", batch);
        if (x.length < batch * widths[0])
            throw new IllegalArgumentException("input holds " + x.length + " values, need " + batch + " x " + widths[0]);
        int layers = widths.length - 1;
        double[][] layer = new double[layers + 1][], pre = new double[layers][];
        layer[0] = x;
        for (int l = 0; l < layers; l++) {
            int in = widths[l], out = widths[l + 1];
            double[] z = new double[batch * out];
            for (int r = 0; r < batch; r++) System.arraycopy(params, biasAt[l], z, r * out, out);
            Dense.gemm(false, false, batch, out, in, 1, layer[l], 0, params, weightAt[l], 1, z, 0);
            if (l < layers - 1) {
                pre[l + 1] = z;
                double[] a = new double[z.length];
                for (int i = 0; i < z.length; i++) a[i] = activation.value(z[i]);
                z = a;
            }
            layer[l + 1] = z;
        }
        return new Pass(batch, layer, pre);
    }

    /** The network output for {@code batch} rows of {@code x}. */
    public double[] predict(double[] x, int batch) {
        return forward(x, batch).output();
    }

    /**
     * Adds ∂L/∂θ to {@code grad} (length {@link #parameterCount()}) given ∂L/∂output for the pass's batch
     * (batch × outputDim). {@code dOut} is overwritten.
     */
    public void backward(Pass pass, double[] dOut, double[] grad) {
        if (grad.length != params.length) throw new IllegalArgumentException("gradient has " + grad.length + " entries, need " + params.length);
        int batch = pass.batch;
        double[] delta = dOut;
        for (int l = widths.length - 2; l >= 0; l--) {
            int in = widths[l], out = widths[l + 1];
            double[] below = pass.layer[l];
            // ∂L/∂W_l = a_{l-1}ᵀ δ_l and ∂L/∂b_l = Σ_rows δ_l.
            Dense.gemm(true, false, in, out, batch, 1, below, 0, delta, 0, 1, grad, weightAt[l]);
            for (int r = 0; r < batch; r++) {
                int row = r * out;
                for (int j = 0; j < out; j++) grad[biasAt[l] + j] += delta[row + j];
            }
            if (l == 0) break;
            // δ_{l-1} = (δ_l W_lᵀ) ⊙ σ'(z_{l-1})
            double[] next = new double[batch * in], z = pass.pre[l];
            Dense.gemm(false, true, batch, in, out, 1, delta, 0, params, weightAt[l], 0, next, 0);
            for (int i = 0; i < next.length; i++) next[i] *= activation.derivative(z[i]);
            delta = next;
        }
    }
}
