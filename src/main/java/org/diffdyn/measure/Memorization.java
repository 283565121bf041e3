package org.diffdyn.measure;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.progress.Progress;
import org.ejml.data.DMatrixRMaj;

/**
 * Memorisation of generated samples by the nearest-neighbour gap criterion (random-features-and-ridge.md §2.2,
 * QUOTED from Bonnaire et al.'s {@code compute_fmem.py}): for each generated sample the two nearest training images
 * in pixel L2 distance, d₁ ≤ d₂; the sample is memorised when d₁/d₂ &lt; {@link #DEFAULT_RATIO} = 1/3; f_mem is the
 * memorised fraction. Per class (spec §3.5 item 3, "against same-class training images"): a generated sample is
 * assigned the class of its nearest training image (nearest-neighbour class, UNSURE in the spec) and d₂ is the
 * second-nearest image of that class.
 *
 * <p>Distances come from ‖g‖² + ‖x‖² − 2g·x with the products through the BLAS seam, in blocks of training rows.
 */
public final class Memorization {
    private Memorization() {}

    public static final double DEFAULT_RATIO = 1.0 / 3;

    /** Per generated sample: nearest training index, its class, d₁ and d₂ (d₂ within that class when labels are given). */
    public record Neighbours(int[] nearest, int[] assignedClass, double[] d1, double[] d2) {
        public int size() {
            return d1.length;
        }

        /** Whether sample i is memorised at a ratio. */
        public boolean memorized(int i, double ratio) {
            return d1[i] < ratio * d2[i];
        }

        /** f_mem over all samples. */
        public double fraction(double ratio) {
            int c = 0;
            for (int i = 0; i < d1.length; i++) if (memorized(i, ratio)) c++;
            return (double) c / d1.length;
        }

        /** f_mem among the samples assigned to each class (NaN for a class no sample was assigned to). */
        public double[] fractionPerClass(int classes, double ratio) {
            double[] mem = new double[classes], n = new double[classes];
            for (int i = 0; i < d1.length; i++) {
                n[assignedClass[i]]++;
                if (memorized(i, ratio)) mem[assignedClass[i]]++;
            }
            for (int c = 0; c < classes; c++) mem[c] = n[c] == 0 ? Double.NaN : mem[c] / n[c];
            return mem;
        }

        /** Generated samples assigned to each class. */
        public int[] countPerClass(int classes) {
            int[] n = new int[classes];
            for (int c : assignedClass) n[c]++;
            return n;
        }
    }

    /** Binomial standard error √(f(1 − f)/n) of a fraction over n samples (DERIVED; the authors bootstrap it). */
    public static double standardError(double fraction, int n) {
        return n == 0 ? Double.NaN : Math.sqrt(fraction * (1 - fraction) / n);
    }

    /** Nearest two training images of every generated sample, ignoring classes. */
    public static Neighbours nearestTwo(DMatrixRMaj generated, DMatrixRMaj training, Progress progress) {
        return nearestTwo(generated, training, new int[training.numRows], 1, progress);
    }

    /**
     * Nearest training image overall (its label is the assigned class) and the second nearest of that class.
     *
     * @param labels class of every training row, in [0, classes)
     */
    public static Neighbours nearestTwo(
            DMatrixRMaj generated, DMatrixRMaj training, int[] labels, int classes, Progress progress) {
        int n = generated.numRows, m = training.numRows, d = training.numCols;
        if (generated.numCols != d)
            throw new ParameterException(
                    "generated", generated.numCols + " values per sample", d + " (the training images' size)");
        if (labels.length != m) throw new ParameterException("labels", labels.length, m + " (one per training image)");
        Check.positive("classes", classes);
        for (int l : labels)
            if (l < 0 || l >= classes)
                throw new ParameterException("label", l, "an integer in [0, " + (classes - 1) + "]");
        // best[i][c][0..1]: squared distances of the two nearest images of class c; idx: index of the nearest.
        double[] b1 = new double[n * classes], b2 = new double[n * classes];
        int[] i1 = new int[n * classes];
        java.util.Arrays.fill(b1, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(b2, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(i1, -1);
        double[] gn = rowNorms(generated);
        int block = Math.max(1, Math.min(m, (1 << 22) / Math.max(1, n)));
        progress.start("nearest training images (" + n + " x " + m + ")", m);
        double[] prod = new double[n * block];
        for (int s = 0; s < m; s += block) {
            int b = Math.min(block, m - s);
            // prod (n × b) = G · X_blockᵀ
            Dense.gemm(false, true, n, b, d, 1.0, generated.data, 0, training.data, s * d, 0.0, prod, 0);
            for (int j = 0; j < b; j++) {
                int row = s + j, c = labels[row];
                double xn = 0;
                for (int q = 0; q < d; q++) {
                    double v = training.data[row * d + q];
                    xn += v * v;
                }
                for (int i = 0; i < n; i++) {
                    double dist = Math.max(0, gn[i] + xn - 2 * prod[i * b + j]);
                    int at = i * classes + c;
                    if (dist < b1[at]) {
                        b2[at] = b1[at];
                        b1[at] = dist;
                        i1[at] = row;
                    } else if (dist < b2[at]) b2[at] = dist;
                }
            }
            progress.advance(s + b);
        }
        progress.finish();
        int[] nearest = new int[n], cls = new int[n];
        double[] d1 = new double[n], d2 = new double[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (b1[i * classes + c] < b1[i * classes + best]) best = c;
            cls[i] = best;
            nearest[i] = i1[i * classes + best];
            d1[i] = Math.sqrt(b1[i * classes + best]);
            d2[i] = Math.sqrt(b2[i * classes + best]);
        }
        return new Neighbours(nearest, cls, d1, d2);
    }

    private static double[] rowNorms(DMatrixRMaj x) {
        int d = x.numCols;
        double[] out = new double[x.numRows];
        for (int i = 0; i < x.numRows; i++) {
            double s = 0;
            for (int q = 0; q < d; q++) {
                double v = x.data[i * d + q];
                s += v * v;
            }
            out[i] = s;
        }
        return out;
    }
}
