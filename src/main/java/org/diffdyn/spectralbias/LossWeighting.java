package org.diffdyn.spectralbias;

import org.diffdyn.core.Check;
import org.diffdyn.core.numeric.Quadrature;

/**
 * EDM loss weighting, noise-level sampling and preconditioning (linear-diffusion.md §2.2.10 and §2.2.12, QUOTED
 * from App. I and {@code core/diffusion_edm_lib.py}), and what they do to linear learning dynamics (DERIVED).
 *
 * <p>Per-σ parameters: noise level σ trained with weight w(σ) and sampling density p(σ) relaxes at rate
 * 2η g(σ)(σ² + λ) with g = w·p; a preconditioned linear inner network gets a further factor (c_out c_in)²
 * ({@link #rateMultiplier}). UNSURE: whether the authors' notebook uses the density of σ or of ln σ; here p is
 * the density of σ (d/dσ of the sampling law), documented where it is used.
 *
 * <p>Shared weights ({@link SharedLinear}, DERIVED here): an EDM-preconditioned linear denoiser with ONE inner
 * matrix V for all σ, D_σ(x) = c_skip x + c_out V c_in x, trained on the EDM loss E_σ[w(σ)‖D − x₀‖²].
 */
public final class LossWeighting {
    private LossWeighting() {}

    public static final double SIGMA_DATA = 0.5, P_MEAN = -1.2, P_STD = 1.2;

    /** EDM loss weight w(σ) = (σ² + σ_d²)/(σσ_d)² (QUOTED). */
    public static double edmWeight(double sigma, double sigmaData) {
        return (sigma * sigma + sigmaData * sigmaData) / (sigma * sigmaData * sigma * sigmaData);
    }

    /** Density of σ when ln σ ~ N(P_mean, P_std²) (QUOTED sampling law; density in σ). */
    public static double logNormalDensity(double sigma, double pMean, double pStd) {
        double z = (Math.log(sigma) - pMean) / pStd;
        return Math.exp(-0.5 * z * z) / (sigma * pStd * Math.sqrt(2 * Math.PI));
    }

    public static double cSkip(double sigma, double sd) {
        return sd * sd / (sigma * sigma + sd * sd);
    }

    public static double cOut(double sigma, double sd) {
        return sigma * sd / Math.sqrt(sigma * sigma + sd * sd);
    }

    public static double cIn(double sigma, double sd) {
        return 1 / Math.sqrt(sigma * sigma + sd * sd);
    }

    /** c_noise = ln(σ)/4 (QUOTED; the time embedding input, unused by linear models). */
    public static double cNoise(double sigma) {
        return Math.log(sigma) / 4;
    }

    /** Which per-σ rate multiplier g(σ) to apply (§2.2.10). */
    public enum Scheme {
        /** g = 1: the paper's theory figures. */
        UNIFORM,
        /** g = w(σ) p(σ): EDM weighting and sampling. */
        EDM_WEIGHTED,
        /** g = w p (c_out c_in)²: additionally a preconditioned linear inner network. */
        EDM_PRECONDITIONED
    }

    /** g(σ) of §2.2.10 (DERIVED rule). */
    public static double rateMultiplier(Scheme scheme, double sigma) {
        switch (scheme) {
            case UNIFORM:
                return 1;
            case EDM_WEIGHTED:
                return edmWeight(sigma, SIGMA_DATA) * logNormalDensity(sigma, P_MEAN, P_STD);
            case EDM_PRECONDITIONED: {
                double co = cOut(sigma, SIGMA_DATA) * cIn(sigma, SIGMA_DATA);
                return edmWeight(sigma, SIGMA_DATA) * logNormalDensity(sigma, P_MEAN, P_STD) * co * co;
            }
            default:
                throw new AssertionError(scheme);
        }
    }

    /** Eq. 7 with the σ-dependent rate 2ηg(σ)(σ² + λ) (DERIVED). */
    public static double weight(Scheme scheme, double lambda, double sigma, double q, double eta, double tau) {
        return OneLayerDynamics.weight(lambda, sigma, q, eta * rateMultiplier(scheme, sigma), tau);
    }

    /** ln λ̃ under a weighting scheme: the boxed integral of §2.2.3 by quadrature (the spec's prescription). */
    public static double generatedLog(
            Scheme scheme, double lambda, double q, double eta, double tau, double sigma0, double sigmaT, int panels) {
        return GeneratedVariance.logByQuadrature(s -> weight(scheme, lambda, s, q, eta, tau), sigma0, sigmaT, panels);
    }

    /**
     * Shared-weight EDM linear denoiser, per data eigenmode (DERIVED for this implementation). With v_k the inner
     * gain on mode k, ψ_k(σ) = c_skip(σ) + c_out(σ)c_in(σ)v_k and, since w(σ)c_out² = 1, the per-mode EDM loss
     * E_σ E_{x,z}[w(σ)(ψ_k y − x)²] reduces to a quadratic A_k v² − 2B_k v + const with
     * A_k = E_σ[(λ_k + σ²)/(σ² + σ_d²)] and B_k = (λ_k − σ_d²)/σ_d · E_σ[σ/(σ² + σ_d²)]. Gradient flow gives
     * v_k(τ) = v* + (v(0) − v*)e^{−2ηA_kτ} with v* = B_k/A_k. Expectations over ln σ ~ N(P_mean, P_std²).
     * Loss summed over coordinates (divide η by d for the per-coordinate mean of the authors' code).
     */
    public static final class SharedLinear {
        private final double sigmaData;
        private final double meanInvNoise; // E[1/(σ² + σ_d²)]
        private final double meanSigmaRatio; // E[σ²/(σ² + σ_d²)]
        private final double meanSigmaOver; // E[σ/(σ² + σ_d²)]

        public SharedLinear(double sigmaData, double pMean, double pStd) {
            Check.positive("sigmaData", sigmaData);
            Check.positive("pStd", pStd);
            this.sigmaData = sigmaData;
            double sd2 = sigmaData * sigmaData;
            meanInvNoise = gaussianExpectation(s -> 1 / (s * s + sd2), pMean, pStd);
            meanSigmaRatio = gaussianExpectation(s -> s * s / (s * s + sd2), pMean, pStd);
            meanSigmaOver = gaussianExpectation(s -> s / (s * s + sd2), pMean, pStd);
        }

        public static SharedLinear edm() {
            return new SharedLinear(SIGMA_DATA, P_MEAN, P_STD);
        }

        /** E over ln σ ~ N(μ, s²) of f(σ), by Gauss–Legendre on ±12 standard deviations. */
        private static double gaussianExpectation(java.util.function.DoubleUnaryOperator f, double mu, double sd) {
            return Quadrature.composite(
                    z -> Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * f.applyAsDouble(Math.exp(mu + sd * z)),
                    -12,
                    12,
                    64);
        }

        /** A_k: the curvature of the per-mode loss in v (the relaxation rate is 2ηA_k). */
        public double curvature(double lambda) {
            return lambda * meanInvNoise + meanSigmaRatio;
        }

        /** B_k. */
        public double drive(double lambda) {
            return (lambda - sigmaData * sigmaData) / sigmaData * meanSigmaOver;
        }

        /** v_k(τ) from v(0) = v0. */
        public double innerGain(double lambda, double v0, double eta, double tau) {
            double a = curvature(lambda), star = drive(lambda) / a;
            return star + (v0 - star) * Math.exp(-2 * eta * a * tau);
        }

        /** ψ_k(σ) = c_skip + c_out c_in v. */
        public double effectiveWeight(double sigma, double v) {
            return cSkip(sigma, sigmaData) + cOut(sigma, sigmaData) * cIn(sigma, sigmaData) * v;
        }

        /** ln λ̃_k(τ) by the boxed integral. */
        public double generatedLog(
                double lambda, double v0, double eta, double tau, double sigma0, double sigmaT, int panels) {
            double v = innerGain(lambda, v0, eta, tau);
            return GeneratedVariance.logByQuadrature(s -> effectiveWeight(s, v), sigma0, sigmaT, panels);
        }

        /** Per-sample stochastic gradient of the EDM loss in v for one mode: w(σ)·2c_out c_in(ψ y − x)y. */
        public double sampleGradient(double sigma, double v, double x, double y) {
            double co = cOut(sigma, sigmaData), ci = cIn(sigma, sigmaData);
            double psi = cSkip(sigma, sigmaData) + co * ci * v;
            return edmWeight(sigma, sigmaData) * 2 * co * ci * (psi * y - x) * y;
        }

        public double sigmaData() {
            return sigmaData;
        }
    }
}
