package org.diffdyn.core.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Eigenpairs of a symmetric matrix, eigenvalues in descending order (explicitly sorted: do not rely on a solver's
 * order) and eigenvectors as the columns of {@link #vectors()}.
 */
public final class SymmetricEigen {
    private final double[] values;
    private final DMatrixRMaj vectors;

    SymmetricEigen(double[] values, DMatrixRMaj vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    public int size() {
        return values.length;
    }

    /** Eigenvalues, descending. The array is a copy. */
    public double[] values() {
        return values.clone();
    }

    public double value(int k) {
        return values[k];
    }

    /** Orthonormal eigenvectors as columns, in the order of {@link #values()}. */
    public DMatrixRMaj vectors() {
        return vectors;
    }

    /** Component i of eigenvector k. */
    public double vector(int k, int i) {
        return vectors.get(i, k);
    }

    /**
     * Relative residual max_k ‖A v_k − λ_k v_k‖ / ‖A‖_F: about 1e-15 is machine precision. O(n³), for tests and
     * diagnostics.
     */
    public double residual(DMatrixRMaj a) {
        DMatrixRMaj av = new DMatrixRMaj(a.numRows, vectors.numCols);
        CommonOps_DDRM.mult(a, vectors, av);
        double worst = 0;
        int n = values.length;
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double r = av.get(i, k) - values[k] * vectors.get(i, k);
                s += r * r;
            }
            worst = Math.max(worst, Math.sqrt(s));
        }
        return worst / Math.max(NormOps_DDRM.normF(a), Double.MIN_NORMAL);
    }
}
