package org.diffdyn.spectralbias;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;

/**
 * Gradient-flow dynamics of the one-layer linear denoiser D(x;σ) = W_σ x + b_σ, mode by mode
 * (linear-diffusion.md §2.2.1–2.2.2, paper A Eq. 7).
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
            throw new ParameterException("eta", eta, "a learning rate in (0, " + bound + ")",
                    "gradient descent diverges for eta >= 1/(sigma^2 + lambda_max) with sigma=" + sigma + ", lambda_max=" + lambdaMax);
    }
}
