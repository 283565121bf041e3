package org.diffdyn.spectralbias;

import org.diffdyn.core.Check;
import org.diffdyn.core.progress.Progress;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Mean and covariance of the probability-flow ODE with an affine denoiser D(x;σ) = W_σ x + b_σ whose weights need
 * not commute across σ (non-aligned initialisation, μ ≠ 0): linear-diffusion.md §2.4 recipe 4 (DERIVED from
 * Lemma 4.1). In u = ln σ the PF-ODE reads dx/du = −[(W − I)x + b], so
 * dm/du = −[(W − I)m + b] and dC/du = −[(W − I)C + C(W − I)ᵀ], integrated by classical RK4 from u_T = ln σ_T down to
 * u_0 = ln σ_0 starting from m = 0, C = σ_T² I. O(d³) per step; exact for Gaussian start (fact F2).
 */
public final class MomentOde {
    private MomentOde() {}

    /** The affine denoiser at a noise level. */
    public interface AffineDenoiser {
        /** W_σ (d×d). */
        DMatrixRMaj weight(double sigma);

        /** b_σ (length d); zeros when the model has no bias. */
        double[] bias(double sigma);
    }

    /** The generated Gaussian: mean and covariance at σ_0. */
    public record Moments(double[] mean, DMatrixRMaj covariance) {}

    public static Moments integrate(
            AffineDenoiser denoiser, int d, double sigma0, double sigmaT, int steps, Progress progress) {
        Check.positive("d", d);
        Check.positive("steps", steps);
        GeneratedVariance.checkSigmas(sigma0, sigmaT);
        double[] m = new double[d];
        DMatrixRMaj c = CommonOps_DDRM.identity(d);
        CommonOps_DDRM.scale(sigmaT * sigmaT, c);
        double u0 = Math.log(sigmaT), h = (Math.log(sigma0) - u0) / steps; // h < 0: integrate downwards
        for (int s = 0; s < steps; s++) {
            double u = u0 + s * h;
            Slope k1 = slope(denoiser, Math.exp(u), m, c, null, 0);
            Slope k2 = slope(denoiser, Math.exp(u + h / 2), m, c, k1, h / 2);
            Slope k3 = slope(denoiser, Math.exp(u + h / 2), m, c, k2, h / 2);
            Slope k4 = slope(denoiser, Math.exp(u + h), m, c, k3, h);
            for (int i = 0; i < d; i++) m[i] += h / 6 * (k1.dm[i] + 2 * k2.dm[i] + 2 * k3.dm[i] + k4.dm[i]);
            for (int i = 0; i < d * d; i++)
                c.data[i] += h / 6 * (k1.dc.data[i] + 2 * k2.dc.data[i] + 2 * k3.dc.data[i] + k4.dc.data[i]);
            if (progress != null) progress.advance(s);
        }
        for (double v : c.data) Check.stillFinite(v, "steps", "the generated covariance");
        return new Moments(m, c);
    }

    private record Slope(double[] dm, DMatrixRMaj dc) {}

    /** dm/du, dC/du at σ for the state (m, C) + shift·(previous slope). */
    private static Slope slope(
            AffineDenoiser den, double sigma, double[] m0, DMatrixRMaj c0, Slope prev, double shift) {
        int d = m0.length;
        double[] m = m0.clone();
        DMatrixRMaj c = c0.copy();
        if (prev != null) {
            for (int i = 0; i < d; i++) m[i] += shift * prev.dm[i];
            CommonOps_DDRM.addEquals(c, shift, prev.dc);
        }
        DMatrixRMaj a = den.weight(sigma).copy();
        for (int i = 0; i < d; i++) a.add(i, i, -1);
        double[] b = den.bias(sigma);
        double[] dm = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int j = 0; j < d; j++) s += a.get(i, j) * m[j];
            dm[i] = -s;
        }
        DMatrixRMaj ac = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(a, c, ac);
        DMatrixRMaj dc = new DMatrixRMaj(d, d);
        CommonOps_DDRM.transpose(ac, dc);
        CommonOps_DDRM.addEquals(dc, ac);
        CommonOps_DDRM.scale(-1, dc);
        return new Slope(dm, dc);
    }
}
