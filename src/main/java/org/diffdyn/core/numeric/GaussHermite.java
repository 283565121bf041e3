package org.diffdyn.core.numeric;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;
import org.diffdyn.core.Check;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.ejml.data.DMatrixRMaj;

/**
 * Probabilists' Gauss–Hermite quadrature: nodes z_i and weights w_i (summing to 1) with
 * Σ_i w_i f(z_i) ≈ E f(Z), Z ~ N(0,1), exact for polynomials of degree ≤ 2n − 1 (random-features-and-ridge.md §5.2:
 * 48 nodes for the Mehler coefficients, 80 for the GEP tables).
 *
 * <p>Built by the Golub–Welsch algorithm: the nodes are the eigenvalues of the symmetric Jacobi matrix of the
 * probabilists' Hermite recurrence (zero diagonal, off-diagonal √k) and the weights the squared first components of
 * its normalised eigenvectors. Symmetrised so that z_{n−1−i} = −z_i exactly. Rules are cached per n.
 */
public final class GaussHermite {
    private static final ConcurrentHashMap<Integer, GaussHermite> CACHE = new ConcurrentHashMap<>();

    private final double[] nodes;
    private final double[] weights;

    private GaussHermite(double[] nodes, double[] weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    /** The n-node rule (1 ≤ n ≤ 400), cached. */
    public static GaussHermite of(int n) {
        Check.inRange("nodes", n, 1, 400);
        return CACHE.computeIfAbsent(n, GaussHermite::golubWelsch);
    }

    private static GaussHermite golubWelsch(int n) {
        if (n == 1) return new GaussHermite(new double[] {0}, new double[] {1});
        DMatrixRMaj jacobi = new DMatrixRMaj(n, n);
        for (int k = 1; k < n; k++) {
            double b = Math.sqrt(k);
            jacobi.set(k, k - 1, b);
            jacobi.set(k - 1, k, b);
        }
        SymmetricEigen eig = Dense.eigh(jacobi);
        double[] z = new double[n];
        double[] w = new double[n];
        // eigh is descending; store ascending.
        for (int i = 0; i < n; i++) {
            int k = n - 1 - i;
            z[i] = eig.value(k);
            double v0 = eig.vector(k, 0);
            w[i] = v0 * v0;
        }
        for (int i = 0; i < n / 2; i++) {
            int j = n - 1 - i;
            double zs = 0.5 * (z[j] - z[i]), ws = 0.5 * (w[i] + w[j]);
            z[i] = -zs;
            z[j] = zs;
            w[i] = ws;
            w[j] = ws;
        }
        if (n % 2 == 1) z[n / 2] = 0;
        double sum = 0;
        for (double v : w) sum += v;
        for (int i = 0; i < n; i++) w[i] /= sum;
        return new GaussHermite(z, w);
    }

    public int size() {
        return nodes.length;
    }

    /** Nodes, ascending (a copy). */
    public double[] nodes() {
        return nodes.clone();
    }

    /** Weights, summing to 1 (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    public double node(int i) {
        return nodes[i];
    }

    public double weight(int i) {
        return weights[i];
    }

    /** E f(mean + sd·Z). */
    public double expectation(DoubleUnaryOperator f, double mean, double sd) {
        double s = 0;
        for (int i = 0; i < nodes.length; i++) s += weights[i] * f.applyAsDouble(mean + sd * nodes[i]);
        return s;
    }
}
