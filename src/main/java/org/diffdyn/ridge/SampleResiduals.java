package org.diffdyn.ridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.diffdyn.core.NumericalException;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.ReverseSampler;
import org.ejml.data.DMatrixRMaj;

/**
 * The ridge residuals of a set of generated samples and their distances to the training set (paper D D-MNIST, §4.6;
 * target D9, §4.7; residual r_t QUOTED from §4.3). Near a single training point the Hessian of log p̂_t is ≈ −I/h_t, so
 * r ≈ √((D−d*)/D)·δ/h_t with δ the distance to the nearest scaled training point a_t x_i (DERIVED): copies of training
 * points (δ ≈ √(h_t D)) sit near zero on the r / max r scale, new samples at δ of the order of the points'
 * nearest-neighbour distance.
 *
 * @param label    the sample set's name
 * @param h        h_t of the ridge's time
 * @param r        r_t(x) of every sample whose residual is finite
 * @param nearest  the same samples' distances to the nearest a_t x_i
 * @param curved   samples (of those kept) satisfying the curvature condition λ_{d*+1} &lt; 0
 * @param diverged samples left out because their residual is not finite (diverged trajectories)
 */
public record SampleResiduals(String label, double h, double[] r, double[] nearest, int curved, int diverged) {

    /**
     * The residuals at the ridge's time of the samples (m × D, one per row) and their distances to the nearest scaled
     * training point of the ridge; a {@link NumericalException} when every residual is non-finite.
     */
    public static SampleResiduals measure(String label, DMatrixRMaj samples, EmpiricalRidge ridge, Progress progress) {
        DMatrixRMaj training = ridge.points();
        int m = samples.numRows, n = training.numRows, d = training.numCols;
        double a = OuProcess.a(ridge.time());
        double[] x = new double[d], pts = training.data;
        List<double[]> kept = new ArrayList<>();
        int curved = 0, diverged = 0;
        progress.start("ridge residuals in D=" + d + " (" + label + ")", m);
        for (int i = 0; i < m; i++) {
            System.arraycopy(samples.data, i * d, x, 0, d);
            EmpiricalRidge.Local l = ridge.local(x);
            if (!Double.isFinite(l.residual())) {
                diverged++;
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double s2 = 0;
                for (int k = 0; k < d; k++) {
                    double e = x[k] - a * pts[j * d + k];
                    s2 += e * e;
                }
                best = Math.min(best, s2);
            }
            kept.add(new double[] {l.residual(), Math.sqrt(best)});
            if (l.curvatureHolds()) curved++;
            if ((i & 31) == 0) progress.advance(i);
        }
        progress.finish();
        if (kept.isEmpty()) throw new NumericalException("learningRate", "every trajectory diverged (" + label + ")");
        double[] r = kept.stream().mapToDouble(v -> v[0]).toArray();
        double[] nearest = kept.stream().mapToDouble(v -> v[1]).toArray();
        return new SampleResiduals(label, ridge.h(), r, nearest, curved, diverged);
    }

    /** The reverse SDE (1.3) on {@code grid} (t_max down to the ridge's time), its samples measured by {@link #measure}. */
    public record Sampler(int samples, double[] grid, EmpiricalRidge ridge, Progress progress) {
        public SampleResiduals run(String label, ScoreFunction score, Rng rng) {
            int d = ridge.dimension();
            ReverseSampler.Run run =
                    ReverseSampler.run(ReverseSampler.Kind.SDE, score, samples, d, grid, 0, rng, progress);
            return measure(label, run.samples(), ridge, progress);
        }
    }

    /** log10 of a residual, floored at 10⁻³⁰⁰ (a zero residual stays finite). */
    public static double log10(double r) {
        return Math.log10(Math.max(r, 1e-300));
    }

    /** {lowest, highest} log10 r over all the sets (highest = lowest + 1 when they coincide): a shared histogram range. */
    public static double[] logRange(List<SampleResiduals> sets) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (SampleResiduals s : sets)
            for (double v : s.r) {
                lo = Math.min(lo, log10(v));
                hi = Math.max(hi, log10(v));
            }
        return new double[] {lo, hi > lo ? hi : lo + 1};
    }

    public int size() {
        return r.length;
    }

    /** max r (0 for an empty or all-zero set). */
    public double max() {
        double max = 0;
        for (double v : r) max = Math.max(max, v);
        return max;
    }

    /** r / max r (0 when max r = 0). */
    private double scaled(int i, double max) {
        return max > 0 ? r[i] / max : 0;
    }

    /** Counts of r / max r in {@code bins} equal bins of [0, 1] (the top bin closed). */
    public int[] histogram(int bins) {
        double max = max();
        int[] hist = new int[bins];
        for (int i = 0; i < r.length; i++) hist[Math.min(bins - 1, (int) (scaled(i, max) * bins))]++;
        return hist;
    }

    /** Counts of log10 r in {@code bins} equal bins of [lo, hi] (the top bin closed). */
    public int[] logHistogram(double lo, double hi, int bins) {
        int[] hist = new int[bins];
        for (double v : r) hist[Math.min(bins - 1, (int) ((log10(v) - lo) / (hi - lo) * bins))]++;
        return hist;
    }

    /** Fraction of the samples with r &lt; u · max r. */
    public double fractionBelow(double u) {
        double max = max();
        int below = 0;
        for (int i = 0; i < r.length; i++) if (scaled(i, max) < u) below++;
        return (double) below / r.length;
    }

    /** Fraction of the samples that copy a training point: nearest distance below {@code radius}. */
    public double copiesShare(double radius) {
        int copies = 0;
        for (double v : nearest) if (v < radius) copies++;
        return (double) copies / r.length;
    }

    /** Median r of the copies ({@code copies}) or of the other samples; NaN when there are none. */
    public double medianResidual(boolean copies, double radius) {
        double[] group = new double[r.length];
        int k = 0;
        for (int i = 0; i < r.length; i++) if (nearest[i] < radius == copies) group[k++] = r[i];
        return k == 0 ? Double.NaN : DataStats.median(Arrays.copyOf(group, k));
    }

    /** The largest r with log10 r below {@code log10Threshold} (0 when none). */
    public double maxBelow(double log10Threshold) {
        double out = 0;
        for (double v : r) if (log10(v) < log10Threshold) out = Math.max(out, v);
        return out;
    }

    /** Median of h_t r / δ over the samples: √((D − d*)/D) for an isotropic frame near a training point (DERIVED). */
    public double medianHrOverNearest() {
        double[] ratio = new double[r.length];
        for (int i = 0; i < r.length; i++) ratio[i] = h * r[i] / nearest[i];
        return DataStats.median(ratio);
    }

    /**
     * Two-group split of log10 r by Otsu's criterion (the threshold maximising the between-group variance), with
     * Ashman's D = √2 |μ₁ − μ₂| / √(σ₁² + σ₂²) of the two groups: D &gt; 2 is the usual mark of two separated modes.
     * Returns {low-group share, D, threshold (log10 r)}.
     */
    public static double[] twoGroupSplit(double[] r) {
        double[] v = new double[r.length];
        for (int i = 0; i < r.length; i++) v[i] = log10(r[i]);
        Arrays.sort(v);
        int m = v.length;
        if (m < 4) return new double[] {0, 0, v[0]};
        double[] prefix = new double[m + 1];
        for (int i = 0; i < m; i++) prefix[i + 1] = prefix[i] + v[i];
        int bestK = 1;
        double best = -1;
        for (int k = 2; k <= m - 2; k++) { // low group = v[0..k-1], at least two values in each group
            double mu1 = prefix[k] / k, mu2 = (prefix[m] - prefix[k]) / (m - k);
            double between = (double) k * (m - k) * (mu1 - mu2) * (mu1 - mu2);
            if (between > best) {
                best = between;
                bestK = k;
            }
        }
        double mu1 = prefix[bestK] / bestK, mu2 = (prefix[m] - prefix[bestK]) / (m - bestK), s1 = 0, s2 = 0;
        for (int i = 0; i < m; i++) {
            if (i < bestK) s1 += (v[i] - mu1) * (v[i] - mu1);
            else s2 += (v[i] - mu2) * (v[i] - mu2);
        }
        s1 /= bestK;
        s2 /= m - bestK;
        double ashman = Math.sqrt(2) * Math.abs(mu2 - mu1) / Math.sqrt(s1 + s2 + 1e-300);
        return new double[] {(double) bestK / m, ashman, 0.5 * (v[bestK - 1] + v[bestK])};
    }
}
