package org.diffdyn.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;

/**
 * Paper A's one-layer linear denoiser with independent parameters per noise level (linear-diffusion.md §2.1 table
 * "one-layer", QUOTED): D(x; σ_j) = W_j x + b_j on a fixed grid σ_1 … σ_K, W_j and b_j initialised to zero (the aligned
 * initialisation with Q_k = 0). Trained with the per-level DSM loss ({@link Objectives#perLevel}) its weights follow
 * Eq. 7 and converge to W*_j = Σ̂(Σ̂ + σ_j² I)⁻¹ with the training set's second moments (§2.2.1–2.2.2).
 */
public final class LinearDenoiser extends Module {
    private final Parameter weight, bias;
    private final double[] levels;
    private final int dim;

    /** @param levels the noise levels, positive and distinct */
    public LinearDenoiser(int dim, double[] levels) {
        Check.positive("dimension", dim);
        if (levels.length == 0) throw new ParameterException("levels", "[]", "at least one noise level");
        for (double s : levels) Check.positive("noise level", s);
        this.dim = dim;
        this.levels = levels.clone();
        weight = param("weight", new Shape(levels.length, dim, dim), constant(0), true);
        bias = param("bias", new Shape(levels.length, 1, dim), constant(0), true);
    }

    public int dim() {
        return dim;
    }

    public double[] levels() {
        return levels.clone();
    }

    /** W_j as a float array (d × d row-major, rows = outputs). */
    public float[] weight(int level) {
        try (NDArray w = weight.getArray().get(level)) {
            return w.toFloatArray();
        }
    }

    public float[] bias(int level) {
        try (NDArray b = bias.getArray().get(level)) {
            return b.toFloatArray();
        }
    }

    /** The index of σ in the grid (relative tolerance 1e-6); an error listing the grid otherwise. */
    public int level(double sigma) {
        for (int j = 0; j < levels.length; j++) if (Math.abs(sigma - levels[j]) <= 1e-6 * levels[j]) return j;
        throw new ParameterException(
                "sigma",
                sigma,
                "one of the linear denoiser's levels " + Arrays.toString(levels),
                "sample with an EdmHeunSampler on the same levels");
    }

    /** All levels at once: x of shape (K, m, d) (row block j at level σ_j) → W_j x + b_j, shape (K, m, d). */
    public NDArray applyLevels(NDArray x) {
        return x.batchMatMul(weight.getArray().transpose(0, 2, 1)).add(bias.getArray());
    }

    /** One level for a batch: x (B, d), emb ignored, the level chosen by {@link #level}. */
    public NDArray applyLevel(NDArray x, int level) {
        NDArray w = weight.getArray().get(level), b = bias.getArray().get(level);
        return x.matMul(w.transpose()).add(b);
    }

    /** Not used: the level is an integer index, see {@link #applyLevel} and {@link #applyLevels}. */
    @Override
    public NDArray apply(NDArray x, NDArray emb, boolean training) {
        return applyLevels(x);
    }
}
