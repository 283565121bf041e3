package org.diffdyn.spectralbias;

import org.diffdyn.core.Check;

/**
 * The symmetric two-layer linear denoiser D(x;σ) = P_σ P_σᵀ x under gradient flow from aligned initialisation
 * P(0)P(0)ᵀ = Σ_k Q_k u_k u_kᵀ (linear-diffusion.md §2.2.6, paper A Eq. 8 and Prop. 5.1).
 */
public final class TwoLayerDynamics {
    private TwoLayerDynamics() {}

    /**
     * Eq. 8 (QUOTED, re-derived): the logistic solution of ẇ = 8ηw(λ − (σ² + λ)w),
     * w_k(σ,τ) = w*Q/((w* − Q)e^{−8ηλτ} + Q) with w* = λ/(σ² + λ). The rate 8ηλ does not depend on σ; Q = 0 is an
     * unstable fixed point (the mode never learns).
     */
    public static double weight(double lambda, double sigma, double q, double eta, double tau) {
        double star = lambda / (sigma * sigma + lambda);
        if (q == 0) return 0;
        double e = Math.exp(-8 * eta * lambda * tau);
        return star * q / ((star - q) * e + q);
    }

    /**
     * Prop. 5.1 in the simplified form of the spec (QUOTED; simplification DERIVED and verified): with
     * E = e^{−8ηλτ}, p = (1 − Q)E/(Q + (1 − Q)E), q' = Q/(Q + (1 − Q)E), C(σ) = λE + Q(1 − E)(λ + σ²):
     * ln λ̃ = 2 ln σ_T + 2p ln(σ_0/σ_T) + q'[ln C(σ_0) − ln C(σ_T)].
     */
    public static double generatedLog(double lambda, double q, double eta, double tau, double sigma0, double sigmaT) {
        double e = Math.exp(-8 * eta * lambda * tau);
        double den = q + (1 - q) * e;
        double p = (1 - q) * e / den, qq = q / den;
        double logC0 = Math.log(lambda * e + q * (1 - e) * (lambda + sigma0 * sigma0));
        double logCT = Math.log(lambda * e + q * (1 - e) * (lambda + sigmaT * sigmaT));
        return 2 * Math.log(sigmaT) + 2 * p * Math.log(sigma0 / sigmaT) + qq * (logC0 - logCT);
    }

    /** ln λ̃_k(τ_j) for many modes and times (row = time, column = mode). */
    public static double[][] generatedLog(
            double[] lambdas, double q, double eta, double[] taus, double sigma0, double sigmaT) {
        Check.allPositive("lambda", lambdas);
        Check.allNonNegative("tau", taus);
        Check.nonNegative("q", q);
        GeneratedVariance.checkSigmas(sigma0, sigmaT);
        double twoLn = 2 * Math.log(sigmaT), logRatio = Math.log(sigma0 / sigmaT);
        double s0 = sigma0 * sigma0, sT = sigmaT * sigmaT;
        double[][] out = new double[taus.length][lambdas.length];
        for (int j = 0; j < taus.length; j++) {
            double[] row = out[j];
            for (int k = 0; k < lambdas.length; k++) {
                double l = lambdas[k], e = Math.exp(-8 * eta * l * taus[j]);
                double den = q + (1 - q) * e, qe = q * (1 - e);
                // ln C(σ_0) − ln C(σ_T) as one logarithm of the ratio
                row[k] = twoLn
                        + 2 * (1 - q) * e / den * logRatio
                        + q / den * Math.log((l * e + qe * (l + s0)) / (l * e + qe * (l + sT)));
            }
        }
        return out;
    }

    /**
     * Weight emergence time at the harmonic-mean threshold 2Qw*·(Q + w*)^{-1} (QUOTED; check DERIVED): exactly
     * ln 2/(8ηλ), independent of σ.
     */
    public static double weightEmergenceTime(double lambda, double eta) {
        Check.positive("lambda", lambda);
        Check.positive("eta", eta);
        return Math.log(2) / (8 * eta * lambda);
    }

    /**
     * Gradient of the per-mode loss L(p) = (p²y − x)² averaged over samples with respect to the factor p
     * (w = p²): ∂L/∂p = 4p⟨(p²y − x)y⟩. Used by the simulations (the model is D = PPᵀ, so the gradient flows
     * through both factors).
     */
    public static double factorGradient(double p, double yy, double xy) {
        return 4 * p * (p * p * yy - xy);
    }
}
