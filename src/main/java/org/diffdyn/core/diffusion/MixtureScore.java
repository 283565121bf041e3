package org.diffdyn.core.diffusion;

import org.ejml.data.DMatrixRMaj;

/**
 * Score and Hessian of an isotropic Gaussian mixture Σ_i w_i N(c_i, G_i I) at one point, by log-sum-exp
 * (random-features-and-ridge.md §1.2 and recipe §5.1, DERIVED). One implementation serves the population mixture
 * at OU time t (c_i = a_t μ_c, G_i = a_t² σ_c² + h_t), the smoothed empirical density p̂_t (c_i = a_t x_i, G_i = h_t)
 * and any other Gaussian-kernel density.
 */
public final class MixtureScore {
    private final double[] centres; // k × d row-major
    private final double[] variances;
    private final double[] logWeights;
    private final int k;
    private final int d;

    /**
     * @param centres    the k component means, one per row (k × d; shared, not copied)
     * @param variances  per-component isotropic variances G_i (> 0)
     * @param logWeights per-component log weights (need not be normalised)
     */
    public MixtureScore(DMatrixRMaj centres, double[] variances, double[] logWeights) {
        this(checkedRows(centres, variances.length), centres.numCols, variances, logWeights);
    }

    private static double[] checkedRows(DMatrixRMaj centres, int k) {
        if (centres.numRows != k)
            throw new IllegalArgumentException(
                    "shapes: centres " + centres.numRows + " x " + centres.numCols + " for k=" + k + " components");
        return centres.data;
    }

    /**
     * The same on the row-major data of a k × d centre matrix, for the per-time constructions of this package (no
     * wrapper object per sampler step).
     */
    MixtureScore(double[] centres, int d, double[] variances, double[] logWeights) {
        this.k = variances.length;
        this.d = d;
        if (centres.length < k * d || logWeights.length != k)
            throw new IllegalArgumentException("shapes: centres " + centres.length + " numbers for k=" + k + ", d=" + d
                    + "; logWeights " + logWeights.length);
        for (int i = 0; i < k; i++)
            if (!(variances[i] > 0))
                throw new IllegalArgumentException("component variance " + i + " = " + variances[i] + " must be > 0");
        this.centres = centres;
        this.variances = variances;
        this.logWeights = logWeights;
    }

    public int components() {
        return k;
    }

    public int dimension() {
        return d;
    }

    /**
     * Posterior responsibilities γ_i(x) = softmax_i(ln w_i − ‖x − c_i‖²/(2G_i) − (d/2) ln G_i), written into
     * {@code gamma}; returns ln p(x) up to the constant −(d/2) ln 2π.
     */
    public double responsibilities(double[] x, int offset, double[] gamma) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double r2 = 0;
            for (int j = 0; j < d; j++) {
                double diff = x[offset + j] - centres[i * d + j];
                r2 += diff * diff;
            }
            double l = logWeights[i] - r2 / (2 * variances[i]) - 0.5 * d * Math.log(variances[i]);
            gamma[i] = l;
            if (l > max) max = l;
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            gamma[i] = Math.exp(gamma[i] - max);
            sum += gamma[i];
        }
        for (int i = 0; i < k; i++) gamma[i] /= sum;
        return max + Math.log(sum);
    }

    /** ln p(x) (with the −(d/2) ln 2π constant), the log-density itself. */
    public double logDensity(double[] x) {
        double[] gamma = new double[k];
        double lw = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (double w : logWeights) max = Math.max(max, w);
        for (double w : logWeights) lw += Math.exp(w - max);
        return responsibilities(x, 0, gamma) - (max + Math.log(lw)) - 0.5 * d * Math.log(2 * Math.PI);
    }

    /** ∇ ln p(x) = Σ_i γ_i (c_i − x)/G_i into {@code out} (length d, starting at outOffset). */
    public void score(double[] x, int offset, double[] gamma, double[] out, int outOffset) {
        responsibilities(x, offset, gamma);
        for (int j = 0; j < d; j++) out[outOffset + j] = 0;
        for (int i = 0; i < k; i++) {
            double g = gamma[i] / variances[i];
            if (g == 0) continue;
            for (int j = 0; j < d; j++) out[outOffset + j] += g * (centres[i * d + j] - x[offset + j]);
        }
    }

    public double[] score(double[] x) {
        double[] out = new double[d];
        score(x, 0, new double[k], out, 0);
        return out;
    }

    /**
     * The score of every row of {@code y} (n × d) into the same row of {@code out}: the body of a batched
     * {@link ScoreFunction} (which has no time argument here: the mixture is already at its time).
     */
    public void scores(DMatrixRMaj y, DMatrixRMaj out) {
        if (y.numCols != d || out.numRows != y.numRows || out.numCols != d)
            throw new IllegalArgumentException("shapes: y " + y.numRows + " x " + y.numCols + ", out " + out.numRows
                    + " x " + out.numCols + " for a mixture in dimension " + d);
        double[] gamma = new double[k];
        for (int r = 0; r < y.numRows; r++) score(y.data, r * d, gamma, out.data, r * d);
    }

    /**
     * Hessian ∇² ln p(x) = Σ_i γ_i (u_i u_iᵀ − I/G_i) − g gᵀ with u_i = (c_i − x)/G_i and g the score
     * (§5.1), symmetrised; d × d row-major.
     */
    public double[] hessian(double[] x) {
        double[] gamma = new double[k];
        double[] g = new double[d];
        score(x, 0, gamma, g, 0);
        double[] hess = new double[d * d];
        double[] u = new double[d];
        for (int i = 0; i < k; i++) {
            double gi = gamma[i];
            if (gi == 0) continue;
            for (int j = 0; j < d; j++) u[j] = (centres[i * d + j] - x[j]) / variances[i];
            for (int a = 0; a < d; a++) {
                double ua = gi * u[a];
                for (int b = a; b < d; b++) hess[a * d + b] += ua * u[b];
                hess[a * d + a] -= gi / variances[i];
            }
        }
        for (int a = 0; a < d; a++)
            for (int b = a; b < d; b++) {
                double v = hess[a * d + b] - g[a] * g[b];
                hess[a * d + b] = v;
                hess[b * d + a] = v;
            }
        return hess;
    }
}
