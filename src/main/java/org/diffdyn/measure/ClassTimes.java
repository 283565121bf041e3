package org.diffdyn.measure;

import org.diffdyn.core.ParameterException;
import org.diffdyn.imbalance.ClassOrder;
import org.diffdyn.imbalance.LearningTimes;

/**
 * Per-class generalisation and memorisation times read off a network's checkpoints (paper C,
 * random-features-and-ridge.md §2.2 and §3.5; the rules are those of {@link LearningTimes}, reused):
 * <ul>
 *   <li>τ_gen,c: first checkpoint at which the class-c test denoising loss is at or below a threshold common to all
 *       classes, max_c min L_c + f·(max_c L_c(0) − max_c min L_c), f = {@link LearningTimes#GEN_FRACTION} (the spec's
 *       preferred rule under imbalance, §5.3; UNSURE which the paper uses);</li>
 *   <li>τ_mem,c: first checkpoint at which the class's memorised fraction f_mem reaches {@code level} (Bonnaire: "starts to
 *       rise above zero", the exact level UNSURE), and alternatively the first checkpoint where the test − train gap
 *       reaches half its last value ({@link LearningTimes#memHalfGap} with the last checkpoint as τ → ∞).</li>
 * </ul>
 * Ranks (1 = first) are compared with the random-features theory's order ({@link ClassOrder}) by Spearman correlation.
 */
public final class ClassTimes {
    private ClassTimes() {}

    /** Times of one class (NaN when the criterion is never met). */
    public record Times(int label, double gen, double memFraction, double memGap) {}

    /**
     * @param steps checkpoint steps (increasing)
     * @param train train[c][j]: class-c training loss at checkpoint j
     * @param test test[c][j]: class-c held-out loss
     * @param fmem fmem[c][j]: memorised fraction of generated samples assigned to class c (may hold NaN)
     * @param level f_mem level that marks memorisation
     */
    public static Times[] measure(double[] steps, double[][] train, double[][] test, double[][] fmem, double level) {
        int k = test.length;
        if (train.length != k || fmem.length != k)
            throw new ParameterException("classes", k, "equal numbers of train, test and f_mem curves");
        double[] zero = new double[k];
        for (int c = 0; c < k; c++) zero[c] = test[c][0];
        double thr = LearningTimes.commonThreshold(test, zero, LearningTimes.GEN_FRACTION);
        Times[] out = new Times[k];
        for (int c = 0; c < k; c++) {
            double gen = LearningTimes.genAbsolute(steps, test[c], thr);
            double[] f = fmem[c].clone();
            for (int j = 0; j < f.length; j++) if (Double.isNaN(f[j])) f[j] = 0;
            double mf = LearningTimes.firstAtOrAbove(steps, f, level);
            double[] gap = new double[steps.length];
            for (int j = 0; j < gap.length; j++) gap[j] = test[c][j] - train[c][j];
            double mg = LearningTimes.memHalfGap(steps, gap, gap[gap.length - 1]);
            out[c] = new Times(c, gen, mf, mg);
        }
        return out;
    }

    /**
     * Ranks 1..k of the values, ascending; NaN (never reached) ranks last, ties keep class order. Use on times where
     * "smaller = earlier".
     */
    public static int[] ranks(double[] values) {
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) if (Double.isNaN(v[i])) v[i] = Double.POSITIVE_INFINITY;
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> v[a] != v[b] ? Double.compare(v[a], v[b]) : Integer.compare(a, b));
        int[] r = new int[v.length];
        for (int i = 0; i < idx.length; i++) r[idx[i]] = i + 1;
        return r;
    }

    /** Spearman correlation of two rankings ({@link ClassOrder#spearman}). */
    public static double spearman(int[] a, int[] b) {
        return ClassOrder.spearman(a, b);
    }
}
