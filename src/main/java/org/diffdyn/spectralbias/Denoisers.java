package org.diffdyn.spectralbias;

import org.diffdyn.core.Check;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.EdmHeunSampler;
import org.ejml.data.DMatrixRMaj;

/**
 * The forward process and the denoiser ↔ score relation of paper A (linear-diffusion.md §2.1, QUOTED):
 * p(x;σ) = p₀ * N(0, σ²I), s(x,σ) = (D(x,σ) − x)/σ², and the linear denoisers as batch denoisers for the sampler.
 */
public final class Denoisers {
    private Denoisers() {}

    /** x = x₀ + σz with fresh z ~ N(0, I): a draw from p(x;σ) given clean rows x₀. */
    public static DMatrixRMaj noisy(DMatrixRMaj clean, double sigma, Rng rng) {
        Check.nonNegative("sigma", sigma);
        DMatrixRMaj x = clean.copy();
        for (int i = 0; i < x.data.length; i++) x.data[i] += sigma * rng.gaussian();
        return x;
    }

    /** s = (D − x)/σ² (QUOTED). */
    public static double[] score(double[] denoised, double[] x, double sigma) {
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) s[i] = (denoised[i] - x[i]) / (sigma * sigma);
        return s;
    }

    /** D = x + σ² s (the inverse relation). */
    public static double[] denoiserFromScore(double[] score, double[] x, double sigma) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i] + sigma * sigma * score[i];
        return d;
    }

    /** D(x;σ) = W_σ x + b_σ, with W_σ, b_σ looked up per sampler level (one-layer, full matrix). */
    public static EdmHeunSampler.BatchDenoiser affine(double[] levels, DMatrixRMaj[] weights, double[][] biases) {
        return (x, sigma) -> {
            int l = level(levels, sigma);
            int d = x.numCols;
            DMatrixRMaj w = weights[l];
            DMatrixRMaj o = new DMatrixRMaj(x.numRows, d);
            for (int s = 0; s < x.numRows; s++)
                for (int i = 0; i < d; i++) {
                    double acc = biases == null ? 0 : biases[l][i];
                    for (int j = 0; j < d; j++) acc += w.data[i * d + j] * x.data[s * d + j];
                    o.data[s * d + i] = acc;
                }
            return o;
        };
    }

    /** A denoiser diagonal in the working coordinates (per-mode models in the eigenbasis): D(x)_k = ψ_k(σ) x_k. */
    public static EdmHeunSampler.BatchDenoiser diagonal(double[] levels, double[][] psi) {
        return (x, sigma) -> {
            double[] p = psi[level(levels, sigma)];
            int d = x.numCols;
            DMatrixRMaj o = new DMatrixRMaj(x.numRows, d);
            for (int s = 0; s < x.numRows; s++)
                for (int k = 0; k < d; k++) o.data[s * d + k] = p[k] * x.data[s * d + k];
            return o;
        };
    }

    /** The index of σ among the levels the weights were trained at (exact match: the sampler asks for those). */
    static int level(double[] levels, double sigma) {
        for (int l = 0; l < levels.length; l++) if (levels[l] == sigma) return l;
        throw new IllegalArgumentException("no weights trained at sigma = " + sigma);
    }
}
