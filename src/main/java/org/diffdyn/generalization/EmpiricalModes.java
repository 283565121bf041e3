package org.diffdyn.generalization;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * One training set seen through its empirical second moment Σ̂ = XᵀX/N (linear-diffusion.md §3.5 recipes 1–2):
 * the sample eigenvalues λ̂_i (descending; numerically null ones set to 0) and, for each sample eigenvector û_i, the
 * overlaps s_i = û_iᵀ Σ û_i (test losses, B2) and r_i = û_iᵀ Σ⁻¹ û_i (KL, B5).
 *
 * <p>Every quantity of paper B is a spectral function of Σ̂ plus these overlaps, because all W_t are functions of Σ̂
 * (from W(0) = 0 or any isotropic start). So one eigendecomposition per draw is all the O(d³) work; everything after
 * it is O(d) per (t, τ). Σ may be taken diagonal (rotation equivariance, §3.2), which is what {@link #draw} does.
 */
public final class EmpiricalModes {
    /** Σ̂ eigenvalues below this fraction of Tr Σ̂ / d are exact zeros of a rank-deficient Σ̂ (§3.5 recipe 1). */
    public static final double NULL_THRESHOLD = 1e-10;

    private final double[] lambdaHat;
    private final double[] s;
    private final double[] r;
    private final double[] population;
    private final int samples;
    private final int nullCount;
    private final DMatrixRMaj vectors; // sample eigenvectors (columns) in the population eigenbasis; may be null

    private EmpiricalModes(
            double[] lambdaHat, double[] s, double[] r, double[] population, int samples, DMatrixRMaj vectors) {
        this.lambdaHat = lambdaHat;
        this.s = s;
        this.r = r;
        this.population = population;
        this.samples = samples;
        this.vectors = vectors;
        int z = 0;
        for (double v : lambdaHat) if (v == 0) z++;
        this.nullCount = z;
    }

    /**
     * Draws N samples x ~ N(0, Σ) with Σ = diag(λ) (X = G diag(√λ), G standard normal), forms Σ̂ = XᵀX/N through the
     * BLAS seam and eigendecomposes it: O(N d²) + O(d³).
     */
    public static EmpiricalModes draw(Spectrum spectrum, int n, Rng rng) {
        Check.positive("N", n);
        int d = spectrum.dimension();
        double[] lambda = spectrum.values();
        double[] sqrt = new double[d];
        for (int j = 0; j < d; j++) sqrt[j] = Math.sqrt(lambda[j]);
        double[] x = new double[n * d];
        for (int m = 0, p = 0; m < n; m++) for (int j = 0; j < d; j++, p++) x[p] = rng.gaussian() * sqrt[j];
        DMatrixRMaj sigmaHat = Dense.gram(new DMatrixRMaj(n, d, true, x), n);
        return fromDiagonalPopulation(sigmaHat, n, lambda);
    }

    /** The N samples themselves (one per row) for Σ = diag(λ): the data {@link #draw} would use with this rng. */
    public static DMatrixRMaj sample(Spectrum spectrum, int n, Rng rng) {
        Check.positive("N", n);
        int d = spectrum.dimension();
        double[] x = new double[n * d];
        for (int m = 0, p = 0; m < n; m++)
            for (int j = 0; j < d; j++, p++) x[p] = rng.gaussian() * Math.sqrt(spectrum.get(j));
        return new DMatrixRMaj(n, d, true, x);
    }

    /** From an empirical second moment Σ̂ (d×d, N samples) when the population Σ = diag(λ). */
    public static EmpiricalModes fromDiagonalPopulation(DMatrixRMaj sigmaHat, int n, double[] lambda) {
        Check.positive("N", n);
        int d = lambda.length;
        if (sigmaHat.numRows != d || sigmaHat.numCols != d)
            throw new ParameterException(
                    "sigmaHat", sigmaHat.numRows + "x" + sigmaHat.numCols, "a " + d + "x" + d + " matrix");
        Check.allPositive("lambda", lambda);
        SymmetricEigen e = Dense.eigh(sigmaHat);
        return fromEigen(e, n, lambda.clone(), e.vectors());
    }

    /** From an empirical second moment Σ̂ when Σ has an arbitrary eigenbasis (O(d³) to rotate the eigenvectors). */
    public static EmpiricalModes fromSecondMoment(DMatrixRMaj sigmaHat, int n, Covariance population) {
        if (population.isDiagonal())
            return fromDiagonalPopulation(sigmaHat, n, population.spectrum().values());
        SymmetricEigen e = Dense.eigh(sigmaHat);
        DMatrixRMaj ut = new DMatrixRMaj(population.dimension(), population.dimension());
        CommonOps_DDRM.transpose(population.basis(), ut);
        DMatrixRMaj rotated = Dense.multiply(ut, e.vectors()); // columns: û_i in Σ's eigenbasis
        return fromEigen(e, n, population.spectrum().values(), rotated);
    }

    private static EmpiricalModes fromEigen(SymmetricEigen e, int n, double[] lambda, DMatrixRMaj v) {
        int d = lambda.length;
        double[] lh = e.values();
        double mean = 0;
        for (double x : lh) mean += Math.max(x, 0);
        mean /= d;
        double cut = NULL_THRESHOLD * mean;
        for (int i = 0; i < d; i++) if (!(lh[i] > cut)) lh[i] = 0;
        double[] s = new double[d], r = new double[d];
        double[] vd = v.data;
        for (int j = 0; j < d; j++) {
            double lj = lambda[j], inv = 1 / lj;
            int row = j * d;
            for (int i = 0; i < d; i++) {
                double q = vd[row + i] * vd[row + i];
                s[i] += lj * q;
                r[i] += inv * q;
            }
        }
        return new EmpiricalModes(lh, s, r, lambda, n, v);
    }

    /** N = ∞: Σ̂ = Σ, so λ̂ = λ, s = λ, r = 1/λ (the population model, e.g. for the schedule floor of B4). */
    public static EmpiricalModes population(Spectrum spectrum) {
        double[] lambda = spectrum.values();
        double[] r = new double[lambda.length];
        for (int i = 0; i < r.length; i++) r[i] = 1 / lambda[i];
        return new EmpiricalModes(lambda.clone(), lambda.clone(), r, lambda, Integer.MAX_VALUE, null);
    }

    public int dimension() {
        return lambdaHat.length;
    }

    /** N, or {@link Integer#MAX_VALUE} for the population model. */
    public int samples() {
        return samples;
    }

    public boolean isPopulation() {
        return samples == Integer.MAX_VALUE;
    }

    /** Number of null directions of Σ̂ (d − N for N < d). */
    public int nullCount() {
        return nullCount;
    }

    /** λ̂_i, descending (a copy). */
    public double[] lambdaHat() {
        return lambdaHat.clone();
    }

    /** s_i = û_iᵀ Σ û_i (a copy). */
    public double[] sigmaOverlap() {
        return s.clone();
    }

    /** r_i = û_iᵀ Σ⁻¹ û_i (a copy). */
    public double[] inverseOverlap() {
        return r.clone();
    }

    /** The population eigenvalues λ_j (a copy). */
    public double[] populationSpectrum() {
        return population.clone();
    }

    double lambdaHat(int i) {
        return lambdaHat[i];
    }

    double s(int i) {
        return s[i];
    }

    double r(int i) {
        return r[i];
    }

    double[] lambdaHatView() {
        return lambdaHat;
    }

    double[] sView() {
        return s;
    }

    double[] rView() {
        return r;
    }

    double[] populationView() {
        return population;
    }

    /** Sample eigenvectors as columns, expressed in Σ's eigenbasis; null for the population model. */
    public DMatrixRMaj vectors() {
        return vectors;
    }

    public double maxLambdaHat() {
        return lambdaHat[0];
    }

    /** Σ_j ln λ_j. */
    public double logDetPopulation() {
        return org.diffdyn.core.spectra.Spectrum.logDet(population);
    }

    /** Tr[Σ P_null]: population variance in the null space of Σ̂ (B3: ≍ N κ₀). */
    public double nullSpaceVariance() {
        double sum = 0;
        for (int i = 0; i < lambdaHat.length; i++) if (lambdaHat[i] == 0) sum += s[i];
        return sum;
    }
}
