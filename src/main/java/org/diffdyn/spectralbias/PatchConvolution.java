package org.diffdyn.spectralbias;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.ejml.data.DMatrixRMaj;

/**
 * Local (patch) convolution D(x)_i = Σ_{m=−r}^{r} v_m x_{(i+m) mod N}, K = 2r + 1 < N (linear-diffusion.md §2.2.8,
 * paper A Prop. 5.4 QUOTED and verified). Gradient flow on v is ridge regression in patch space:
 * v(τ) = v* + exp[−2Nητ(σ²I + Σ_patch)](v(0) − v*), v* = (σ²I + Σ_patch)^{-1} Σ_patch e_0.
 *
 * <p>The generated law is stationary with Fourier gains γ_k(σ,τ) = Σ_m v_m e^{2πikm/N}. The spec computes its
 * variances numerically ({@link #generatedLogByQuadrature}). For the initialisation v(0) = Q e_0 used here they also
 * have a closed form (DERIVED for this implementation, verified against the quadrature in the tests): writing
 * Σ_patch = Σ_j ν_j e_j e_jᵀ, a_j = e_jᵀ e_0 and R_kj = Re Σ_m (e_j)_m e^{2πikm/N},
 * <pre>ln s̃_k(τ) = Σ_j R_kj a_j · ln λ̃^{(1)}(ν_j; Nη, Q, τ)</pre>
 * a weighted geometric mean (weights sum to one) of one-layer generated variances of the patch eigenmodes, because
 * 1 − Re γ_k(σ) = Σ_j R_kj a_j (1 − ψ_j(σ)) with ψ_j the one-layer weight of Eq. 7 at λ = ν_j.
 */
public final class PatchConvolution implements ConvolutionFilter {
    private final int n;
    private final int radius;
    private final SymmetricEigen patchEigen;
    private final double[] a; // a_j = e_jᵀ e_0
    private final double[][] r; // R_kj

    /**
     * @param secondMoment the data's N×N second-moment matrix (uncentered when μ ≠ 0, as in the spec)
     * @param radius r, so the filter has K = 2r + 1 taps
     */
    public PatchConvolution(DMatrixRMaj secondMoment, int radius) {
        this.n = secondMoment.numRows;
        this.radius = radius;
        Check.nonNegative("radius", radius);
        if (2 * radius + 1 > n)
            throw new ParameterException(
                    "radius", radius, "an integer in [0, " + (n - 1) / 2 + "] (patch K = 2r+1 at most N = " + n + ")");
        patchEigen = Dense.eigh(patchCovariance(secondMoment, radius));
        int kk = 2 * radius + 1;
        a = new double[kk];
        for (int j = 0; j < kk; j++) a[j] = patchEigen.vector(j, radius);
        r = new double[n][kk];
        for (int k = 0; k < n; k++)
            for (int j = 0; j < kk; j++) {
                double re = 0;
                for (int m = -radius; m <= radius; m++)
                    re += patchEigen.vector(j, m + radius) * Math.cos(2 * Math.PI * k * m / n);
                r[k][j] = re;
            }
    }

    /** Σ_patch[m, m'] = (1/N) Σ_i Σ_{(i+m),(i+m')}, m, m' ∈ [−r, r] (QUOTED §2.2.8). */
    public static DMatrixRMaj patchCovariance(DMatrixRMaj sigma, int radius) {
        int n = sigma.numRows, kk = 2 * radius + 1;
        DMatrixRMaj out = new DMatrixRMaj(kk, kk);
        for (int m = -radius; m <= radius; m++)
            for (int mp = -radius; mp <= radius; mp++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += sigma.get(Math.floorMod(i + m, n), Math.floorMod(i + mp, n));
                out.set(m + radius, mp + radius, s / n);
            }
        return out;
    }

    public int length() {
        return n;
    }

    public int taps() {
        return 2 * radius + 1;
    }

    /** Eigenvalues ν_j of Σ_patch, descending: filter modes learn in this order. */
    public double[] patchSpectrum() {
        return patchEigen.values();
    }

    /** The filter v(σ,τ) from v(0) = Q e_0 (Prop. 5.4, QUOTED), taps m = −r..r. */
    public double[] filter(double sigma, double q, double eta, double tau) {
        int kk = taps();
        double[] v = new double[kk];
        for (int j = 0; j < kk; j++) {
            double c = a[j] * OneLayerDynamics.weight(patchEigen.value(j), sigma, q, n * eta, tau);
            for (int m = 0; m < kk; m++) v[m] += c * patchEigen.vector(j, m);
        }
        return v;
    }

    /** Re γ_k(σ,τ) = Σ_m v_m cos(2πkm/N) for all k (step 1 of the spec's recipe). */
    @Override
    public double[] realGains(double sigma, double q, double eta, double tau) {
        double[] out = new double[n];
        double[] c = new double[taps()];
        for (int j = 0; j < c.length; j++)
            c[j] = a[j] * OneLayerDynamics.weight(patchEigen.value(j), sigma, q, n * eta, tau);
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int j = 0; j < c.length; j++) s += r[k][j] * c[j];
            out[k] = s;
        }
        return out;
    }

    /** ln s̃_k for all Fourier modes k by the spec's numeric recipe (step 2): quadrature over u = ln σ. */
    public double[] generatedLogByQuadrature(
            double q, double eta, double tau, double sigma0, double sigmaT, int panels) {
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            final int kf = k;
            out[k] = GeneratedVariance.logByQuadrature(s -> realGainAt(kf, s, q, eta, tau), sigma0, sigmaT, panels);
        }
        return out;
    }

    /** max_k |ln s̃_k closed form − ln s̃_k by quadrature| at one τ: the DERIVED closed form against the recipe. */
    public double quadratureGap(double q, double eta, double tau, double sigma0, double sigmaT, int panels) {
        double[] quad = generatedLogByQuadrature(q, eta, tau, sigma0, sigmaT, panels);
        double[] closed = generatedLog(q, eta, tau, sigma0, sigmaT);
        double worst = 0;
        for (int k = 0; k < n; k++) worst = Math.max(worst, Math.abs(quad[k] - closed[k]));
        return worst;
    }

    private double realGainAt(int k, double sigma, double q, double eta, double tau) {
        double s = 0;
        for (int j = 0; j < a.length; j++)
            s += r[k][j] * a[j] * OneLayerDynamics.weight(patchEigen.value(j), sigma, q, n * eta, tau);
        return s;
    }

    /** ln s̃_k for all k by the closed form in the class comment (DERIVED). */
    @Override
    public double[] generatedLog(double q, double eta, double tau, double sigma0, double sigmaT) {
        int kk = taps();
        double[] one = new double[kk];
        for (int j = 0; j < kk; j++)
            one[j] = GeneratedVariance.oneLayerLog(patchEigen.value(j), q, n * eta, tau, sigma0, sigmaT);
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int j = 0; j < kk; j++) s += r[k][j] * a[j] * one[j];
            out[k] = s;
        }
        return out;
    }
}
