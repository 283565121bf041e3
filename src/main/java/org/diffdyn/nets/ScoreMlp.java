package org.diffdyn.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.rf.Activation;

/**
 * The time-conditioned MLP noise predictor of the paper-D latent study (random-features-and-ridge.md §4.6, QUOTED:
 * MLP(D + 2F → hidden … → D) with a Gaussian Fourier time embedding): input [x, sin(2π ω u), cos(2π ω u)] with the
 * time variable u ∈ [0, 1] and fixed ω ~ N(0, scale²), hidden layers with the shared {@link Activation} (ReLU
 * or tanh; UNSURE, as in the former hand-written network), a linear output ε̂. The training objective is {@link Objectives#vpDsm}.
 */
public final class ScoreMlp extends Module {
    private final Layers.Fourier embed;
    private final Layers.Dense[] layers;
    private final Activation activation;
    private final int dim;

    public ScoreMlp(int dim, int[] hidden, Activation activation, int frequencies, float scale) {
        Check.positive("dimension", dim);
        if (hidden.length == 0) throw new ParameterException("hidden", "[]", "at least one hidden layer");
        for (int w : hidden) Check.inRange("hidden width", w, 1, 8192);
        Check.inRange("frequencies", frequencies, 1, 4096);
        if (activation == null) throw new ParameterException("activation", "null", "relu or tanh");
        this.dim = dim;
        this.activation = activation;
        embed = child("embed", new Layers.Fourier(frequencies, scale));
        layers = new Layers.Dense[hidden.length + 1];
        int in = dim + 2 * frequencies;
        for (int l = 0; l < hidden.length; l++) {
            layers[l] = child("fc" + l, new Layers.Dense(in, hidden[l]));
            in = hidden[l];
        }
        layers[hidden.length] = child("out", new Layers.Dense(in, dim));
    }

    public int dim() {
        return dim;
    }

    /** x: (B, D); u: (B) time variable in [0, 1]; returns ε̂ (B, D). */
    @Override
    public NDArray apply(NDArray x, NDArray u, boolean training) {
        NDArray h = NDArrays.concat(new NDList(x, embed.apply(u, null, training)), 1);
        for (int l = 0; l < layers.length; l++) {
            h = layers[l].apply(h, null, training);
            if (l < layers.length - 1)
                h = switch (activation) {
                    case RELU -> h.getNDArrayInternal().relu();
                    case TANH -> h.tanh();
                };
        }
        return h;
    }
}
