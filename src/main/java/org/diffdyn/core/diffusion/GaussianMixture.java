package org.diffdyn.core.diffusion;

import java.util.Arrays;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;

/**
 * An isotropic Gaussian mixture P_0 = Σ_c π_c N(μ_c, σ_c² I_d): the data model of papers C and D, and its exact
 * OU-time marginals and scores (random-features-and-ridge.md §1.2, DERIVED):
 * P_t = Σ_c π_c N(a_t μ_c, Γ_c I) with Γ_c = a_t² σ_c² + h_t.
 */
public final class GaussianMixture {
    private final double[] weights;
    private final double[] means; // K × d
    private final double[] sigmas;
    private final int d;

    /**
     * @param weights class probabilities π_c (> 0; normalised here)
     * @param means   the K centroids, one per row (K × d)
     * @param sigmas  per-class standard deviations σ_c (≥ 0; 0 makes a point mass, allowed for t > 0 only)
     */
    public GaussianMixture(double[] weights, DMatrixRMaj means, double[] sigmas) {
        int d = means.numCols;
        Check.positive("d", d);
        int k = weights.length;
        Check.allPositive("weights", weights);
        if (means.numRows != k)
            throw new ParameterException("means", means.numRows + " rows", k + " rows, one centroid per class weight");
        if (sigmas.length != k)
            throw new ParameterException("sigmas", sigmas.length + " values", k + " values, one per class");
        for (int c = 0; c < k; c++) {
            if (!(sigmas[c] >= 0) || Double.isInfinite(sigmas[c]))
                throw new ParameterException("sigmas[" + c + "]", sigmas[c], "a finite number >= 0");
        }
        double total = Arrays.stream(weights).sum();
        this.weights = Arrays.stream(weights).map(w -> w / total).toArray();
        this.means = means.data.clone();
        this.sigmas = sigmas.clone();
        this.d = d;
    }

    public int classes() {
        return weights.length;
    }

    public int dimension() {
        return d;
    }

    public double weight(int c) {
        return weights[c];
    }

    public double sigma(int c) {
        return sigmas[c];
    }

    public double[] mean(int c) {
        return Arrays.copyOfRange(means, c * d, (c + 1) * d);
    }

    /** A labelled sample: points (n × d, one per row) and their classes. */
    public record Sample(DMatrixRMaj x, int[] labels) {
        public double[] point(int i) {
            return Arrays.copyOfRange(x.data, i * x.numCols, (i + 1) * x.numCols);
        }
    }

    /** n i.i.d. draws (classes drawn with probabilities π_c). */
    public Sample sample(int n, Rng rng) {
        Check.positive("n", n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double u = rng.uniform(), acc = 0;
            int c = 0;
            while (c < weights.length - 1 && u >= (acc += weights[c])) c++;
            labels[i] = c;
        }
        return sampleWithLabels(labels, rng);
    }

    /** Exactly n_c = counts[c] draws of each class (the imbalanced training sets of paper C: n_c = ρ_c n). */
    public Sample sampleCounts(int[] counts, Rng rng) {
        if (counts.length != weights.length)
            throw new ParameterException("counts", Arrays.toString(counts), weights.length + " class counts");
        int n = 0;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] < 0) throw new ParameterException("counts[" + c + "]", counts[c], "an integer >= 0");
            n += counts[c];
        }
        Check.positive("n", n);
        int[] labels = new int[n];
        int i = 0;
        for (int c = 0; c < counts.length; c++) for (int j = 0; j < counts[c]; j++) labels[i++] = c;
        return sampleWithLabels(labels, rng);
    }

    private Sample sampleWithLabels(int[] labels, Rng rng) {
        int n = labels.length;
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            int c = labels[i];
            for (int j = 0; j < d; j++) x[i * d + j] = means[c * d + j] + sigmas[c] * rng.gaussian();
        }
        return new Sample(DMatrixRMaj.wrap(n, d, x), labels);
    }

    /** Γ_c(t) = a_t² σ_c² + h_t. */
    public double gamma(int c, double t) {
        double a = OuProcess.a(t);
        return a * a * sigmas[c] * sigmas[c] + OuProcess.h(t);
    }

    /** The exact marginal P_t as a {@link MixtureScore} (score, Hessian, responsibilities r_c). */
    public MixtureScore atTime(double t) {
        Check.nonNegative("t", t);
        int k = weights.length;
        double a = OuProcess.a(t);
        double[] centres = new double[k * d];
        double[] vars = new double[k];
        double[] lw = new double[k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) centres[c * d + j] = a * means[c * d + j];
            vars[c] = gamma(c, t);
            lw[c] = Math.log(weights[c]);
        }
        return new MixtureScore(centres, d, vars, lw);
    }

    /** The exact score of P_t as a batched {@link ScoreFunction}. */
    public ScoreFunction score() {
        return (y, t, out) -> atTime(t).scores(y, out);
    }

    /**
     * The smoothed empirical density p̂_t = (1/N) Σ_i φ_{h_t}(x − a_t x_i) of a training set (§1.2): the score that
     * memorises, and the density whose ridge paper D studies.
     */
    public static MixtureScore empirical(DMatrixRMaj points, double t) {
        Check.positive("t", t);
        int n = points.numRows, d = points.numCols;
        double a = OuProcess.a(t), h = OuProcess.h(t);
        double[] x = points.data;
        double[] centres = new double[n * d];
        for (int i = 0; i < n * d; i++) centres[i] = a * x[i];
        double[] vars = new double[n];
        Arrays.fill(vars, h);
        return new MixtureScore(centres, d, vars, new double[n]);
    }

    /** The empirical score of a training set (one point per row) as a batched {@link ScoreFunction}. */
    public static ScoreFunction empiricalScore(DMatrixRMaj points) {
        return (y, t, out) -> empirical(points, Math.max(t, 1e-12)).scores(y, out);
    }
}
