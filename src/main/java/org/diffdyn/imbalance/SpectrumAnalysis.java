package org.diffdyn.imbalance;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.Check;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.ejml.data.DMatrixRMaj;

/**
 * The spectrum of the train feature covariance U = Σ_c ρ_c U_c, read class by class
 * (random-features-and-ridge.md §3.3 and recipe §5.4, DERIVED): each eigenvector q_k gets class weights
 * w_c(k) = ρ_c q_kᵀ U_c q_k / λ_k (they sum to 1), and the eigenvalues are split into groups at the largest gaps of
 * log λ (see {@link #of}). The four groups are, from the top, the spikes (class means, ≤ K), the population bulk (≈ d), the
 * memorisation bulk (≈ n) and the floor; mode k relaxes on the timescale 1/λ_k, so each group's 1/λ range is a
 * spectral proxy for a learning time.
 */
public final class SpectrumAnalysis {

    /** Conventional names of the groups from the top of the spectrum (§3.3 table). */
    public static final String[] GROUP_NAMES = {"spikes", "population bulk", "memorization bulk", "floor"};

    /**
     * One group of consecutive eigenvalues (indices [from, to) in descending order).
     *
     * @param classWeights mean class weight over the group's eigenvectors
     * @param dominated    how many eigenvectors of the group have each class as their largest weight
     */
    public record Group(String name, int from, int to, double max, double min, double[] classWeights, int[] dominated) {
        public int size() {
            return to - from;
        }
    }

    private final double[] values;
    private final double[][] weights; // [k][c]
    private final List<Group> groups;
    private final double[] gapRatios;

    private SpectrumAnalysis(double[] values, double[][] weights, List<Group> groups, double[] gapRatios) {
        this.values = values;
        this.weights = weights;
        this.groups = groups;
        this.gapRatios = gapRatios;
    }

    /** Default smallest λ ratio that counts as a gap between groups. */
    public static final double MIN_GAP_RATIO = 2.0;

    /**
     * Analyses U = Σ_c ρ_c U_c given its eigendecomposition and splits it into the four groups of §3.3.
     *
     * <p>Each boundary is a gap of log λ inside a window set by the expected group sizes: spikes|population bulk at the
     * lowest gap ≥ minGapRatio within the top K+1 eigenvalues (spikes can stand apart from each other), the others at the
     * largest gap: population|memorization bulk within the next 2d, memorization bulk|floor
     * within the next 2n. A boundary whose gap is below {@code minGapRatio} is not a real gap; it is then placed by
     * the expected count (K, d − K, n). DERIVED: in the spec's regime the memorization bulk runs continuously into
     * the floor (§3.5 C8's own numbers: "0.03–0.35" then "0.001–0.03"), so its lower edge is usually set by the count n.
     *
     * @param classMatrices U_c, one per class
     * @param ratios        ρ_c (the weights that make U)
     * @param d             data dimension (expected population-bulk size)
     * @param n             training-set size (expected memorization-bulk size)
     */
    public static SpectrumAnalysis of(
            SymmetricEigen eigenOfU, DMatrixRMaj[] classMatrices, double[] ratios, int d, int n, double minGapRatio) {
        Check.positive("d", d);
        Check.positive("n", n);
        Check.positive("minGapRatio", minGapRatio);
        int p = eigenOfU.size(), k = classMatrices.length;
        double[] lambda = eigenOfU.values();
        DMatrixRMaj q = eigenOfU.vectors();
        double[][] w = new double[p][k];
        for (int c = 0; c < k; c++) {
            DMatrixRMaj uq = Dense.multiply(classMatrices[c], q);
            for (int col = 0; col < p; col++) {
                double s = 0;
                for (int i = 0; i < p; i++) s += q.data[i * p + col] * uq.data[i * p + col];
                w[col][c] = ratios[c] * s / lambda[col];
            }
        }
        int[] cut = new int[3];
        double[] gapOut = new double[3];
        int[][] windows = {{1, k + 1}, {0, 2 * d}, {0, 2 * n}};
        int[] expected = {k, Math.max(1, d - k), n};
        int from = 0;
        for (int b = 0; b < 3; b++) {
            int lo = b == 0 ? 1 : from + 1, hi = Math.min(p - 1, b == 0 ? windows[0][1] : from + windows[b][1]);
            int best = -1;
            double bestGap = 0;
            for (int i = lo; i <= hi; i++) {
                if (!(lambda[i] > 0)) break;
                double g = lambda[i - 1] / lambda[i];
                // Spikes: the lowest clear gap in the window (each spike may stand alone); bulks: the largest gap.
                boolean take = b == 0 ? g >= minGapRatio : g > bestGap;
                if (take) {
                    bestGap = g;
                    best = i;
                }
            }
            int at = (best > 0 && bestGap >= minGapRatio) ? best : Math.min(p - 1, from + expected[b]);
            at = Math.max(at, from + 1);
            cut[b] = Math.min(at, p - 1);
            gapOut[b] = lambda[cut[b] - 1] / lambda[cut[b]];
            from = cut[b];
        }
        List<Group> groups = new ArrayList<>();
        from = 0;
        for (int g = 0; g < 4; g++) {
            int to = g < 3 ? cut[g] : p;
            if (to <= from) to = Math.min(p, from + 1);
            double[] mean = new double[k];
            int[] dom = new int[k];
            for (int i = from; i < to; i++) {
                for (int c = 0; c < k; c++) mean[c] += w[i][c] / (to - from);
                dom[argMax(w[i])]++;
            }
            groups.add(new Group(GROUP_NAMES[g], from, to, lambda[from], lambda[to - 1], mean, dom));
            from = to;
        }
        return new SpectrumAnalysis(lambda, w, groups, gapOut);
    }

    /** {@link #of(SymmetricEigen, DMatrixRMaj[], double[], int, int, double)} for a trained model. */
    public static SpectrumAnalysis of(RfClassModel model) {
        int k = model.classes();
        DMatrixRMaj[] u = new DMatrixRMaj[k];
        double[] r = new double[k];
        for (int c = 0; c < k; c++) {
            u[c] = model.trainMoments(c).u();
            r[c] = (double) model.count(c) / model.config().n();
        }
        return of(
                model.flow().eigen(),
                u,
                r,
                model.mixture().dimension(),
                model.config().n(),
                MIN_GAP_RATIO);
    }

    /** Eigenvalues, descending. */
    public double[] values() {
        return values.clone();
    }

    /** Class weights w_c(k) of eigenvector k. */
    public double[] classWeights(int k) {
        return weights[k].clone();
    }

    public List<Group> groups() {
        return groups;
    }

    /** λ above / λ below at each group boundary (top to bottom). */
    public double[] gapRatios() {
        return gapRatios.clone();
    }

    /** The dominant class of eigenvector k: the class with the largest weight w_c(k) (the first on a tie). */
    public int dominantClass(int k) {
        return argMax(weights[k]);
    }

    private static int argMax(double[] v) {
        int best = 0;
        for (int c = 0; c < v.length; c++) if (v[c] > v[best]) best = c;
        return best;
    }

    /** The group index of eigenvalue k. */
    public int groupOf(int k) {
        for (int g = 0; g < groups.size(); g++) if (k < groups.get(g).to()) return g;
        return groups.size() - 1;
    }
}
