package org.diffdyn.core.spectra;

import org.diffdyn.core.Check;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.qr.QRDecompositionHouseholder_DDRM;

/**
 * Σ = U diag(λ) Uᵀ with an orthonormal eigenbasis U (columns): a spectrum placed in a basis. Theory works per
 * eigenmode; simulations draw samples x = U diag(√λ) g with g ~ N(0, I).
 */
public final class Covariance {
    private final Spectrum spectrum;
    private final DMatrixRMaj basis; // null means the standard basis (Σ diagonal)

    private Covariance(Spectrum spectrum, DMatrixRMaj basis) {
        this.spectrum = spectrum;
        this.basis = basis;
    }

    /** Σ diagonal in the standard basis. */
    public static Covariance diagonal(Spectrum spectrum) {
        return new Covariance(spectrum, null);
    }

    /** Σ = R diag(λ) Rᵀ with R a Haar-random orthogonal matrix (QR of a Gaussian matrix, signs fixed), seeded. */
    public static Covariance randomlyRotated(Spectrum spectrum, long seed) {
        return new Covariance(spectrum, randomOrthogonal(spectrum.dimension(), seed));
    }

    /** Σ given by an explicit eigenbasis (columns orthonormal), e.g. the principal axes of a real data set. */
    public static Covariance inBasis(Spectrum spectrum, DMatrixRMaj basis) {
        if (basis.numRows != spectrum.dimension() || basis.numCols != spectrum.dimension())
            throw new IllegalArgumentException("basis must be " + spectrum.dimension() + "x" + spectrum.dimension());
        return new Covariance(spectrum, basis.copy());
    }

    /** Eigendecomposition of an explicit covariance matrix, keeping the numerically positive modes. */
    public static Covariance fromMatrix(DMatrixRMaj sigma) {
        SymmetricEigen e = Dense.eigh(sigma);
        double[] v = e.values();
        for (int i = 0; i < v.length; i++)
            if (!(v[i] > 0))
                throw new IllegalArgumentException(
                        "covariance is not positive definite: eigenvalue " + i + " = " + v[i]);
        return new Covariance(Spectrum.of(v), e.vectors());
    }

    /** Haar-distributed orthogonal d×d matrix. */
    public static DMatrixRMaj randomOrthogonal(int d, long seed) {
        Check.positive("d", d);
        Rng rng = new Rng(seed);
        DMatrixRMaj g = new DMatrixRMaj(d, d, true, rng.gaussianMatrix(d, d));
        QRDecompositionHouseholder_DDRM qr = new QRDecompositionHouseholder_DDRM();
        if (!qr.decompose(g)) throw new ArithmeticException("QR failed");
        DMatrixRMaj q = qr.getQ(null, false);
        DMatrixRMaj r = qr.getR(null, false);
        // Multiply column j by sign(R_jj) so that the distribution is exactly Haar.
        for (int j = 0; j < d; j++) {
            if (r.get(j, j) < 0) for (int i = 0; i < d; i++) q.set(i, j, -q.get(i, j));
        }
        return q;
    }

    public Spectrum spectrum() {
        return spectrum;
    }

    public int dimension() {
        return spectrum.dimension();
    }

    /** The eigenbasis as columns (identity when Σ is diagonal). */
    public DMatrixRMaj basis() {
        return basis == null ? CommonOps_DDRM.identity(dimension()) : basis.copy();
    }

    public boolean isDiagonal() {
        return basis == null;
    }

    /** Σ as a dense matrix. */
    public DMatrixRMaj matrix() {
        int d = dimension();
        DMatrixRMaj u = basis();
        DMatrixRMaj ul = u.copy();
        for (int i = 0; i < d; i++) for (int k = 0; k < d; k++) ul.set(i, k, u.get(i, k) * spectrum.get(k));
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(ul, u, out);
        return out;
    }

    /** n samples x ~ N(0, Σ), one per row. */
    public DMatrixRMaj sample(int n, Rng rng) {
        return sample(n, rng, Progress.NONE);
    }

    /**
     * As {@link #sample(int, Rng)} (the same draws in the same order), with a cancellation point every 2^16 draws, so
     * that drawing millions of samples stops within a fraction of a second of an interrupt.
     */
    public DMatrixRMaj sample(int n, Rng rng, Progress progress) {
        Check.positive("n", n);
        int d = dimension();
        if ((long) n * d > Integer.MAX_VALUE - 8)
            throw new org.diffdyn.core.ParameterException(
                    "n", n, "at most " + (Integer.MAX_VALUE - 8) / d + " samples of dimension " + d);
        DMatrixRMaj z = new DMatrixRMaj(n, d);
        for (int i = 0; i < z.data.length; i++) {
            if ((i & 0xFFFF) == 0) progress.checkCancelled();
            z.data[i] = rng.gaussian();
        }
        for (int s = 0; s < n; s++) for (int k = 0; k < d; k++) z.data[s * d + k] *= Math.sqrt(spectrum.get(k));
        if (basis == null) return z;
        // x = U z per row: X = Z Uᵀ.
        DMatrixRMaj ut = new DMatrixRMaj(d, d);
        CommonOps_DDRM.transpose(basis, ut);
        return Dense.multiply(z, ut);
    }
}
