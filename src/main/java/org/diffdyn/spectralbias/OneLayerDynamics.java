package org.diffdyn.spectralbias;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Gradient-flow dynamics of the one-layer linear denoiser D(x;σ) = W_σ x + b_σ (linear-diffusion.md §2.2.1–2.2.2,
 * paper A Eq. 7): the optimum and ridge view, the per-mode weight under gradient flow and discrete gradient descent
 * with its stability bound, the full matrix from a non-aligned start, and the non-zero-mean case through the augmented
 * (d+1)×(d+1) matrix ({@link WithMean}). The generated variance lives in {@link GeneratedVariance}.
 */
public final class OneLayerDynamics {
    private OneLayerDynamics() {}

    /** Optimal shrinkage of a mode, λ/(λ + σ²) (§2.2.1, QUOTED). */
    public static double optimalWeight(double lambda, double sigma) {
        return lambda / (lambda + sigma * sigma);
    }

    /**
     * Eq. 7 (QUOTED): ψ_k(σ,τ) = λ/(σ²+λ) + (Q − λ/(σ²+λ)) e^{−2ητ(σ²+λ)} for aligned initialisation Q.
     */
    public static double weight(double lambda, double sigma, double q, double eta, double tau) {
        double m = sigma * sigma + lambda;
        double star = lambda / m;
        return star + (q - star) * Math.exp(-2 * eta * tau * m);
    }

    /**
     * Discrete gradient descent after n steps of size η (§2.2.2, DERIVED): e^{−2ητm} becomes (1 − 2ηm)^n.
     * Stable only for η < 1/(σ² + λ).
     */
    public static double weightAfterSteps(double lambda, double sigma, double q, double eta, long steps) {
        double m = sigma * sigma + lambda;
        double star = lambda / m;
        return star + (q - star) * Math.pow(1 - 2 * eta * m, steps);
    }

    /** The largest stable GD step for a spectrum with top eigenvalue λ_max at noise level σ: 1/(σ² + λ_max). */
    public static double maxStableStep(double lambdaMax, double sigma) {
        return 1 / (sigma * sigma + lambdaMax);
    }

    /** Throws a {@link ParameterException} naming {@code eta} when GD would diverge. */
    public static void checkStable(double eta, double lambdaMax, double sigma) {
        Check.positive("eta", eta);
        double bound = maxStableStep(lambdaMax, sigma);
        if (eta >= bound)
            throw new ParameterException(
                    "eta",
                    eta,
                    "a learning rate in (0, " + bound + ")",
                    "gradient descent diverges for eta >= 1/(sigma^2 + lambda_max) with sigma=" + sigma
                            + ", lambda_max=" + lambdaMax);
    }

    /** Optimal bias b*_σ = (I − W*_σ)μ along one mode: σ²/(λ + σ²) times the mean's component (§2.2.1, QUOTED). */
    public static double optimalBias(double lambda, double sigma, double meanComponent) {
        double s2 = sigma * sigma;
        return s2 / (lambda + s2) * meanComponent;
    }

    /** The minimal loss min L_σ = σ² Tr[Σ(Σ + σ²I)^{-1}] = Σ_k σ²λ_k/(λ_k + σ²) (§2.2.1, QUOTED). */
    public static double minimalLoss(double[] lambdas, double sigma) {
        double s2 = sigma * sigma, sum = 0;
        for (double l : lambdas) sum += s2 * l / (l + s2);
        return sum;
    }

    /**
     * The one-layer loss at an aligned weight ψ_k per mode, via the ridge form of §2.2.1 (QUOTED):
     * L_σ = Σ_k [(ψ_k − 1)² λ_k + σ² ψ_k²] (μ = 0, b = 0).
     */
    public static double loss(double[] lambdas, double[] psi, double sigma) {
        double s2 = sigma * sigma, sum = 0;
        for (int k = 0; k < lambdas.length; k++) sum += (psi[k] - 1) * (psi[k] - 1) * lambdas[k] + s2 * psi[k] * psi[k];
        return sum;
    }

    /**
     * Eq. 7 for an arbitrary (not aligned) initial matrix, μ = 0 (QUOTED): W(τ) = W* + (W(0) − W*) e^{−2ητ(Σ + σ²I)}
     * with W* = Σ(Σ + σ²I)^{-1}, both evaluated in the eigenbasis of Σ (one eigendecomposition, then O(d³) per call).
     */
    public static DMatrixRMaj weightMatrix(
            SymmetricEigen sigmaEigen, DMatrixRMaj w0, double sigma, double eta, double tau) {
        int d = sigmaEigen.size();
        DMatrixRMaj u = sigmaEigen.vectors();
        double s2 = sigma * sigma;
        double[] star = new double[d], decay = new double[d];
        for (int k = 0; k < d; k++) {
            double m = sigmaEigen.value(k) + s2;
            star[k] = sigmaEigen.value(k) / m;
            decay[k] = Math.exp(-2 * eta * tau * m);
        }
        DMatrixRMaj wStar = conjugate(u, star);
        DMatrixRMaj diff = w0.copy();
        CommonOps_DDRM.subtractEquals(diff, wStar);
        DMatrixRMaj out = Dense.multiply(diff, conjugate(u, decay));
        CommonOps_DDRM.addEquals(out, wStar);
        return out;
    }

    /** U diag(v) Uᵀ. */
    static DMatrixRMaj conjugate(DMatrixRMaj u, double[] v) {
        int d = v.length;
        DMatrixRMaj ul = u.copy();
        for (int i = 0; i < d; i++) for (int k = 0; k < d; k++) ul.data[i * d + k] *= v[k];
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(ul, u, out);
        return out;
    }

    /**
     * Non-zero data mean (§2.2.2, DERIVED; the paper's Prop. D.2 describes the same rank-one coupling): with
     * Ŵ = [W b] and x̃ = [x₀ + σz; 1], GF on Ŵ is linear with the (d+1)×(d+1) matrix
     * M̃ = [[Σ + σ²I + μμᵀ, μ], [μᵀ, 1]]: Ŵ(τ) = Ŵ* + (Ŵ(0) − Ŵ*) e^{−2ητM̃}, Ŵ* = [Σ + μμᵀ, μ] M̃^{-1}.
     * One eigendecomposition of M̃ per noise level, then any τ.
     */
    public static final class WithMean {
        private final int d;
        private final DMatrixRMaj wStar; // d × (d+1)
        private final SymmetricEigen mTilde;

        public WithMean(DMatrixRMaj covariance, double[] mean, double sigma) {
            d = covariance.numRows;
            if (mean.length != d)
                throw new ParameterException("mean", "length " + mean.length, "a vector of length d = " + d);
            DMatrixRMaj m = new DMatrixRMaj(d + 1, d + 1);
            DMatrixRMaj y = new DMatrixRMaj(d, d + 1);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double v = covariance.get(i, j) + mean[i] * mean[j];
                    m.set(i, j, v + (i == j ? sigma * sigma : 0));
                    y.set(i, j, v);
                }
                m.set(i, d, mean[i]);
                m.set(d, i, mean[i]);
                y.set(i, d, mean[i]);
            }
            m.set(d, d, 1);
            mTilde = Dense.eigh(m);
            double[] inv = new double[d + 1];
            for (int k = 0; k <= d; k++) inv[k] = 1 / mTilde.value(k);
            wStar = Dense.multiply(y, conjugate(mTilde.vectors(), inv));
        }

        /** Ŵ* = [W* b*]. */
        public DMatrixRMaj optimum() {
            return wStar.copy();
        }

        /** The eigenvalues of M̃ (the per-direction relaxation rates divided by 2η). */
        public double[] rates() {
            return mTilde.values();
        }

        /** Ŵ(τ) = [W(τ) b(τ)] from Ŵ(0) = [W(0) b(0)]. */
        public DMatrixRMaj at(DMatrixRMaj w0Hat, double eta, double tau) {
            double[] decay = new double[d + 1];
            for (int k = 0; k <= d; k++) decay[k] = Math.exp(-2 * eta * tau * mTilde.value(k));
            DMatrixRMaj diff = w0Hat.copy();
            CommonOps_DDRM.subtractEquals(diff, wStar);
            DMatrixRMaj out = Dense.multiply(diff, conjugate(mTilde.vectors(), decay));
            CommonOps_DDRM.addEquals(out, wStar);
            return out;
        }
    }
}
