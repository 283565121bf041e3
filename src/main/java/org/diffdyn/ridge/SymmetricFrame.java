package org.diffdyn.ridge;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Eigenvalues (ascending, sorted here, not trusted from a solver) and orthonormal eigenvectors of a small symmetric
 * D × D matrix: the Hessian frame of §4.3. D = 2 uses the closed form (the grid scans need 40 000 of them per second);
 * larger D uses EJML's symmetric QR algorithm, which is the right tool for D ≤ 64 (numerics.md: EJML beats JNI
 * overhead at that size).
 *
 * <p>For D = 2 with an exactly isotropic matrix the frame is e₁ (largest) / e₂ (smallest) by convention; any frame is
 * then as valid, which is why {@link RidgeDefinition#gapThreshold()} exists.
 */
final class SymmetricFrame {
    /** Ascending eigenvalues. */
    final double[] values;
    /** Column k (row-major D × D, entry [i*D + k]) is the unit eigenvector of values[k]. */
    final double[] vectors;

    final int d;

    private SymmetricFrame(double[] values, double[] vectors, int d) {
        this.values = values;
        this.vectors = vectors;
        this.d = d;
    }

    static SymmetricFrame of(double[] sym, int d) {
        if (d == 1) return new SymmetricFrame(new double[] {sym[0]}, new double[] {1}, 1);
        if (d == 2) return of2(sym[0], 0.5 * (sym[1] + sym[2]), sym[3]);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        DMatrixRMaj m = DMatrixRMaj.wrap(d, d, sym.clone());
        if (!eig.decompose(m)) throw new ArithmeticException("symmetric eigendecomposition failed for D = " + d);
        Integer[] order = new Integer[d];
        double[] raw = new double[d];
        for (int k = 0; k < d; k++) {
            order[k] = k;
            raw[k] = eig.getEigenvalue(k).getReal();
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(raw[a], raw[b]));
        double[] values = new double[d];
        double[] vectors = new double[d * d];
        for (int k = 0; k < d; k++) {
            values[k] = raw[order[k]];
            DMatrixRMaj v = eig.getEigenVector(order[k]);
            double norm = 0;
            for (int i = 0; i < d; i++) norm += v.data[i] * v.data[i];
            norm = Math.sqrt(norm);
            for (int i = 0; i < d; i++) vectors[i * d + k] = v.data[i] / norm;
        }
        return new SymmetricFrame(values, vectors, d);
    }

    /** Closed form for [[a, b], [b, c]]: λ = m ± r, the larger one's eigenvector at angle θ = ½ atan2(2b, a − c). */
    static SymmetricFrame of2(double a, double b, double c) {
        double m = 0.5 * (a + c);
        double r = Math.hypot(0.5 * (a - c), b);
        double theta = 0.5 * Math.atan2(2 * b, a - c);
        double cs = Math.cos(theta), sn = Math.sin(theta);
        // column 0 = smallest (−sin, cos), column 1 = largest (cos, sin)
        return new SymmetricFrame(new double[] {m - r, m + r}, new double[] {-sn, cs, cs, sn}, 2);
    }

    double vector(int k, int i) {
        return vectors[i * d + k];
    }
}
