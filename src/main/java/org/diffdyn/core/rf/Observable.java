package org.diffdyn.core.rf;

import org.diffdyn.core.ParameterException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * An observable quadratic in the read-out A (d × p): O(A) = Tr(A M Aᵀ) + Tr(A N) + r with M (p × p, only its
 * symmetric part matters) and N (p × d). Every loss, per-class loss and score error of the random-features model at
 * fixed diffusion time has this form (random-features-and-ridge.md §1.4 and §3.2, DERIVED), which is what lets
 * {@link GradientFlow} produce whole learning curves from one eigendecomposition (§5.3).
 *
 * @param name a label for tables ("train loss class 0", ...)
 */
public record Observable(String name, DMatrixRMaj m, DMatrixRMaj n, double r) {

    public Observable {
        if (m.numRows != m.numCols)
            throw new ParameterException("M", m.numRows + "x" + m.numCols, "a square p x p matrix");
        if (n.numRows != m.numRows)
            throw new ParameterException("N", n.numRows + "x" + n.numCols, "a p x d matrix with p = " + m.numRows);
    }

    /**
     * The denoising-score-matching loss at fixed time t (§1.4):
     * L(A) = E‖ξ‖²/d + Δ/(dp) Tr(A U Aᵀ) + 2√Δ/(d√p) Tr(A V), for the moments (U, V) of some set of inputs
     * (training points → train loss; population of a class → test loss).
     */
    public static Observable dsmLoss(String name, FeatureMoments mom, double t) {
        int p = mom.u().numRows, d = mom.v().numCols;
        double delta = -Math.expm1(-2 * t);
        DMatrixRMaj m = mom.u().copy();
        CommonOps_DDRM.scale(delta / ((double) d * p), m);
        DMatrixRMaj nn = mom.v().copy();
        CommonOps_DDRM.scale(2 * Math.sqrt(delta) / (d * Math.sqrt(p)), nn);
        return new Observable(name, m, nn, mom.noisePower());
    }

    /**
     * The score error (1/d) E‖s_A(x) − s(x)‖² = (1/d)[(1/p) Tr(A U Aᵀ) − (2/√p) Tr(A C) + E‖s‖²] for a target
     * score s, with U = E[f fᵀ], C = E[f sᵀ] (p × d) and E‖s‖² over the same inputs (§3.2).
     */
    public static Observable scoreError(String name, DMatrixRMaj u, DMatrixRMaj cross, double targetSquaredNorm) {
        int p = u.numRows, d = cross.numCols;
        DMatrixRMaj m = u.copy();
        CommonOps_DDRM.scale(1.0 / ((double) d * p), m);
        DMatrixRMaj nn = cross.copy();
        CommonOps_DDRM.scale(-2.0 / (d * Math.sqrt(p)), nn);
        return new Observable(name, m, nn, targetSquaredNorm / d);
    }

    /** O(A) evaluated directly, O(d p²): the reference the fast curves are tested against. */
    public double value(DMatrixRMaj a) {
        DMatrixRMaj am = new DMatrixRMaj(a.numRows, m.numCols);
        CommonOps_DDRM.mult(a, m, am);
        double quad = 0;
        for (int i = 0; i < am.data.length; i++) quad += am.data[i] * a.data[i];
        DMatrixRMaj an = new DMatrixRMaj(a.numRows, n.numCols);
        CommonOps_DDRM.mult(a, n, an);
        return quad + CommonOps_DDRM.trace(an) + r;
    }

    /** The difference of two observables (e.g. the generalisation gap test − train). */
    public Observable minus(String newName, Observable o) {
        DMatrixRMaj mm = m.copy(), nn = n.copy();
        CommonOps_DDRM.subtractEquals(mm, o.m);
        CommonOps_DDRM.subtractEquals(nn, o.n);
        return new Observable(newName, mm, nn, r - o.r);
    }
}
