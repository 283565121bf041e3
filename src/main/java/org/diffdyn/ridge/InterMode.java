package org.diffdyn.ridge;

import java.util.Arrays;
import java.util.List;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.ejml.data.DMatrixRMaj;

/**
 * Inter-mode generations (paper D §4.4–4.6): final samples that are not within {@code radius} of any training point
 * (the code's {@code count_samples_near_modes}, radius 0.5, QUOTED), and where they sit: the nearest straight
 * segment between two training points (target D7: on segments adjacent to the (0,0) mode, few on the diagonal).
 */
public final class InterMode {
    private InterMode() {}

    /**
     * @param nearCounts    samples within radius of each training point
     * @param interMode     samples near none
     * @param segmentCounts inter-mode samples per segment (pairs i &lt; j in lexicographic order) whose distance to that
     *                      segment is the smallest and below segmentRadius
     * @param offSegments   inter-mode samples farther than segmentRadius from every segment
     */
    public record Tally(
            int samples, int[] nearCounts, int interMode, int[] segmentCounts, String[] segmentNames, int offSegments) {
        public double fraction() {
            return (double) interMode / samples;
        }

        /** The share of the inter-mode samples that sit on a segment (NaN when there are none). */
        public double onSegmentFraction() {
            return interMode == 0 ? Double.NaN : (double) (interMode - offSegments) / interMode;
        }

        /** The counts in one line: "near modes [..]; segments (a)-(b)=k ..; off segments k". */
        public String counts() {
            StringBuilder c = new StringBuilder("near modes " + Arrays.toString(nearCounts) + "; segments");
            for (int k = 0; k < segmentCounts.length; k++)
                c.append(' ').append(segmentNames[k]).append('=').append(segmentCounts[k]);
            return c.append("; off segments ").append(offSegments).toString();
        }

        /** The tally of both sample sets together (same modes and segments), for pooling independent runs. */
        public Tally plus(Tally o) {
            int[] near = nearCounts.clone(), seg = segmentCounts.clone();
            for (int i = 0; i < near.length; i++) near[i] += o.nearCounts[i];
            for (int i = 0; i < seg.length; i++) seg[i] += o.segmentCounts[i];
            return new Tally(
                    samples + o.samples, near, interMode + o.interMode, seg, segmentNames, offSegments + o.offSegments);
        }
    }

    /**
     * Final samples of several independent model draws, pooled (paper D §4.6, targets D5–D8).
     *
     * @param tally        the pooled tally
     * @param minFraction  smallest inter-mode fraction of a single draw (at most 1)
     * @param maxFraction  largest (at least 0)
     * @param meanResidual mean ridge residual r_{t_eval} (QUOTED, §4.3) over all samples
     * @param medianAbsY   the upper median of |y| (second coordinate) over all samples
     */
    public record Pooled(Tally tally, double minFraction, double maxFraction, double meanResidual, double medianAbsY) {}

    /**
     * Pools the final samples of several draws (each m × d, one per row, d ≥ 2): their tallies against the training
     * points {@code modes}, and their residuals under {@code ridge} (a ridge residual, O(n), per sample; cancellable).
     */
    public static Pooled pool(
            List<DMatrixRMaj> draws,
            DMatrixRMaj modes,
            double radius,
            double segmentRadius,
            EmpiricalRidge ridge,
            Progress progress) {
        Tally tally = null;
        double residuals = 0, lo = 1, hi = 0;
        double[] absY = new double[draws.stream().mapToInt(s -> s.numRows).sum()];
        int count = 0;
        for (DMatrixRMaj samples : draws) {
            Tally one = tally(samples, modes, radius, segmentRadius);
            tally = tally == null ? one : tally.plus(one);
            lo = Math.min(lo, one.fraction());
            hi = Math.max(hi, one.fraction());
            double[] x = new double[samples.numCols];
            for (int r = 0; r < samples.numRows; r++) {
                if ((r & 255) == 0) progress.checkCancelled();
                System.arraycopy(samples.data, r * x.length, x, 0, x.length);
                residuals += ridge.residual(x);
                absY[count++] = Math.abs(x[1]);
            }
        }
        Arrays.sort(absY);
        return new Pooled(tally, lo, hi, residuals / count, absY[count / 2]);
    }

    /**
     * @param samples final samples, one per row (m × d)
     * @param modes   training points, one per row (n × d)
     */
    public static Tally tally(DMatrixRMaj samples, DMatrixRMaj modes, double radius, double segmentRadius) {
        Check.positive("radius", radius);
        Check.positive("segmentRadius", segmentRadius);
        int m = samples.numRows, n = modes.numRows, d = modes.numCols;
        if (samples.numCols != d)
            throw new ParameterException(
                    "samples", samples.numRows + " x " + samples.numCols, "points with d = " + d + " columns");
        double[] x = samples.data, mo = modes.data;
        int[] near = new int[n];
        int pairs = n * (n - 1) / 2;
        int[] seg = new int[pairs];
        String[] names = new String[pairs];
        int idx = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) names[idx++] = label(mo, i, d) + "-" + label(mo, j, d);
        int inter = 0, off = 0;
        for (int r = 0; r < m; r++) {
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double z = x[r * d + j] - mo[i * d + j];
                    s += z * z;
                }
                if (s < best) {
                    best = s;
                    nearest = i;
                }
            }
            if (Math.sqrt(best) < radius) {
                near[nearest]++;
                continue;
            }
            inter++;
            int bestSeg = -1;
            double bestDist = Double.POSITIVE_INFINITY;
            idx = 0;
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++, idx++) {
                    double dd = segmentDistance(x, r * d, mo, i, j, d);
                    if (dd < bestDist) {
                        bestDist = dd;
                        bestSeg = idx;
                    }
                }
            if (bestSeg >= 0 && bestDist < segmentRadius) seg[bestSeg]++;
            else off++;
        }
        return new Tally(m, near, inter, seg, names, off);
    }

    static double segmentDistance(double[] x, int o, double[] modes, int i, int j, int d) {
        double num = 0, den = 0;
        for (int k = 0; k < d; k++) {
            double ab = modes[j * d + k] - modes[i * d + k];
            num += (x[o + k] - modes[i * d + k]) * ab;
            den += ab * ab;
        }
        double u = den == 0 ? 0 : Math.max(0, Math.min(1, num / den));
        double s = 0;
        for (int k = 0; k < d; k++) {
            double z = x[o + k] - (modes[i * d + k] + u * (modes[j * d + k] - modes[i * d + k]));
            s += z * z;
        }
        return Math.sqrt(s);
    }

    private static String label(double[] modes, int i, int d) {
        StringBuilder sb = new StringBuilder("(");
        for (int k = 0; k < d && k < 3; k++) {
            double v = modes[i * d + k];
            sb.append(k == 0 ? "" : ",").append(v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v));
        }
        return sb.append(d > 3 ? ",..)" : ")").toString();
    }
}
