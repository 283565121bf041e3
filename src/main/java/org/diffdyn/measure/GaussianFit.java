package org.diffdyn.measure;

import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.special.Special;
import org.ejml.data.DMatrixRMaj;

/**
 * A Gaussian fitted to samples by maximum likelihood (mean, covariance with 1/n) and its KL divergence to a known
 * Gaussian N(μ, Σ): the measurement paper B applies to generated samples (linear-diffusion.md F3; paper B's direction
 * KL(generated ‖ true) by default, the reverse on request, as in {@link org.diffdyn.generalization.KlDivergence}).
 *
 * <p>With the eigenvalues μ_i of Σ^{-1/2} Ŝ Σ^{-1/2} and δ = m̂ − μ (closed form, QUOTED standard result):
 * KL(N(m̂, Ŝ) ‖ N(μ, Σ)) = ½[Σ_i (μ_i − 1 − ln μ_i) + δᵀΣ⁻¹δ] and
 * KL(N(μ, Σ) ‖ N(m̂, Ŝ)) = ½[Σ_i (1/μ_i − 1 + ln μ_i) + δᵀŜ⁻¹δ]; +∞ when Ŝ is singular (fewer samples than d + 1).
 */
public final class GaussianFit {
    private final double[] mean;
    private final DMatrixRMaj covariance;
    private final int samples;

    private GaussianFit(double[] mean, DMatrixRMaj covariance, int samples) {
        this.mean = mean;
        this.covariance = covariance;
        this.samples = samples;
    }

    /** Maximum-likelihood fit (1/n covariance) to the rows of x. */
    public static GaussianFit of(DMatrixRMaj x) {
        if (x.numRows < 2) throw new ParameterException("samples", x.numRows, "at least 2 samples to fit a Gaussian");
        return new GaussianFit(DataStats.mean(x), DataStats.covariance(x), x.numRows);
    }

    public double[] mean() {
        return mean.clone();
    }

    public DMatrixRMaj covariance() {
        return covariance;
    }

    public int samples() {
        return samples;
    }

    public int dimension() {
        return mean.length;
    }

    /** KL(N(m̂, Ŝ) ‖ N(μ, Σ)) (total, nats). */
    public double klTo(double[] mu, DMatrixRMaj sigma) {
        Whitened w = whiten(mu, sigma);
        double kl = 0;
        for (double v : w.ratios) {
            if (!(v > 0)) return Double.POSITIVE_INFINITY;
            kl += v - 1 - Math.log(v);
        }
        return 0.5 * (kl + w.maha);
    }

    /** KL(N(μ, Σ) ‖ N(m̂, Ŝ)) (total, nats). */
    public double klFrom(double[] mu, DMatrixRMaj sigma) {
        Whitened w = whiten(mu, sigma);
        double kl = 0;
        for (double v : w.ratios) {
            if (!(v > 0)) return Double.POSITIVE_INFINITY;
            kl += 1 / v - 1 + Math.log(v);
        }
        // δᵀŜ⁻¹δ = zᵀ (Σ^{-1/2} Ŝ Σ^{-1/2})⁻¹ z with z = Σ^{-1/2} δ
        double maha = 0;
        for (int i = 0; i < w.ratios.length; i++) maha += w.projected[i] * w.projected[i] / w.ratios[i];
        return 0.5 * (kl + maha);
    }

    private record Whitened(double[] ratios, double[] projected, double maha) {}

    /** Eigen-decomposes Σ^{-1/2} Ŝ Σ^{-1/2} and expresses Σ^{-1/2}δ in its eigenbasis. */
    private Whitened whiten(double[] mu, DMatrixRMaj sigma) {
        int d = mean.length;
        boolean singular = samples <= d; // a centred fit from n samples has rank ≤ n − 1
        if (mu.length != d || sigma.numRows != d || sigma.numCols != d)
            throw new ParameterException(
                    "reference Gaussian",
                    mu.length + "-dim mean, " + sigma.numRows + "x" + sigma.numCols + " covariance",
                    "dimension " + d + " (the samples')");
        SymmetricEigen e = Dense.eigh(sigma);
        DMatrixRMaj inv = new DMatrixRMaj(d, d); // Σ^{-1/2} = U diag(λ^{-1/2}) Uᵀ
        for (int k = 0; k < d; k++) {
            double l = e.value(k);
            if (!(l > 0))
                throw new ParameterException("sigma", "eigenvalue " + l, "a positive-definite reference covariance");
            double s = 1 / Math.sqrt(l);
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) inv.data[i * d + j] += e.vector(k, i) * s * e.vector(k, j);
        }
        DMatrixRMaj a = Dense.multiply(Dense.multiply(inv, covariance), inv);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++) {
                double v = 0.5 * (a.get(i, j) + a.get(j, i));
                a.set(i, j, v);
                a.set(j, i, v);
            }
        SymmetricEigen w = Dense.eigh(a);
        double[] ratios = w.values();
        // rank deficiency shows up as round-off-sized eigenvalues: treat them as exact zeros (KL = +∞)
        for (int i = 0; i < d; i++) if (singular || ratios[i] < 1e-12 * ratios[0]) ratios[i] = 0;
        double[] z = new double[d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) z[i] += inv.get(i, j) * (mean[j] - mu[j]);
        double maha = 0;
        for (double v : z) maha += v * v;
        double[] proj = new double[d];
        for (int k = 0; k < d; k++) for (int i = 0; i < d; i++) proj[k] += w.vector(k, i) * z[i];
        return new Whitened(ratios, proj, maha);
    }

    /**
     * E KL(N(m̂, Ŝ) ‖ N(μ, Σ)) for n exact samples of N(μ, Σ) in d dimensions (DERIVED: nŜ ~ Wishart(Σ, n − 1) and
     * m̂ ~ N(μ, Σ/n) independent, so E tr(Σ⁻¹Ŝ) + E δᵀΣ⁻¹δ = d and E ln det(Σ⁻¹Ŝ) = Σ_{i=1}^d ψ((n − i)/2) + d ln(2/n)):
     * −½ Σ_{i=1}^d [ψ((n − i)/2) − ln(n/2)]. The finite-sample floor of the measurement: ≈ d(d + 3)/(4n) for n ≫ d.
     */
    public static double expectedKlOfFit(int d, int n) {
        if (n <= d)
            throw new ParameterException(
                    "samples", n, "more than d = " + d + " samples (the fitted covariance is singular otherwise)");
        double s = 0, ln = Math.log(n / 2.0);
        for (int i = 1; i <= d; i++) s += Special.digamma((n - i) / 2.0) - ln;
        return -0.5 * s;
    }

    /**
     * Alignment of the leading eigenvectors of two covariances (where "the leading directions differ"): for the top-k
     * eigenvectors a_i of A and b_i of B, {@code perVector[i] = |a_i · b_i|} and the subspace overlap
     * ‖A_kᵀB_k‖_F²/k ∈ [0, 1] (1 when the two top-k subspaces coincide, ≈ k/d for random subspaces).
     */
    public record Overlap(double[] perVector, double subspace) {}

    public static Overlap topOverlap(DMatrixRMaj a, DMatrixRMaj b, int k) {
        int d = a.numRows;
        if (k < 1 || k > d) throw new ParameterException("k", k, "an integer in [1, " + d + "]");
        SymmetricEigen ea = Dense.eigh(a), eb = Dense.eigh(b);
        double[] per = new double[k];
        double f = 0;
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int q = 0; q < d; q++) dot += ea.vector(i, q) * eb.vector(j, q);
                if (i == j) per[i] = Math.abs(dot);
                f += dot * dot;
            }
        return new Overlap(per, f / k);
    }
}
