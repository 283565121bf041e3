package org.diffdyn.imbalance;

import org.diffdyn.core.ParameterException;

/**
 * Per-class generalisation and memorisation times read off learning curves on a τ grid
 * (random-features-and-ridge.md §3.5 and §5.3 step 6, DERIVED; paper C's own definitions are UNSURE, §6). Every
 * time is the first grid point that satisfies the criterion (NaN if none does), so two times "agree within one grid
 * step" when they are equal or adjacent grid values.
 */
public final class LearningTimes {
    private LearningTimes() {}

    /** How τ_gen is read from the score error. */
    public enum GenRule {
        /** First τ with E_c ≤ min E_c + f (E_c(0) − min E_c), f = 0.05 (§3.5). Misleading when floors differ (C7). */
        RELATIVE,
        /** First τ with E_c ≤ a threshold common to all classes (§5.3, preferred under imbalance). */
        COMMON_ABSOLUTE
    }

    /** How τ_mem is read. */
    public enum MemRule {
        /** First τ where L^te_c − L^tr_c reaches half its τ → ∞ value (§3.5). */
        HALF_GAP,
        /** The τ that minimises the class-c test loss (§5.3 alternative). */
        TEST_ARGMIN,
        /** First τ where the gap exceeds 0.02 (§5.3 alternative). */
        GAP_ABOVE
    }

    /** Default fraction of the drop for {@link GenRule#RELATIVE}. */
    public static final double GEN_FRACTION = 0.05;
    /** Default absolute gap for {@link MemRule#GAP_ABOVE}. */
    public static final double GAP_THRESHOLD = 0.02;

    /** First grid τ with values ≤ threshold, NaN if none. */
    public static double firstAtOrBelow(double[] taus, double[] values, double threshold) {
        check(taus, values);
        for (int j = 0; j < taus.length; j++) if (values[j] <= threshold) return taus[j];
        return Double.NaN;
    }

    /** First grid τ with values ≥ threshold, NaN if none. */
    public static double firstAtOrAbove(double[] taus, double[] values, double threshold) {
        check(taus, values);
        for (int j = 0; j < taus.length; j++) if (values[j] >= threshold) return taus[j];
        return Double.NaN;
    }

    /** τ_gen by the relative rule: first τ with E ≤ min E + fraction (E(0) − min E). */
    public static double genRelative(double[] taus, double[] error, double errorAtZero, double fraction) {
        double min = min(error);
        return firstAtOrBelow(taus, error, min + fraction * (errorAtZero - min));
    }

    /** τ_gen by a common absolute threshold. */
    public static double genAbsolute(double[] taus, double[] error, double threshold) {
        return firstAtOrBelow(taus, error, threshold);
    }

    /**
     * The default common threshold for a set of classes: the worst class floor plus {@code fraction} of the worst
     * class's remaining drop, max_c min E_c + f (max_c E_c(0) − max_c min E_c), so every class reaches it.
     * UNSURE: paper C's threshold is not known.
     */
    public static double commonThreshold(double[][] errors, double[] errorsAtZero, double fraction) {
        double floor = Double.NEGATIVE_INFINITY, start = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < errors.length; c++) {
            floor = Math.max(floor, min(errors[c]));
            start = Math.max(start, errorsAtZero[c]);
        }
        return floor + fraction * (start - floor);
    }

    /** τ_mem: first τ where the gap reaches half its asymptotic value (NaN if the asymptotic gap is ≤ 0). */
    public static double memHalfGap(double[] taus, double[] gap, double gapInf) {
        if (!(gapInf > 0)) return Double.NaN;
        return firstAtOrAbove(taus, gap, 0.5 * gapInf);
    }

    /** τ at the minimum of the test loss. */
    public static double memTestArgmin(double[] taus, double[] test) {
        check(taus, test);
        int best = 0;
        for (int j = 1; j < test.length; j++) if (test[j] < test[best]) best = j;
        return taus[best];
    }

    /** τ_gen for every class with a rule. */
    public static double[] gen(RfClassModel.LearningCurves lc, GenRule rule) {
        int k = lc.classes();
        double[] out = new double[k];
        double thr = commonThreshold(lc.error(), lc.errorZero(), GEN_FRACTION);
        for (int c = 0; c < k; c++)
            out[c] = rule == GenRule.RELATIVE
                    ? genRelative(lc.taus(), lc.error()[c], lc.errorZero()[c], GEN_FRACTION)
                    : genAbsolute(lc.taus(), lc.error()[c], thr);
        return out;
    }

    /** τ_mem for every class with a rule. */
    public static double[] mem(RfClassModel.LearningCurves lc, MemRule rule) {
        int k = lc.classes();
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            switch (rule) {
                case HALF_GAP:
                    out[c] = memHalfGap(lc.taus(), lc.gap(c), lc.gapInf(c));
                    break;
                case TEST_ARGMIN:
                    out[c] = memTestArgmin(lc.taus(), lc.test()[c]);
                    break;
                default:
                    out[c] = firstAtOrAbove(lc.taus(), lc.gap(c), GAP_THRESHOLD);
            }
        }
        return out;
    }

    static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) m = Math.min(m, x);
        return m;
    }

    private static void check(double[] taus, double[] values) {
        if (taus.length != values.length || taus.length == 0)
            throw new ParameterException("values", values.length + " values", taus.length + " values, one per time");
    }
}
