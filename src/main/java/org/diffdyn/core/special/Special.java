package org.diffdyn.core.special;

import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * Special functions used across the papers. Digamma and erf come from Commons Math; the exponential integral is
 * implemented here because no maintained Java library on Maven Central provides it.
 */
public final class Special {
    private Special() {}

    /** Euler–Mascheroni constant. */
    public static final double EULER_GAMMA = 0.57721566490153286061;

    /**
     * Exponential integral E1(x) = ∫_x^∞ e^{-t}/t dt for x > 0 (linear-diffusion.md §2.4 recipe 2): power series
     * for x ≤ 1, modified Lentz continued fraction for x > 1, and 0 beyond x = 745 where e^{-x} underflows.
     * Relative accuracy about 1e-15 over the whole range.
     */
    public static double e1(double x) {
        if (!(x > 0)) {
            if (x == 0) return Double.POSITIVE_INFINITY;
            throw new IllegalArgumentException("E1(x) needs x > 0, got " + x);
        }
        if (x > 745) return 0.0;
        if (x <= 1) {
            // E1(x) = -γ - ln x - Σ_{k≥1} (-x)^k / (k k!)
            double sum = 0, term = 1;
            for (int k = 1; k < 60; k++) {
                term *= -x / k;
                double add = term / k;
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
            }
            return -EULER_GAMMA - Math.log(x) - sum;
        }
        // Continued fraction E1(x) = e^{-x} / (x + 1 - 1/(x + 3 - 4/(x + 5 - ...))) (Numerical Recipes expint).
        final double tiny = 1e-300;
        double b = x + 1, c = 1 / tiny, d = 1 / b, h = d;
        for (int i = 1; i < 1000; i++) {
            double an = -(double) i * i;
            b += 2;
            d = 1 / (an * d + b);
            c = b + an / c;
            double del = c * d;
            h *= del;
            if (Math.abs(del - 1) < 1e-16) break;
        }
        return h * Math.exp(-x);
    }

    /** Ei(-x) = -E1(x) for x > 0: the form in which Prop. 4.2 of paper A uses it. */
    public static double eiOfNegative(double x) {
        return -e1(x);
    }

    /** e^{x} E1(x), finite for large x (E1(x) ~ e^{-x}/x): lets products such as e^{-aλ}Ei(-aσ²) avoid underflow. */
    public static double scaledE1(double x) {
        if (x <= 700) return Math.exp(x) * e1(x);
        // Asymptotic series 1/x (1 - 1/x + 2/x² - 6/x³ + ...), truncated at its smallest term.
        double sum = 1, term = 1;
        for (int k = 1; k < 30; k++) {
            double next = term * -k / x;
            if (Math.abs(next) > Math.abs(term)) break;
            term = next;
            sum += term;
        }
        return sum / x;
    }

    public static double digamma(double x) {
        return Gamma.digamma(x);
    }

    public static double erf(double x) {
        return Erf.erf(x);
    }

    /** ln Σ exp(v_i), stable for large |v_i|. */
    public static double logSumExp(double[] v, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) max = Math.max(max, v[i]);
        if (max == Double.NEGATIVE_INFINITY) return max;
        double s = 0;
        for (int i = from; i < to; i++) s += Math.exp(v[i] - max);
        return max + Math.log(s);
    }

    public static double logSumExp(double[] v) {
        return logSumExp(v, 0, v.length);
    }
}
