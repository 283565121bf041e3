package org.diffdyn.spectralbias;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;

/**
 * Depth-L linear denoiser D = W_L ⋯ W_1 x with aligned singular vectors and balanced layers (linear-diffusion.md
 * §2.2.6: statement QUOTED, per-mode ODE DERIVED). The product gain s of a mode obeys
 * ṡ = −2ηL(ms − λ)s^{2−2/L}, m = σ² + λ. L = 1 is Eq. 7; L = 2 with independent layers is the logistic law with
 * rate 4ηλ (half the symmetric PPᵀ rate 8ηλ).
 *
 * <p>No closed form for general L (the paper's App. F was not retrieved). The ODE is stiff in τ at large σ, so it is
 * solved in the variable x defined by s = s* + (Q − s*)e^{−x} (s* = λ/m), where it becomes
 * dx/dτ = 2ηLm·s(x)^{2−2/L}: smooth, non-stiff, and converged to double precision once x > 40.
 */
public final class DeepLinearDynamics {
    private DeepLinearDynamics() {}

    /** The right-hand side ṡ of the per-mode ODE (DERIVED). */
    public static double rate(double s, double lambda, double sigma, double eta, int depth) {
        double m = sigma * sigma + lambda;
        return -2 * eta * depth * (m * s - lambda) * Math.pow(s, 2 - 2.0 / depth);
    }

    /**
     * The per-mode gain s(τ_j) for increasing training times, from balanced initialisation s(0) = Q > 0.
     * RK4 in τ on the x-variable ODE with steps Δx = 0.01 + 0.02x (relative error ~1e-8, about 200 steps to convergence).
     */
    public static double[] gain(double lambda, double sigma, double q, double eta, int depth, double[] sortedTaus) {
        Check.positive("depth", depth);
        Check.positive("lambda", lambda);
        if (depth > 1 && !(q > 0)) {
            if (q == 0) return new double[sortedTaus.length]; // s = 0 is a fixed point for L ≥ 2
            throw new ParameterException("q", q, "a number >= 0 for depth >= 2 (balanced layers need s > 0)");
        }
        double m = sigma * sigma + lambda, star = lambda / m, delta = q - star;
        double p = 2 - 2.0 / depth, c = 2 * eta * depth * m;
        double[] out = new double[sortedTaus.length];
        double x = 0, tau = 0;
        for (int j = 0; j < sortedTaus.length; j++) {
            double target = sortedTaus[j];
            if (target < tau) throw new ParameterException("tau", target, "training times in increasing order");
            while (tau < target && x < 40 && delta != 0) {
                double g = c * Math.pow(Math.max(star + delta * Math.exp(-x), 0), p);
                // Δx grows with x: the remaining deviation δe^{-x}, and with it the local error, shrinks as x grows
                double h = Math.min(target - tau, (0.01 + 0.02 * x) / Math.max(g, 1e-300));
                double k1 = g;
                double k2 = c * Math.pow(Math.max(star + delta * Math.exp(-(x + h / 2 * k1)), 0), p);
                double k3 = c * Math.pow(Math.max(star + delta * Math.exp(-(x + h / 2 * k2)), 0), p);
                double k4 = c * Math.pow(Math.max(star + delta * Math.exp(-(x + h * k3)), 0), p);
                x += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
                tau += h;
            }
            if (x >= 40) tau = target;
            out[j] = star + delta * Math.exp(-x);
        }
        return out;
    }

    /**
     * ln λ̃ of one mode at several training times (DERIVED): the gains s(σ, τ) on the Gauss–Legendre nodes of the
     * boxed integral (§2.2.3) in u = ln σ, 16·panels nodes, one ODE march per node.
     */
    public static double[] generatedLog(
            double lambda,
            double q,
            double eta,
            int depth,
            double[] sortedTaus,
            double sigma0,
            double sigmaT,
            int panels) {
        GeneratedVariance.checkSigmas(sigma0, sigmaT);
        org.diffdyn.core.numeric.GaussLegendre rule = org.diffdyn.core.numeric.GaussLegendre.of(16);
        double lo = Math.log(sigma0), hi = Math.log(sigmaT), h = (hi - lo) / panels;
        double[] integral = new double[sortedTaus.length];
        for (int pnl = 0; pnl < panels; pnl++) {
            double mid = lo + (pnl + 0.5) * h;
            for (int i = 0; i < 16; i++) {
                double u = mid + 0.5 * h * rule.node(i), wgt = 0.5 * h * rule.weight(i);
                double[] s = gain(lambda, Math.exp(u), q, eta, depth, sortedTaus);
                for (int j = 0; j < s.length; j++) integral[j] += wgt * (1 - s[j]);
            }
        }
        double[] out = new double[sortedTaus.length];
        for (int j = 0; j < out.length; j++) out[j] = 2 * Math.log(sigmaT) - 2 * integral[j];
        return out;
    }
}
