package org.diffdyn.core.diffusion;

import org.diffdyn.core.Check;

/**
 * The Ornstein–Uhlenbeck (variance-preserving) forward process of papers C and D (random-features-and-ridge.md §1.1,
 * QUOTED): dX = −X dt + √2 dB, so X_t = a_t X_0 + √h_t Z with a_t = e^{−t} and h_t = Δ_t = 1 − e^{−2t}.
 */
public final class OuProcess {
    private OuProcess() {}

    /** a_t = e^{−t}. */
    public static double a(double t) {
        return Math.exp(-t);
    }

    /** h_t = Δ_t = 1 − e^{−2t}, computed with expm1 so that small t keeps its digits. */
    public static double h(double t) {
        return -Math.expm1(-2 * t);
    }

    /**
     * OU time of DDPM step k (§1.1, QUOTED from Bonnaire/Biroli): t_k = −½ ln ᾱ_k for a linear β schedule from
     * {@code betaMin} to {@code betaMax} over {@code steps} steps, so that a_{t_k} = √ᾱ_k.
     */
    public static double timeOfDdpmStep(int k, int steps, double betaMin, double betaMax) {
        Check.inRange("k", k, 1, steps);
        double logAlphaBar = 0;
        for (int j = 1; j <= k; j++) {
            double beta = betaMin + (betaMax - betaMin) * (j - 1) / Math.max(1, steps - 1);
            logAlphaBar += Math.log1p(-beta);
        }
        return -0.5 * logAlphaBar;
    }

    /**
     * The geometric reverse-time grid of the paper-D code (§1.3, QUOTED): t_i = T q^{−i}, i = 0..L, with
     * q = (T/t_min)^{1/L}; descending from T to t_min.
     */
    public static double[] geometricGrid(double tMax, double tMin, int steps) {
        Check.positive("tMax", tMax);
        Check.positive("tMin", tMin);
        Check.positive("steps", steps);
        if (!(tMax > tMin)) throw new org.diffdyn.core.ParameterException("tMax", tMax, "a time > tMin = " + tMin);
        double[] t = new double[steps + 1];
        double logRatio = Math.log(tMax / tMin);
        for (int i = 0; i <= steps; i++) t[i] = tMax * Math.exp(-logRatio * i / steps);
        t[steps] = tMin;
        return t;
    }

    /** A uniform reverse-time grid from T down to t_min (Biroli's sampler uses T = 10 with 1000 steps). */
    public static double[] uniformGrid(double tMax, double tMin, int steps) {
        Check.positive("steps", steps);
        Check.nonNegative("tMin", tMin);
        if (!(tMax > tMin)) throw new org.diffdyn.core.ParameterException("tMax", tMax, "a time > tMin = " + tMin);
        double[] t = new double[steps + 1];
        for (int i = 0; i <= steps; i++) t[i] = tMax + (tMin - tMax) * i / steps;
        return t;
    }
}
