package org.diffdyn.measure;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.numeric.GaussHermite;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.EdmHeunSampler;
import org.ejml.data.DMatrixRMaj;

/**
 * The EDM denoising loss of a trained denoiser evaluated on a fixed set of images — the per-class train and test
 * losses of paper C's network experiment and the test loss of paper B's — as a deterministic number per image:
 * E_σ[λ(σ)·(1/d)‖D(x + σz; σ) − x‖²] with ln σ ~ N(P_mean, P_std²) and λ(σ) = (σ² + σ_d²)/(σσ_d)² (the training
 * objective, linear-diffusion.md §2.2.12, QUOTED), the σ-expectation by {@code nodes}-point Gauss–Hermite quadrature
 * in ln σ and one fixed noise draw z per (image, node) from the seed (DERIVED evaluation protocol: the same noise at
 * every checkpoint, so loss differences between checkpoints are not sampling noise).
 */
public final class DenoisingLoss {
    private final double pMean, pStd, sigmaData;
    private final int nodes;
    private final long seed;

    public DenoisingLoss(double pMean, double pStd, double sigmaData, int nodes, long seed) {
        this.pMean = Check.finite("pMean", pMean);
        this.pStd = Check.positive("pStd", pStd);
        this.sigmaData = Check.positive("sigmaData", sigmaData);
        this.nodes = Check.inRange("loss nodes", nodes, 1, 64);
        this.seed = seed;
    }

    /** EDM's defaults: P_mean = −1.2, P_std = 1.2, σ_d = 0.5 (QUOTED), 8 nodes. */
    public static DenoisingLoss edm(long seed) {
        return new DenoisingLoss(-1.2, 1.2, 0.5, 8, seed);
    }

    /** The EDM loss weight λ(σ). */
    public double weight(double sigma) {
        double sd2 = sigmaData * sigmaData;
        return (sigma * sigma + sd2) / (sigma * sigma * sd2);
    }

    /** The quadrature's noise levels and weights (weights sum to 1). */
    public double[][] levels() {
        GaussHermite gh = GaussHermite.of(nodes);
        double[] s = new double[nodes], w = new double[nodes];
        for (int i = 0; i < nodes; i++) {
            s[i] = Math.exp(pMean + pStd * gh.node(i));
            w[i] = gh.weight(i);
        }
        return new double[][] {s, w};
    }

    /** The loss of every image (row of x). */
    public double[] perImage(EdmHeunSampler.BatchDenoiser denoiser, DMatrixRMaj x) {
        int n = x.numRows, d = x.numCols;
        if (n == 0) throw new ParameterException("images", 0, "at least one image");
        double[][] lv = levels();
        double[] out = new double[n];
        Rng rng = new Rng(seed);
        for (int i = 0; i < nodes; i++) {
            double sigma = lv[0][i];
            DMatrixRMaj noisy = new DMatrixRMaj(n, d, true, rng.gaussianMatrix(n, d));
            for (int q = 0; q < noisy.data.length; q++) noisy.data[q] = x.data[q] + sigma * noisy.data[q];
            DMatrixRMaj den = denoiser.denoise(noisy, sigma);
            double c = lv[1][i] * weight(sigma) / d;
            for (int r = 0; r < n; r++) {
                double s = 0;
                for (int q = r * d; q < (r + 1) * d; q++) {
                    double e = den.data[q] - x.data[q];
                    s += e * e;
                }
                out[r] += c * s;
            }
        }
        return out;
    }

    /** Mean of per-image values per class (NaN for an empty class). */
    public static double[] perClass(double[] values, int[] labels, int classes) {
        double[] s = new double[classes], n = new double[classes];
        for (int i = 0; i < values.length; i++) {
            s[labels[i]] += values[i];
            n[labels[i]]++;
        }
        for (int c = 0; c < classes; c++) s[c] = n[c] == 0 ? Double.NaN : s[c] / n[c];
        return s;
    }

    /** Mean of all values. */
    public static double mean(double[] values) {
        double s = 0;
        for (double v : values) s += v;
        return s / values.length;
    }
}
