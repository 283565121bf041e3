package org.diffdyn.imbalance;

import org.diffdyn.core.Check;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.numeric.GaussHermite;
import org.diffdyn.core.rf.Activation;

/**
 * The scalar coefficients of the per-class Gaussian-equivalent (GEP) decomposition of the random-feature
 * covariance (random-features-and-ridge.md §3.3, DERIVED; generalises Bonnaire et al.'s §2.2 coefficients to a class
 * with variance σ_c and a per-feature shift μ). With Γ_c = a_t²σ_c² + Δ_t and Z, u, v standard normals:
 * <pre>
 *   κ₀ = E σ(μ + √Γ Z),  α = E σ'(μ + √Γ Z),  b² = α² Δ,  ℓ = α² a² σ_c²  (linear data part),
 *   v² = E_u[(E_v σ(μ + aσ_c u + √Δ v))²] − κ₀² − ℓ   (nonlinear per-sample part),
 *   s² = E σ² − κ₀² − ℓ − v² − b²                    (nonlinear per-noise part).
 * </pre>
 * 1-D and 2-D probabilists' Gauss–Hermite quadrature (80 nodes per dimension, §5.2(c)); for ReLU the inner
 * expectations are closed forms.
 *
 * @param gamma        Γ_c
 * @param kappa0       κ₀
 * @param alpha        α
 * @param linearNoise  b²
 * @param linearData   ℓ
 * @param perSample    v²
 * @param perNoise     s²
 * @param secondMoment E σ²
 */
public record GepCoefficients(
        double gamma,
        double kappa0,
        double alpha,
        double linearNoise,
        double linearData,
        double perSample,
        double perNoise,
        double secondMoment) {

    public static final int DEFAULT_NODES = 80;

    /** Coefficients at OU time t for a class of standard deviation σ_c and a feature shift μ (μ = 0: the bulk). */
    public static GepCoefficients of(Activation act, double t, double sigma, double shift, int nodes) {
        Check.positive("t", t);
        Check.nonNegative("sigma", sigma);
        Check.finite("shift", shift);
        GaussHermite gh = GaussHermite.of(nodes);
        double a = OuProcess.a(t), delta = OuProcess.h(t);
        double gamma = a * a * sigma * sigma + delta;
        double[] e = new double[3];
        act.gaussianExpectations(shift, Math.sqrt(gamma), 1, gh, e);
        double kappa0 = e[0], alpha = e[1], second = e[2];
        double b2 = alpha * alpha * delta;
        double ell = alpha * alpha * a * a * sigma * sigma;
        double inner = 0;
        double[] in = new double[2];
        for (int q = 0; q < gh.size(); q++) {
            act.gaussianExpectations(shift + a * sigma * gh.node(q), Math.sqrt(delta), 0, gh, in);
            inner += gh.weight(q) * in[0] * in[0];
        }
        double v2 = inner - kappa0 * kappa0 - ell;
        double s2 = second - kappa0 * kappa0 - ell - v2 - b2;
        return new GepCoefficients(gamma, kappa0, alpha, b2, ell, v2, s2, second);
    }

    public static GepCoefficients of(Activation act, double t, double sigma, double shift) {
        return of(act, t, sigma, shift, DEFAULT_NODES);
    }

    /**
     * Coefficients averaged over the per-feature shifts μ_i ~ N(0, a_t² m_c²) that a centroid of norm m_c √d induces
     * across features (w_i·μ_c/√d is N(0, m_c²) for Gaussian W). UNSURE: which of μ = 0 (the spec's bulk
     * approximation) or this average paper C uses for its class-resolved timescales is not known; both are offered.
     */
    public static GepCoefficients averagedOverShift(Activation act, double t, double sigma, double norm, int nodes) {
        Check.nonNegative("norm", norm);
        GaussHermite gh = GaussHermite.of(Math.min(nodes, 40));
        double a = OuProcess.a(t);
        double k0 = 0, al = 0, b2 = 0, ell = 0, v2 = 0, s2 = 0, sec = 0, g = 0;
        for (int q = 0; q < gh.size(); q++) {
            GepCoefficients c = of(act, t, sigma, a * norm * gh.node(q), nodes);
            double w = gh.weight(q);
            g = c.gamma;
            k0 += w * c.kappa0;
            al += w * c.alpha;
            b2 += w * c.linearNoise;
            ell += w * c.linearData;
            v2 += w * c.perSample;
            s2 += w * c.perNoise;
            sec += w * c.secondMoment;
        }
        return new GepCoefficients(g, k0, al, b2, ell, v2, s2, sec);
    }
}
