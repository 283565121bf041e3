package org.diffdyn.core.schedule;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;

/**
 * The discrete variance-preserving (DDPM) forward process of paper B (linear-diffusion.md §3.1, QUOTED from the
 * authors' slides): x_t = √ᾱ_t x_0 + √(1−ᾱ_t) ε, with a linear β schedule from β_min = 1e-4 to β_max = 1e-2 and
 * ᾱ_t = Π_{s≤t}(1 − β_s), for t = 1..T. Throughout paper B, a_t = ᾱ_t and b_t = 1 − ᾱ_t.
 *
 * <p>The number of steps T (default 1000) and the t-indexing of the slide's formula are UNSURE (§3.2): with
 * {@link Indexing#ENDPOINTS} (the spec's default) β_t = β_min + (β_max − β_min)(t−1)/(T−1), so β_1 = β_min and
 * β_T = β_max exactly; with {@link Indexing#SLIDE_ONE_BASED} the slide's β_t = (β_max − β_min) t/T + β_min is read with
 * t = 1..T (then β_1 = β_min + (β_max − β_min)/T). For T = 1000 the default gives ᾱ_T ≈ 0.0063.
 *
 * <p>Immutable; all arrays are precomputed (index t = 0..T, with ᾱ_0 = 1 and β_0 undefined = 0).
 */
public final class DdpmSchedule {
    public static final int DEFAULT_STEPS = 1000;
    public static final double DEFAULT_BETA_MIN = 1e-4;
    public static final double DEFAULT_BETA_MAX = 1e-2;

    /** How t = 1..T is mapped onto the linear β ramp (UNSURE convention, §3.2). */
    public enum Indexing {
        /** β_t = β_min + (β_max − β_min)(t−1)/(T−1): the spec's default (slide formula with t = 0..T−1). */
        ENDPOINTS,
        /** β_t = β_min + (β_max − β_min) t/T with t = 1..T: the slide's formula read literally. */
        SLIDE_ONE_BASED
    }

    private final int steps;
    private final double betaMin;
    private final double betaMax;
    private final Indexing indexing;
    private final double[] beta; // index 1..T
    private final double[] alphaBar; // index 0..T, alphaBar[0] = 1
    private final double[] oneMinusAlphaBar; // index 0..T, computed without cancellation

    public DdpmSchedule(int steps, double betaMin, double betaMax, Indexing indexing) {
        Check.inRange("T", steps, 2, 10_000_000);
        Check.inRange("betaMin", betaMin, Double.MIN_NORMAL, 0.5);
        Check.inRange("betaMax", betaMax, Double.MIN_NORMAL, 0.999);
        if (!(betaMax >= betaMin)) throw new ParameterException("betaMax", betaMax, "a number >= betaMin = " + betaMin);
        if (indexing == null) throw new ParameterException("indexing", null, "ENDPOINTS or SLIDE_ONE_BASED");
        this.steps = steps;
        this.betaMin = betaMin;
        this.betaMax = betaMax;
        this.indexing = indexing;
        this.beta = new double[steps + 1];
        this.alphaBar = new double[steps + 1];
        this.oneMinusAlphaBar = new double[steps + 1];
        alphaBar[0] = 1;
        double logAlphaBar = 0;
        for (int t = 1; t <= steps; t++) {
            double frac = indexing == Indexing.ENDPOINTS ? (t - 1) / (double) (steps - 1) : t / (double) steps;
            beta[t] = betaMin + (betaMax - betaMin) * frac;
            logAlphaBar += Math.log1p(-beta[t]);
            alphaBar[t] = Math.exp(logAlphaBar);
            oneMinusAlphaBar[t] = -Math.expm1(logAlphaBar);
        }
    }

    /** T steps with the default linear schedule 1e-4 … 1e-2 and the default indexing. */
    public static DdpmSchedule linear(int steps) {
        return new DdpmSchedule(steps, DEFAULT_BETA_MIN, DEFAULT_BETA_MAX, Indexing.ENDPOINTS);
    }

    /** T = 1000, β from 1e-4 to 1e-2 (the spec's defaults). */
    public static DdpmSchedule standard() {
        return linear(DEFAULT_STEPS);
    }

    public int steps() {
        return steps;
    }

    public double betaMin() {
        return betaMin;
    }

    public double betaMax() {
        return betaMax;
    }

    public Indexing indexing() {
        return indexing;
    }

    /** β_t for t = 1..T. */
    public double beta(int t) {
        return beta[checkT(t)];
    }

    /** ᾱ_t = a_t for t = 0..T (ᾱ_0 = 1). */
    public double alphaBar(int t) {
        if (t < 0 || t > steps) throw new ParameterException("t", t, "an integer in [0, " + steps + "]");
        return alphaBar[t];
    }

    /** a_t = ᾱ_t, the signal variance factor. */
    public double a(int t) {
        return alphaBar[checkT(t)];
    }

    /** b_t = 1 − ᾱ_t, the noise variance, computed without cancellation (b_1 = β_1 exactly). */
    public double b(int t) {
        return oneMinusAlphaBar[checkT(t)];
    }

    /** The DDPM posterior variance β̃_t = β_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t), zero at t = 1. */
    public double posteriorVariance(int t) {
        checkT(t);
        return beta[t] * oneMinusAlphaBar[t - 1] / oneMinusAlphaBar[t];
    }

    /** a_t for t = 1..T as an array of length T (index 0 holds t = 1). */
    public double[] aValues() {
        double[] v = new double[steps];
        System.arraycopy(alphaBar, 1, v, 0, steps);
        return v;
    }

    /** b_t for t = 1..T as an array of length T (index 0 holds t = 1). */
    public double[] bValues() {
        double[] v = new double[steps];
        System.arraycopy(oneMinusAlphaBar, 1, v, 0, steps);
        return v;
    }

    /** β_t for t = 1..T as an array of length T (index 0 holds t = 1). */
    public double[] betaValues() {
        double[] v = new double[steps];
        System.arraycopy(beta, 1, v, 0, steps);
        return v;
    }

    private int checkT(int t) {
        if (t < 1 || t > steps) throw new ParameterException("t", t, "an integer in [1, " + steps + "]");
        return t;
    }

    @Override
    public String toString() {
        return "DdpmSchedule[T=" + steps + ", beta=" + betaMin + ".." + betaMax + ", " + indexing + ", alphaBar_T="
                + alphaBar[steps] + "]";
    }
}
