package org.diffdyn.core.spectra;

import java.util.Arrays;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.random.Rng;

/**
 * A covariance spectrum λ_1 ≥ λ_2 ≥ … ≥ λ_d > 0: the data model shared by papers A and B.
 * Immutable; every factory validates its input and sorts in descending order.
 */
public final class Spectrum {
    private final double[] values;

    private Spectrum(double[] sortedDescending) {
        this.values = sortedDescending;
    }

    /** An explicit list of variances (any order; each must be finite and > 0). */
    public static Spectrum of(double... variances) {
        double[] v = Check.allPositive("spectrum", variances).clone();
        return new Spectrum(sortDescending(v));
    }

    /**
     * Log-normal spectrum of the paper-A synthetic experiments (linear-diffusion.md §2.1, QUOTED): d values exp(g),
     * g ~ N(0,1), sorted descending and divided by their mean so that Tr Σ / d = 1.
     */
    public static Spectrum logNormal(int d, long seed) {
        Check.positive("d", d);
        Rng rng = new Rng(seed);
        double[] v = new double[d];
        for (int i = 0; i < d; i++) v[i] = StrictMath.exp(rng.gaussian());
        return new Spectrum(normalizeTrace(sortDescending(v)));
    }

    /** Power law λ_ν ∝ ν^{-k}, ν = 1..d, normalized to Tr Σ / d = 1 (linear-diffusion.md §3.2). */
    public static Spectrum powerLaw(int d, double k) {
        Check.positive("d", d);
        Check.nonNegative("k", k);
        double[] v = new double[d];
        for (int nu = 1; nu <= d; nu++) v[nu - 1] = Math.pow(nu, -k);
        return new Spectrum(normalizeTrace(v));
    }

    /** All variances equal to one: the isotropic Gaussian. */
    public static Spectrum isotropic(int d) {
        Check.positive("d", d);
        double[] v = new double[d];
        Arrays.fill(v, 1.0);
        return new Spectrum(v);
    }

    /**
     * The spectrum of an empirical covariance, keeping eigenvalues above {@code floor} (relative to the mean
     * eigenvalue): real-data covariances have many numerically zero modes that a positive spectrum cannot hold.
     */
    public static Spectrum fromEigenvalues(double[] eigenvalues, double relativeFloor) {
        Check.nonNegative("relativeFloor", relativeFloor);
        double mean = Arrays.stream(eigenvalues).average().orElse(0);
        double cut = Math.max(relativeFloor * mean, Double.MIN_NORMAL);
        double[] kept = Arrays.stream(eigenvalues).filter(x -> x > cut).toArray();
        if (kept.length == 0)
            throw new ParameterException("eigenvalues", "all <= " + cut, "at least one eigenvalue above the floor");
        return new Spectrum(sortDescending(kept));
    }

    private static double[] sortDescending(double[] v) {
        Arrays.sort(v);
        for (int i = 0, j = v.length - 1; i < j; i++, j--) {
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return v;
    }

    private static double[] normalizeTrace(double[] v) {
        double mean = Arrays.stream(v).sum() / v.length;
        for (int i = 0; i < v.length; i++) v[i] /= mean;
        return v;
    }

    public int dimension() {
        return values.length;
    }

    public double get(int k) {
        return values[k];
    }

    /** The variances, descending (a copy). */
    public double[] values() {
        return values.clone();
    }

    public double trace() {
        return Arrays.stream(values).sum();
    }

    /** ln det Σ = Σ_j ln λ_j. */
    public double logDet() {
        return logDet(values);
    }

    /** Tr Σ⁻¹ = Σ_j 1/λ_j. */
    public double traceInverse() {
        return traceInverse(values);
    }

    /** Least-squares slope of −log λ_r on log r over ranks [from, to] with λ_r &gt; 0 (the power-law exponent k of λ_r ∝ r^−k). */
    public static double fittedExponent(double[] eig, int from, int to) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int m = 0;
        for (int r = from; r <= Math.min(to, eig.length); r++) {
            if (!(eig[r - 1] > 0)) continue;
            double a = Math.log(r), b = Math.log(eig[r - 1]);
            sx += a;
            sy += b;
            sxx += a * a;
            sxy += a * b;
            m++;
        }
        return m < 2 ? Double.NaN : -(m * sxy - sx * sy) / (m * sxx - sx * sx);
    }

    /** Σ_j ln λ_j of any list of variances (in the order given). */
    public static double logDet(double... variances) {
        double sum = 0;
        for (double l : variances) sum += Math.log(l);
        return sum;
    }

    /** Σ_j 1/λ_j of any list of variances (in the order given). */
    public static double traceInverse(double... variances) {
        double sum = 0;
        for (double l : variances) sum += 1 / l;
        return sum;
    }

    public double max() {
        return values[0];
    }

    public double min() {
        return values[values.length - 1];
    }

    /** The same spectrum scaled so that Tr Σ / d = 1. */
    public Spectrum normalized() {
        return new Spectrum(normalizeTrace(values.clone()));
    }

    @Override
    public String toString() {
        return "Spectrum[d=" + values.length + ", max=" + max() + ", min=" + min() + ", trace/d="
                + trace() / values.length + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spectrum && Arrays.equals(values, ((Spectrum) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }
}
