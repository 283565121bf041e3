package org.diffdyn.ridge;

import java.util.Arrays;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.MixtureScore;
import org.diffdyn.core.diffusion.OuProcess;
import org.ejml.data.DMatrixRMaj;

/**
 * The log-density ridge manifold R_t^{d*} of the smoothed empirical density p̂_t = (1/N) Σ_i φ_{h_t}(x − a_t x_i) of a
 * training set (paper D, random-features-and-ridge.md §4.3):
 * <pre>
 *   R_t = { x : P_⊥(x) ∇log p̂_t(x) = 0,  λ_{d*+1}(x) &lt; 0  [and λ_{d*} − λ_{d*+1} ≥ β] }
 * </pre>
 * with λ_1 ≥ … ≥ λ_D the eigenvalues of the Hessian ∇² log p̂_t and P_⊥ the projector on the eigenvectors of the
 * D − d* smallest (most negative) ones. QUOTED from the authors' code ({@code compute_projected_grad_norms},
 * {@code get_ridge_residual}); the gap condition is UNSURE and optional ({@link RidgeDefinition}).
 *
 * <p>Score and Hessian come from the shared {@link MixtureScore} (§5.1 log-sum-exp). The ridge residual
 * r_t(x) = ‖P_⊥ ∇log p̂_t‖ is QUOTED; its scaled form h_t r_t (DERIVED) has units of distance and equals the
 * Euclidean distance to the ridge in the two-point example.
 */
public final class EmpiricalRidge {
    private final DMatrixRMaj points;
    private final int n;
    private final int d;
    private final double t;
    private final double a;
    private final double h;
    private final RidgeDefinition definition;
    private final MixtureScore density;

    /**
     * @param points training set x_1..x_N, one per row (N × D)
     * @param t      diffusion time t &gt; 0 of the smoothing (h_t = 1 − e^{−2t})
     */
    public EmpiricalRidge(DMatrixRMaj points, double t, RidgeDefinition definition) {
        int n = points.numRows, d = points.numCols;
        Check.positive("n", n);
        Check.positive("d", d);
        Check.positive("t", t);
        for (int i = 0; i < n * d; i++) Check.finite("points[" + i / d + "][" + i % d + "]", points.data[i]);
        if (d < 2)
            throw new ParameterException("d", d, "an integer >= 2 (a ridge needs a normal and a tangent direction)");
        definition.checkDimension(d);
        this.points = points.copy();
        this.n = n;
        this.d = d;
        this.t = t;
        this.a = OuProcess.a(t);
        this.h = OuProcess.h(t);
        this.definition = definition;
        this.density = GaussianMixture.empirical(this.points, t);
    }

    /** The same training set and definition at another time. */
    public EmpiricalRidge atTime(double time) {
        return new EmpiricalRidge(points, time, definition);
    }

    public double time() {
        return t;
    }

    public double h() {
        return h;
    }

    public int dimension() {
        return d;
    }

    public int size() {
        return n;
    }

    public RidgeDefinition definition() {
        return definition;
    }

    public MixtureScore density() {
        return density;
    }

    /** The training set, one point per row (a copy). */
    public DMatrixRMaj points() {
        return points.copy();
    }

    /**
     * The local ridge geometry at a point.
     *
     * @param score          ∇ log p̂_t(x)
     * @param eigenvalues    Hessian eigenvalues, ascending
     * @param residual       r_t = ‖P_⊥ ∇log p̂_t‖ (QUOTED)
     * @param normalCurvature λ_{d*+1}, the largest normal eigenvalue (must be &lt; 0 on the ridge)
     * @param gap            λ_{d*} − λ_{d*+1}
     * @param normalBasis    D × (D − d*) row-major, orthonormal columns spanning the normal space
     */
    public record Local(
            double[] score,
            double[] eigenvalues,
            double residual,
            double scaledResidual,
            double normalCurvature,
            double gap,
            double[] normalBasis,
            int d,
            int normalDim) {
        /** λ_{d*+1} &lt; 0. */
        public boolean curvatureHolds() {
            return normalCurvature < 0;
        }

        /** P_⊥ v. */
        public double[] normalPart(double[] v) {
            double[] out = new double[d];
            for (int k = 0; k < normalDim; k++) {
                double c = 0;
                for (int i = 0; i < d; i++) c += normalBasis[i * normalDim + k] * v[i];
                for (int i = 0; i < d; i++) out[i] += c * normalBasis[i * normalDim + k];
            }
            return out;
        }

        /** ‖P_⊥ v‖ and ‖P_∥ v‖ = sqrt(‖v‖² − ‖P_⊥ v‖²). */
        public double[] normalAndTangentNorms(double[] v, int offset) {
            double nn = 0, all = 0;
            for (int i = 0; i < d; i++) all += v[offset + i] * v[offset + i];
            for (int k = 0; k < normalDim; k++) {
                double c = 0;
                for (int i = 0; i < d; i++) c += normalBasis[i * normalDim + k] * v[offset + i];
                nn += c * c;
            }
            return new double[] {Math.sqrt(nn), Math.sqrt(Math.max(0, all - nn))};
        }
    }

    /** Score, Hessian eigen-frame, residual, curvature and gap at x. */
    public Local local(double[] x) {
        if (x.length != d) throw new ParameterException("x", x.length + " coordinates", d + " coordinates");
        double[] g = density.score(x);
        double[] hess = density.hessian(x);
        SymmetricFrame frame = SymmetricFrame.of(hess, d);
        int m = definition.normalDimension(d);
        double[] basis = new double[d * m];
        double res2 = 0;
        for (int k = 0; k < m; k++) {
            double c = 0;
            for (int i = 0; i < d; i++) {
                double v = frame.vector(k, i);
                basis[i * m + k] = v;
                c += v * g[i];
            }
            res2 += c * c;
        }
        double r = Math.sqrt(res2);
        double lamNormal = frame.values[m - 1];
        double lamTangent = frame.values[m];
        return new Local(g, frame.values, r, h * r, lamNormal, lamTangent - lamNormal, basis, d, m);
    }

    /** The ridge residual r_t(x) = ‖P_⊥(x) ∇log p̂_t(x)‖ (QUOTED). */
    public double residual(double[] x) {
        return local(x).residual();
    }

    /** Residuals of the rows of {@code xs} (m × D). */
    public double[] residuals(DMatrixRMaj xs) {
        checkColumns("xs", xs);
        int m = xs.numRows;
        double[] out = new double[m];
        double[] x = new double[d];
        for (int r = 0; r < m; r++) {
            System.arraycopy(xs.data, r * d, x, 0, d);
            out[r] = residual(x);
        }
        return out;
    }

    /** Whether the Hessian frame at this point is defined under the ridge definition's gap condition. */
    public boolean frameDefined(Local l) {
        return definition.gapHolds(l.gap(), h);
    }

    /** Whether x satisfies the ridge definition, with ‖x − ridge‖ approximated by h_t r_t &lt; tolerance. */
    public boolean onRidge(Local l, double tolerance) {
        return l.scaledResidual() < tolerance && l.curvatureHolds() && definition.gapHolds(l.gap(), h);
    }

    /** The posterior mean m̂_t(x) = Σ_i γ_i a_t x_i = x + h_t ∇log p̂_t (the memorising denoiser, §1.2). */
    public double[] denoiser(double[] x) {
        double[] g = density.score(x);
        double[] m = new double[d];
        for (int i = 0; i < d; i++) m[i] = x[i] + h * g[i];
        return m;
    }

    /**
     * Projection onto the ridge by subspace-constrained mean shift (SCMS, Ozertem–Erdogmus 2011; §4.3 DERIVED):
     * x ← x + P_⊥(x)(m̂_t(x) − x) until ‖P_⊥(m̂_t − x)‖ &lt; tol.
     *
     * @param point     end point
     * @param distance  ‖x_0 − x_∞‖, the distance to the ridge along the SCMS path
     * @param converged whether the tolerance was met within the iteration budget
     * @param onRidge   converged and the curvature (and gap, if β &gt; 0) conditions hold at the end point
     */
    public record Projection(
            double[] point, double distance, int iterations, boolean converged, boolean onRidge, double gap) {}

    public Projection project(double[] x0, double tol, int maxIterations) {
        Check.positive("tol", tol);
        Check.positive("maxIterations", maxIterations);
        double[] x = x0.clone();
        int it = 0;
        boolean converged = false;
        Local l = null;
        for (; it < maxIterations; it++) {
            l = local(x);
            double[] shift = l.score().clone();
            for (int i = 0; i < d; i++) shift[i] *= h; // m̂ − x = h ∇log p̂
            double[] step = l.normalPart(shift);
            double norm = 0;
            for (int i = 0; i < d; i++) norm += step[i] * step[i];
            if (Math.sqrt(norm) < tol) {
                converged = true;
                break;
            }
            for (int i = 0; i < d; i++) x[i] += step[i];
        }
        if (l == null || !converged) l = local(x);
        double dist = 0;
        for (int i = 0; i < d; i++) dist += (x[i] - x0[i]) * (x[i] - x0[i]);
        boolean ridge = converged && l.curvatureHolds() && definition.gapHolds(l.gap(), h);
        return new Projection(x, Math.sqrt(dist), it, converged, ridge, l.gap());
    }

    /** SCMS distance of each row of xs (m × D) to the ridge (NaN where the projection did not converge). */
    public double[] distances(DMatrixRMaj xs, double tol, int maxIterations) {
        checkColumns("xs", xs);
        int m = xs.numRows;
        double[] out = new double[m];
        for (int r = 0; r < m; r++) {
            Projection p = project(Arrays.copyOfRange(xs.data, r * d, (r + 1) * d), tol, maxIterations);
            out[r] = p.converged() ? p.distance() : Double.NaN;
        }
        return out;
    }

    private void checkColumns(String name, DMatrixRMaj xs) {
        if (xs.numCols != d)
            throw new ParameterException(name, xs.numRows + " x " + xs.numCols, "points with D = " + d + " columns");
    }
}
