package org.diffdyn.core.rf;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The frozen first layer of the random-features score model s_A(x) = A σ(Wx/√d)/√p with W ∈ R^{p×d} i.i.d.
 * N(0,1) (random-features-and-ridge.md §1.4, QUOTED from Bonnaire et al. / George et al. / paper C's abstract).
 * Features are computed for a whole batch at once, F = σ(X Wᵀ/√d) (n × p), through the BLAS seam
 * {@link Dense#multiply}.
 */
public final class RandomFeatures {
    private final DMatrixRMaj w; // p × d
    private final DMatrixRMaj wtScaled; // d × p, Wᵀ/√d
    private final Activation activation;
    private final int p;
    private final int d;

    public RandomFeatures(DMatrixRMaj w, Activation activation) {
        this.w = w.copy();
        this.p = w.numRows;
        this.d = w.numCols;
        Check.positive("p", p);
        Check.positive("d", d);
        this.activation = activation;
        DMatrixRMaj t = new DMatrixRMaj(d, p);
        CommonOps_DDRM.transpose(w, t);
        CommonOps_DDRM.scale(1 / Math.sqrt(d), t);
        this.wtScaled = t;
    }

    /** Draws W with i.i.d. standard normal entries from {@code rng}. */
    public static RandomFeatures draw(int p, int d, Activation activation, Rng rng) {
        Check.positive("p", p);
        Check.positive("d", d);
        return new RandomFeatures(new DMatrixRMaj(p, d, true, rng.gaussianMatrix(p, d)), activation);
    }

    public int p() {
        return p;
    }

    public int d() {
        return d;
    }

    public Activation activation() {
        return activation;
    }

    /** The frozen weights W (p × d; shared, do not modify). */
    public DMatrixRMaj weights() {
        return w;
    }

    /** Wᵀ/√d (d × p; shared, do not modify). */
    public DMatrixRMaj scaledTranspose() {
        return wtScaled;
    }

    /** Pre-activations H = X Wᵀ/√d for a batch X (n × d): n × p. */
    public DMatrixRMaj preactivations(DMatrixRMaj x) {
        if (x.numCols != d)
            throw new ParameterException("x", x.numRows + "x" + x.numCols, "a matrix with d = " + d + " columns");
        return Dense.multiply(x, wtScaled);
    }

    /** Features F = σ(X Wᵀ/√d) for a batch X (n × d): n × p. */
    public DMatrixRMaj features(DMatrixRMaj x) {
        DMatrixRMaj h = preactivations(x);
        double[] a = h.data;
        for (int i = 0; i < a.length; i++) a[i] = activation.value(a[i]);
        return h;
    }

    /** The kernel K = W Wᵀ/d (p × p): the pre-activation covariance per unit input variance. */
    public DMatrixRMaj kernel() {
        return Dense.gram(wtScaled, 1.0);
    }

    /** The model's scores s_A(X) = F Aᵀ/√p for a batch X (n × d) and read-out A (d × p): n × d. */
    public DMatrixRMaj score(DMatrixRMaj a, DMatrixRMaj x) {
        checkReadout(a);
        DMatrixRMaj f = features(x);
        DMatrixRMaj at = new DMatrixRMaj(p, d);
        CommonOps_DDRM.transpose(a, at);
        DMatrixRMaj s = Dense.multiply(f, at);
        CommonOps_DDRM.scale(1 / Math.sqrt(p), s);
        return s;
    }

    /**
     * s_A as a batched {@link ScoreFunction}. The model is trained at one diffusion time; the sampler's time argument
     * is ignored (use a family of models, one per time, for a whole reverse trajectory).
     */
    public ScoreFunction scoreFunction(DMatrixRMaj a) {
        checkReadout(a);
        DMatrixRMaj aCopy = a.copy();
        return (y, t, out) -> {
            DMatrixRMaj s = score(aCopy, y);
            System.arraycopy(s.data, 0, out.data, 0, y.numRows * d);
        };
    }

    void checkReadout(DMatrixRMaj a) {
        if (a.numRows != d || a.numCols != p)
            throw new ParameterException(
                    "A", a.numRows + "x" + a.numCols, "a read-out of shape d x p = " + d + "x" + p);
    }
}
