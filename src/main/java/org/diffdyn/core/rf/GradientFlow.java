package org.diffdyn.core.rf;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.Check;
import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.progress.Progress;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Gradient flow (and gradient descent) on the fixed-time DSM loss of the random-features model, solved in the
 * eigenbasis of U (random-features-and-ridge.md §1.4 and recipe §5.3, DERIVED).
 *
 * <p>In the time unit where Ȧ = −(A U + √(p/Δ) Vᵀ) (one GD step of rate η on L advances τ by 2ηΔ/(dp)), from A(0) = 0:
 * A(τ) = B diag(h(τ)) Qᵀ with U = QΛQᵀ, B = −√(p/Δ) VᵀQ and h_k(τ) = (1 − e^{−λ_k τ})/λ_k (→ τ as λ_k → 0, so a
 * singular Monte-Carlo U is handled without a pseudo-inverse). Mode k relaxes on the timescale 1/λ_k.
 * For gradient descent with step η' in the same unit, h_k = (1 − (1 − η'λ_k)^{s})/λ_k after s steps.
 *
 * <p>An observable Tr(A M Aᵀ) + Tr(A N) + r (see {@link Observable}) is then hᵀ[(QᵀMQ) ∘ (BᵀB)]h + bᵀh + r with
 * b_k = Σ_i B_ik (QᵀN)_ki: one p × p matrix per observable, after which a whole curve of T times costs one
 * p × p × T product.
 */
public final class GradientFlow {
    private final SymmetricEigen eigen;
    private final DMatrixRMaj q;
    private final DMatrixRMaj b; // d × p
    private final double[] lambda;
    private final int p;
    private final int d;

    /** Diagonalises U once (through {@link Dense#eigh}) and projects V onto its eigenvectors. */
    public GradientFlow(DMatrixRMaj u, DMatrixRMaj v, double t) {
        this(Dense.eigh(u), v, t);
    }

    /** From an existing eigendecomposition of U (descending eigenvalues). */
    public GradientFlow(SymmetricEigen eigenOfU, DMatrixRMaj v, double t) {
        Check.positive("t", t);
        this.eigen = eigenOfU;
        this.q = eigenOfU.vectors();
        this.p = q.numRows;
        if (v.numRows != p)
            throw new ParameterException("V", v.numRows + "x" + v.numCols, "a p x d matrix with p = " + p);
        this.d = v.numCols;
        this.lambda = eigenOfU.values();
        for (int k = 0; k < p; k++) {
            if (!Double.isFinite(lambda[k]))
                throw new NumericalException("U", "eigenvalue " + k + " of U is " + lambda[k]);
            if (lambda[k] < 0) lambda[k] = 0; // round-off on a positive semi-definite matrix
        }
        double delta = -Math.expm1(-2 * t);
        DMatrixRMaj vt = new DMatrixRMaj(d, p);
        CommonOps_DDRM.transpose(v, vt);
        this.b = Dense.multiply(vt, q);
        CommonOps_DDRM.scale(-Math.sqrt(p / delta), b);
    }

    public int p() {
        return p;
    }

    public int d() {
        return d;
    }

    /** Eigenvalues λ_k of U, descending: mode k relaxes on the timescale 1/λ_k. */
    public double[] rates() {
        return lambda.clone();
    }

    public SymmetricEigen eigen() {
        return eigen;
    }

    /** Largest stable GD step in gradient-flow units: η' < 2/λ_max. */
    public double maxStableStep() {
        return 2 / lambda[0];
    }

    /** h_k(τ) for gradient flow. */
    public double[] flowFactors(double tau) {
        Check.nonNegative("tau", tau);
        double[] h = new double[p];
        for (int k = 0; k < p; k++) {
            double x = lambda[k] * tau;
            h[k] = x < 1e-12 ? tau : -Math.expm1(-x) / lambda[k];
        }
        return h;
    }

    /** h_k after {@code steps} GD steps of size {@code step} (gradient-flow units); checks stability. */
    public double[] descentFactors(double step, long steps) {
        Check.positive("eta", step);
        if (!(step < maxStableStep()))
            throw new NumericalException(
                    "eta",
                    "gradient descent with step " + step + " diverges: the largest eigenvalue of U is " + lambda[0]
                            + ", so the step must be below 2/lambda_max = " + maxStableStep());
        double[] h = new double[p];
        for (int k = 0; k < p; k++) {
            double x = step * lambda[k];
            if (x < 1e-14) h[k] = step * steps;
            else if (x < 1) h[k] = -Math.expm1(steps * Math.log1p(-x)) / lambda[k];
            else h[k] = (1 - Math.pow(1 - x, steps)) / lambda[k]; // 1 ≤ η'λ < 2: the mode oscillates while it converges
        }
        return h;
    }

    /** The read-out A = B diag(h) Qᵀ (d × p) for given mode factors. */
    public DMatrixRMaj readout(double[] h) {
        DMatrixRMaj bh = b.copy();
        for (int i = 0; i < d; i++) for (int k = 0; k < p; k++) bh.data[i * p + k] *= h[k];
        DMatrixRMaj qt = new DMatrixRMaj(p, p);
        CommonOps_DDRM.transpose(q, qt);
        return Dense.multiply(bh, qt);
    }

    /** A(τ) under gradient flow. */
    public DMatrixRMaj readoutAt(double tau) {
        return readout(flowFactors(tau));
    }

    /** Mode factors of the minimiser (τ → ∞): h_k = 1/λ_k, and 0 for λ_k ≤ floor·λ_max (null directions of a singular U). */
    public double[] optimumFactors(double floor) {
        double[] h = new double[p];
        for (int k = 0; k < p; k++) h[k] = lambda[k] > floor * lambda[0] ? 1 / lambda[k] : 0;
        return h;
    }

    /** The minimiser A⋆ = −√(p/Δ) Vᵀ U^{-1} (τ → ∞), with eigenvalues below {@code floor}·λ_max dropped. */
    public DMatrixRMaj optimum(double floor) {
        double[] h = new double[p];
        for (int k = 0; k < p; k++) h[k] = lambda[k] > floor * lambda[0] ? 1 / lambda[k] : 0;
        return readout(h);
    }

    /** An observable prepared for fast evaluation along the flow. */
    public final class Prepared {
        private final Observable observable;
        private final DMatrixRMaj quad; // (QᵀMQ) ∘ (BᵀB), p × p
        private final double[] lin; // b_k

        private Prepared(Observable o) {
            this.observable = o;
            DMatrixRMaj msym = o.m().copy();
            DMatrixRMaj mt = new DMatrixRMaj(p, p);
            CommonOps_DDRM.transpose(o.m(), mt);
            CommonOps_DDRM.add(0.5, msym, 0.5, mt, msym);
            DMatrixRMaj qt = new DMatrixRMaj(p, p);
            CommonOps_DDRM.transpose(q, qt);
            DMatrixRMaj mq = Dense.multiply(Dense.multiply(qt, msym), q);
            DMatrixRMaj btb = Dense.gram(b, 1.0);
            for (int i = 0; i < mq.data.length; i++) mq.data[i] *= btb.data[i];
            this.quad = mq;
            DMatrixRMaj qn = Dense.multiply(qt, o.n()); // p × d
            this.lin = new double[p];
            for (int k = 0; k < p; k++) {
                double s = 0;
                for (int i = 0; i < d; i++) s += b.data[i * p + k] * qn.data[k * d + i];
                lin[k] = s;
            }
        }

        public Observable observable() {
            return observable;
        }

        /** The observable at mode factors h (O(p²)). */
        public double value(double[] h) {
            double s = observable.r();
            for (int k = 0; k < p; k++) {
                double row = 0;
                int off = k * p;
                for (int l = 0; l < p; l++) row += quad.data[off + l] * h[l];
                s += h[k] * (row + lin[k]);
            }
            return s;
        }

        /** The observable at many mode-factor vectors at once (columns of H, p × T) through one BLAS product. */
        public double[] values(DMatrixRMaj hColumns) {
            int tCount = hColumns.numCols;
            DMatrixRMaj qh = Dense.multiply(quad, hColumns);
            double[] out = new double[tCount];
            for (int j = 0; j < tCount; j++) out[j] = observable.r();
            for (int k = 0; k < p; k++) {
                int off = k * tCount;
                for (int j = 0; j < tCount; j++) {
                    double hk = hColumns.data[off + j];
                    out[j] += hk * (qh.data[off + j] + lin[k]);
                }
            }
            return out;
        }
    }

    public Prepared prepare(Observable o) {
        if (o.m().numRows != p || o.n().numCols != d)
            throw new ParameterException(
                    "observable " + o.name(),
                    o.m().numRows + "x" + o.n().numCols,
                    "M p x p and N p x d with p = " + p + ", d = " + d);
        return new Prepared(o);
    }

    /** Mode factors for gradient flow at each τ, as columns of a p × T matrix. */
    public DMatrixRMaj flowFactorMatrix(double[] taus) {
        DMatrixRMaj h = new DMatrixRMaj(p, taus.length);
        for (int j = 0; j < taus.length; j++) {
            double[] hj = flowFactors(taus[j]);
            for (int k = 0; k < p; k++) h.data[k * taus.length + j] = hj[k];
        }
        return h;
    }

    /** Mode factors for gradient descent after each step count, as columns of a p × T matrix. */
    public DMatrixRMaj descentFactorMatrix(double step, long[] steps) {
        DMatrixRMaj h = new DMatrixRMaj(p, steps.length);
        for (int j = 0; j < steps.length; j++) {
            double[] hj = descentFactors(step, steps[j]);
            for (int k = 0; k < p; k++) h.data[k * steps.length + j] = hj[k];
        }
        return h;
    }

    /**
     * Learning curves of several observables under gradient flow at the times {@code taus}: result[o][j] is
     * observable o at taus[j].
     */
    public double[][] curves(List<Observable> observables, double[] taus, Progress progress) {
        Check.allNonNegative("tau", taus);
        DMatrixRMaj h = flowFactorMatrix(taus);
        return evaluate(observables, h, progress);
    }

    /** Learning curves under gradient descent with step {@code step} (gradient-flow units) after {@code steps} steps. */
    public double[][] descentCurves(List<Observable> observables, double step, long[] steps, Progress progress) {
        DMatrixRMaj h = descentFactorMatrix(step, steps);
        return evaluate(observables, h, progress);
    }

    private double[][] evaluate(List<Observable> observables, DMatrixRMaj h, Progress progress) {
        List<double[]> out = new ArrayList<>();
        progress.start("learning curves (" + observables.size() + " observables, p = " + p + ")", observables.size());
        int i = 0;
        for (Observable o : observables) {
            double[] v = prepare(o).values(h);
            for (int j = 0; j < v.length; j++)
                Check.stillFinite(v[j], "tau", "observable " + o.name() + " at time index " + j);
            out.add(v);
            progress.advance(++i);
        }
        progress.finish();
        return out.toArray(new double[0][]);
    }
}
