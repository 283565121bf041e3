package org.diffdyn.imbalance;

import java.util.Arrays;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;

/**
 * Paper C's data model (random-features-and-ridge.md §3.2): a K-class isotropic Gaussian mixture
 * P_0 = Σ_c π_c N(μ_c, σ_c² I_d) with centroid norms ‖μ_c‖ = m_c √d in a chosen {@link CentroidGeometry}, and training
 * sets with exactly n_c = ρ_c n points of class c.
 *
 * <p>UNSURE (§3.2): whether paper C's population weights π_c equal the sampling ratios ρ_c is not known; this class
 * takes π_c = ρ_c, the spec's choice.
 */
public final class ClassMixture {
    private final int d;
    private final CentroidGeometry geometry;
    private final double[] norms;
    private final double[] sigmas;
    private final double[] ratios;
    private final double[] means; // K × d
    private final GaussianMixture mixture;

    /**
     * @param d        dimension
     * @param geometry centroid placement
     * @param norms    m_c ≥ 0 (‖μ_c‖ = m_c √d)
     * @param sigmas   within-class standard deviations σ_c > 0
     * @param ratios   sampling ratios ρ_c > 0 (normalised to sum 1)
     * @param rng      draws the centroid directions
     */
    public ClassMixture(int d, CentroidGeometry geometry, double[] norms, double[] sigmas, double[] ratios, Rng rng) {
        Check.positive("d", d);
        int k = ratios.length;
        if (k < 1) throw new ParameterException("ratios", "[]", "one ratio per class");
        Check.allPositive("ratios", ratios);
        Check.allPositive("sigmas", sigmas);
        for (int c = 0; c < norms.length; c++)
            if (!(norms[c] >= 0) || Double.isInfinite(norms[c]))
                throw new ParameterException("norms[" + c + "]", norms[c], "a finite number >= 0");
        if (norms.length != k)
            throw new ParameterException(
                    "norms", Arrays.toString(norms), k + " values, one per class (as many as ratios)");
        if (sigmas.length != k)
            throw new ParameterException(
                    "sigmas", Arrays.toString(sigmas), k + " values, one per class (as many as ratios)");
        if (geometry == CentroidGeometry.ANTIPODAL && k != 2)
            throw new ParameterException(
                    "geometry", "antipodal with K = " + k, "exactly 2 classes for antipodal centroids");
        if (geometry == CentroidGeometry.ORTHOGONAL && k > d)
            throw new ParameterException("classes", k, "at most d = " + d + " classes for orthogonal centroids");
        this.d = d;
        this.geometry = geometry;
        this.norms = norms.clone();
        this.sigmas = sigmas.clone();
        double total = Arrays.stream(ratios).sum();
        this.ratios = Arrays.stream(ratios).map(r -> r / total).toArray();
        this.means = new double[k * d];
        double[][] dirs = directions(geometry, k, d, rng);
        for (int c = 0; c < k; c++) for (int j = 0; j < d; j++) means[c * d + j] = norms[c] * Math.sqrt(d) * dirs[c][j];
        this.mixture = new GaussianMixture(this.ratios, DMatrixRMaj.wrap(k, d, means), this.sigmas);
    }

    private static double[][] directions(CentroidGeometry g, int k, int d, Rng rng) {
        double[][] v = new double[k][];
        switch (g) {
            case ANTIPODAL: {
                double[] u = unit(rng.gaussianMatrix(1, d));
                v[0] = u;
                v[1] = Arrays.stream(u).map(x -> -x).toArray();
                return v;
            }
            case ORTHOGONAL: {
                for (int c = 0; c < k; c++) {
                    double[] x = rng.gaussianMatrix(1, d);
                    for (int pass = 0; pass < 2; pass++)
                        for (int b = 0; b < c; b++) {
                            double dot = 0;
                            for (int j = 0; j < d; j++) dot += x[j] * v[b][j];
                            for (int j = 0; j < d; j++) x[j] -= dot * v[b][j];
                        }
                    v[c] = unit(x);
                }
                return v;
            }
            default:
                for (int c = 0; c < k; c++) v[c] = unit(rng.gaussianMatrix(1, d));
                return v;
        }
    }

    private static double[] unit(double[] x) {
        double n = 0;
        for (double a : x) n += a * a;
        double s = 1 / Math.sqrt(n);
        return Arrays.stream(x).map(a -> a * s).toArray();
    }

    public int classes() {
        return ratios.length;
    }

    public int dimension() {
        return d;
    }

    public CentroidGeometry geometry() {
        return geometry;
    }

    public double ratio(int c) {
        return ratios[c];
    }

    public double[] ratios() {
        return ratios.clone();
    }

    public double sigma(int c) {
        return sigmas[c];
    }

    public double norm(int c) {
        return norms[c];
    }

    public double[] mean(int c) {
        return Arrays.copyOfRange(means, c * d, (c + 1) * d);
    }

    /** The population mixture (π_c = ρ_c) with its exact marginals and scores at every OU time. */
    public GaussianMixture population() {
        return mixture;
    }

    /**
     * Class counts n_c ≈ ρ_c n summing to n (largest remainder), each at least 1.
     */
    public int[] counts(int n) {
        int k = ratios.length;
        if (n < k) throw new ParameterException("n", n, "an integer >= the number of classes " + k);
        int[] counts = new int[k];
        double[] rem = new double[k];
        int used = 0;
        for (int c = 0; c < k; c++) {
            double exact = ratios[c] * n;
            counts[c] = Math.max(1, (int) Math.floor(exact));
            rem[c] = exact - Math.floor(exact);
            used += counts[c];
        }
        while (used < n) {
            int best = 0;
            for (int c = 1; c < k; c++) if (rem[c] > rem[best]) best = c;
            counts[best]++;
            rem[best] = -1;
            used++;
        }
        while (used > n) {
            int best = -1;
            for (int c = 0; c < k; c++) if (counts[c] > 1 && (best < 0 || counts[c] > counts[best])) best = c;
            counts[best]--;
            used--;
        }
        return counts;
    }

    /** A training set with exactly {@link #counts}(n) points per class, classes in blocks. */
    public GaussianMixture.Sample trainingSet(int n, Rng rng) {
        return mixture.sampleCounts(counts(n), rng);
    }

    /** The rows of a sample that belong to class c, as an n_c × d matrix. */
    public static DMatrixRMaj rowsOfClass(GaussianMixture.Sample s, int c) {
        int count = 0;
        for (int l : s.labels()) if (l == c) count++;
        int d = s.x().numCols;
        DMatrixRMaj x = new DMatrixRMaj(count, d);
        int r = 0;
        for (int i = 0; i < s.x().numRows; i++) {
            if (s.labels()[i] != c) continue;
            System.arraycopy(s.x().data, i * d, x.data, r * d, d);
            r++;
        }
        return x;
    }
}
