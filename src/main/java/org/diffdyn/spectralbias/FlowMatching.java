package org.diffdyn.spectralbias;

import org.diffdyn.core.numeric.Quadrature;
import org.diffdyn.core.special.Special;

/**
 * Flow-matching variant of the one-layer model (linear-diffusion.md §2.2.9, QUOTED from the authors'
 * {@code theory_flowmatching_learn_curve.ipynb}; verified by quadrature). x_t = t x₁ + (1 − t)x₀ with noise x₀ at
 * t = 0 and data x₁ at t = 1, velocity v = W_t x_t regressed on x₁ − x₀, gradient flow on each W_t.
 */
public final class FlowMatching {
    private FlowMatching() {}

    /** w_k(t,τ) = f + (Q − f)e^{−2ητD}, D = t²λ + (1 − t)², f = (tλ − (1 − t))/D (QUOTED). */
    public static double weight(double lambda, double t, double q, double eta, double tau) {
        double d = t * t * lambda + (1 - t) * (1 - t);
        double f = (t * lambda - (1 - t)) / d;
        return f + (q - f) * Math.exp(-2 * eta * tau * d);
    }

    /**
     * ln λ̃ = 2I with (QUOTED)
     * I = ½ ln λ + ½[Ei(−2ητ) − Ei(−2ητλ)] + ½√(π/(2ητ(λ+1))) Q e^{−2ητλ/(λ+1)}[erf√(2ητ/(λ+1)) + erf(λ√(2ητ/(λ+1)))];
     * at τ = 0 the limit I = Q.
     */
    public static double generatedLog(double lambda, double q, double eta, double tau) {
        if (tau == 0) return 2 * q;
        double a = 2 * eta * tau;
        double r = Math.sqrt(a / (lambda + 1));
        double ei = -Special.e1(a) + Special.e1(a * lambda);
        // ½√(π/(a(λ+1))) [erf(r) + erf(λr)] = (√π/2)(1/(λ+1))·[erf(r) + erf(λr)]/r, stable as r → 0
        double erfPart = Math.sqrt(Math.PI) / 2 / (lambda + 1) * (erfOverX(r) + lambda * erfOverX(lambda * r));
        double i = 0.5 * Math.log(lambda) + 0.5 * ei + q * Math.exp(-a * lambda / (lambda + 1)) * erfPart;
        return 2 * i;
    }

    /** erf(x)/x, with its series near 0. */
    private static double erfOverX(double x) {
        if (Math.abs(x) < 1e-4) return 2 / Math.sqrt(Math.PI) * (1 - x * x / 3);
        return Special.erf(x) / x;
    }

    /** ln λ̃ = 2∫₀¹ w_k(t,τ) dt by composite Gauss–Legendre: the independent check of the closed form. */
    public static double generatedLogByQuadrature(double lambda, double q, double eta, double tau, int panels) {
        return 2 * Quadrature.composite(t -> weight(lambda, t, q, eta, tau), 0, 1, panels);
    }
}
