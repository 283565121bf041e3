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

    /**
     * Digamma ψ(x) for x > 0 (linear-diffusion.md §3.5 recipe 6): the recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 10,
     * then the asymptotic series ln x − 1/(2x) − Σ B_2k/(2k x^{2k}). Accurate to about 1e-15; Commons Math's
     * digamma is only good to about 3e-9 near x = 1, too coarse for the Wishart KL sums of paper B.
     */
    public static double digamma(double x) {
        if (!(x > 0)) throw new IllegalArgumentException("digamma(x) is implemented for x > 0, got " + x);
        double shift = 0;
        while (x < 10) {
            shift -= 1 / x;
            x += 1;
        }
        double inv2 = 1 / (x * x);
        // Bernoulli terms: 1/12, 1/120, 1/252, 1/240, 1/132, 691/32760, 1/12.
        double series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240
                - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 / 12))))));
        return shift + Math.log(x) - 0.5 / x - series;
    }

    /** ln Γ(x) (Commons Math, accurate to about 1e-15). */
    public static double logGamma(double x) {
        return Gamma.logGamma(x);
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
