package org.diffdyn.imbalance.experiments;

/** Level crossings of sampled curves (for reading speciation times off simulated clone-agreement curves). */
public final class Crossings {
    private Crossings() {}

    /**
     * The x where a curve sampled at increasing x first falls through {@code level} (from ≥ to <), by linear
     * interpolation; NaN if it never does. Simulated φ₋(t) decreases in t.
     */
    public static double decreasing(double[] x, double[] y, double level) {
        for (int i = 0; i + 1 < x.length; i++) {
            double a = y[i] - level, b = y[i + 1] - level;
            if (Double.isNaN(a) || Double.isNaN(b)) continue;
            if (a >= 0 && b < 0) return x[i] + (x[i + 1] - x[i]) * a / (a - b);
        }
        return Double.NaN;
    }
}
