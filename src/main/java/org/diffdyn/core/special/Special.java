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
     * Exponential integral E1(x) = ∫_x^∞ e^{-t}/t dt for x > 0 (linear-diffusion.md §2.4 recipe 2), relative accuracy
     * about 1e-15 (1e-14 just above x = 1, the continued fraction's own accuracy), and fast because paper A evaluates it
     * millions of times:
     * x ≤ 1: the power series −γ − ln x + Σ (−1)^{k+1} x^k/(k k!) by Horner with precomputed coefficients;
     * 1 < x ≤ 128: x e^x E1(x) from Chebyshev expansions on the octaves [1,2], [2,4], …, [64,128], whose coefficients
     * are computed once from the continued fraction ({@link #e1Reference});
     * 128 < x ≤ 745: the continued fraction (converges in a few terms there); beyond 745, 0 (e^{-x} underflows).
     */
    public static double e1(double x) {
        if (!(x > 0)) {
            if (x == 0) return Double.POSITIVE_INFINITY;
            throw new IllegalArgumentException("E1(x) needs x > 0, got " + x);
        }
        if (x > 745) return 0.0;
        if (x <= 1) return -EULER_GAMMA - Math.log(x) + seriesEin(x);
        if (x <= OCTAVE_TOP) return octaveScaled(x) * Math.exp(-x) / x;
        return continuedFraction(x) * Math.exp(-x);
    }

    /**
     * The reference evaluation (series with running terms for x ≤ 1, modified Lentz continued fraction for x > 1,
     * Numerical Recipes {@code expint}): slower, used to build and to test the fast path.
     */
    public static double e1Reference(double x) {
        if (!(x > 0)) {
            if (x == 0) return Double.POSITIVE_INFINITY;
            throw new IllegalArgumentException("E1(x) needs x > 0, got " + x);
        }
        if (x > 745) return 0.0;
        if (x <= 1) {
            double sum = 0, term = 1;
            for (int k = 1; k < 60; k++) {
                term *= -x / k;
                double add = term / k;
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
            }
            return -EULER_GAMMA - Math.log(x) - sum;
        }
        return continuedFraction(x) * Math.exp(-x);
    }

    /** e^x E1(x) for x > 1 by the modified Lentz continued fraction E1 = e^{-x}/(x + 1 − 1/(x + 3 − 4/(x + 5 − …))). */
    private static double continuedFraction(double x) {
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
        return h;
    }

    private static final int SERIES_TERMS = 22;
    private static final double[] SERIES = new double[SERIES_TERMS + 1]; // (−1)^{k+1}/(k k!)
    private static final int CHEB_NODES = 30;
    private static final int OCTAVE_COUNT = 7;
    private static final double OCTAVE_TOP = 128;
    private static final double[][] OCTAVES =
            new double[OCTAVE_COUNT][]; // Chebyshev coefficients of x e^x E1(x) on [2^i, 2^{i+1}]

    static {
        double fact = 1;
        for (int k = 1; k <= SERIES_TERMS; k++) {
            fact *= k;
            SERIES[k] = ((k & 1) == 1 ? 1.0 : -1.0) / (k * fact);
        }
        for (int i = 0; i < OCTAVE_COUNT; i++) {
            double lo = Math.scalb(1.0, i), hi = 2 * lo, mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
            double[] f = new double[CHEB_NODES];
            for (int j = 0; j < CHEB_NODES; j++) {
                double x = mid + half * Math.cos(Math.PI * (j + 0.5) / CHEB_NODES);
                f[j] = x * continuedFraction(x);
            }
            double[] c = new double[CHEB_NODES];
            for (int m = 0; m < CHEB_NODES; m++) {
                double sum = 0;
                for (int j = 0; j < CHEB_NODES; j++) sum += f[j] * Math.cos(Math.PI * m * (j + 0.5) / CHEB_NODES);
                c[m] = 2.0 / CHEB_NODES * sum;
            }
            c[0] *= 0.5;
            OCTAVES[i] = c;
        }
    }

    /** Σ_{k≥1} (−1)^{k+1} x^k/(k k!) for 0 < x ≤ 1 (Horner; 22 terms reach 1e-24). */
    private static double seriesEin(double x) {
        double acc = SERIES[SERIES_TERMS];
        for (int k = SERIES_TERMS - 1; k >= 1; k--) acc = SERIES[k] + x * acc;
        return x * acc;
    }

    /** x e^x E1(x) for 1 < x ≤ 128 by Clenshaw on the octave holding x. */
    private static double octaveScaled(double x) {
        int i = Math.min(Math.getExponent(x) - (x == Math.scalb(1.0, Math.getExponent(x)) ? 1 : 0), OCTAVE_COUNT - 1);
        double lo = Math.scalb(1.0, i), half = 0.5 * lo, t = (x - lo - half) / half;
        double[] c = OCTAVES[i];
        double b1 = 0, b2 = 0, t2 = 2 * t;
        for (int m = c.length - 1; m >= 1; m--) {
            double b0 = c[m] + t2 * b1 - b2;
            b2 = b1;
            b1 = b0;
        }
        return c[0] + t * b1 - b2;
    }

    /** Ei(-x) = -E1(x) for x > 0: the form in which Prop. 4.2 of paper A uses it. */
    public static double eiOfNegative(double x) {
        return -e1(x);
    }

    /** e^{x} E1(x), finite for large x (E1(x) ~ e^{-x}/x): lets products such as e^{-aλ}Ei(-aσ²) avoid underflow. */
    public static double scaledE1(double x) {
        if (x > 1 && x <= OCTAVE_TOP) return octaveScaled(x) / x;
        if (x > OCTAVE_TOP && x <= 700) return continuedFraction(x);
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
        double series = inv2
                * (1.0 / 12
                        - inv2
                                * (1.0 / 120
                                        - inv2
                                                * (1.0 / 252
                                                        - inv2
                                                                * (1.0 / 240
                                                                        - inv2
                                                                                * (1.0 / 132
                                                                                        - inv2
                                                                                                * (691.0 / 32760
                                                                                                        - inv2
                                                                                                                / 12))))));
        return shift + Math.log(x) - 0.5 / x - series;
    }

    /** ln Γ(x) (Commons Math, accurate to about 1e-15). */
    public static double logGamma(double x) {
        return Gamma.logGamma(x);
    }

    public static double erf(double x) {
        return Erf.erf(x);
    }

    /** Standard normal CDF Φ(u) = erfc(−u/√2)/2, accurate in both tails. */
    public static double normalCdf(double u) {
        return 0.5 * Erf.erfc(-u / Math.sqrt(2));
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
