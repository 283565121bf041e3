package org.diffdyn.ridge;

import java.util.Arrays;
import org.diffdyn.core.Check;
import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.MixtureScore;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;

/**
 * Training the time-embedded RF denoiser of paper D in closed form (§4.5 QUOTED from {@code compute_UV_unweighted},
 * {@code calculate_A_tau}, {@code compute_A_infty}; recipe §5.5 DERIVED).
 *
 * <p>Loss, with W = A/√p and the time integral over [t_0, T]:
 * <pre>
 *   L(W) = (1/nd) Σ_i ∫ E_z ‖W σ(a_t x_i + √h_t z, t) − a_t x_i‖² dt = (p/d)[Tr(W Ũ Wᵀ) − 2 Tr(Ṽ Wᵀ)] + C
 *   Ũ = ∫ (1/np) Σ_i E_z[σσᵀ] dt,   Ṽ = ∫ (1/np) Σ_i E_z[a_t x_i σᵀ] dt,   C = (1/nd) ∫ a_t² Σ_i ‖x_i‖² dt
 * </pre>
 * Gradient flow in the code's time unit, Ẇ = −2(WŨ − Ṽ), solved by one eigendecomposition of Ũ ({@link Dense#eigh}):
 * W(τ) = ṼŨ⁺ + (W_0 − ṼŨ⁺) e^{−2τŨ}, W(∞) = ṼŨ⁺ + W_0 (I − ŨŨ⁺).
 *
 * <p>Why not {@code core.rf.GradientFlow}: that solves the fixed-t flow from A(0) = 0 with no pseudo-inverse; paper D
 * starts from a random W_0 that survives in the null space of Ũ and uses the authors' floor, so the solution here
 * keeps (W_0 − ṼŨ⁺)Q and the kept/dropped eigenvalue mask. The frozen features reuse {@code core.rf.RandomFeatures}.
 */
public final class RfRidgeTraining {
    private RfRidgeTraining() {}

    /** The time quadrature of the loss integral. */
    public enum TimeGrid {
        /** Trapezoid on a geometric grid t_0 … T: resolves small t (recommended, §5.5 DERIVED). */
        GEOMETRIC_TRAPEZOID,
        /** Simpson on linspace(t_0, T, L+1), L even (the authors' {@code Ridge_2mode.py}, QUOTED). */
        UNIFORM_SIMPSON
    }

    /**
     * The pseudo-inverse floor: eigenvalues of Ũ below it count as zero both in Ũ⁺ and in e^{−2τŨ}, so that
     * W(τ → ∞) = W(∞). UNSURE which the paper used.
     */
    public enum PinvFloor {
        /** λ > 1/(10⁴ p), the authors' {@code compute_A_infty} (QUOTED). Their {@code calculate_A_tau} instead uses
         * numpy's default pinv cut-off, an inconsistency not reproduced here. */
        AUTHORS,
        /** λ > 10⁻¹⁰ λ_max (§5.5 "ours"). */
        RELATIVE
    }

    /** Quadrature nodes (ascending) and weights. */
    public record Quadrature(double[] times, double[] weights) {
        public int size() {
            return times.length;
        }
    }

    public static Quadrature quadrature(TimeGrid grid, double t0, double tMax, int intervals) {
        Check.positive("t0", t0);
        if (!(tMax > t0) || Double.isInfinite(tMax))
            throw new ParameterException("tMax", tMax, "a finite time > t0 = " + t0);
        Check.inRange("timeNodes", intervals, 2, 1_000_000);
        double[] t = new double[intervals + 1], w = new double[intervals + 1];
        if (grid == TimeGrid.GEOMETRIC_TRAPEZOID) {
            double lr = Math.log(tMax / t0);
            for (int i = 0; i <= intervals; i++) t[i] = t0 * Math.exp(lr * i / intervals);
            t[intervals] = tMax;
            for (int i = 0; i < intervals; i++) {
                double half = 0.5 * (t[i + 1] - t[i]);
                w[i] += half;
                w[i + 1] += half;
            }
        } else {
            if (intervals % 2 != 0)
                throw new ParameterException("timeNodes", intervals, "an even number of intervals for Simpson's rule");
            double dt = (tMax - t0) / intervals;
            for (int i = 0; i <= intervals; i++) {
                t[i] = t0 + i * dt;
                w[i] = dt / 3 * (i == 0 || i == intervals ? 1 : (i % 2 == 1 ? 4 : 2));
            }
        }
        return new Quadrature(t, w);
    }

    /**
     * Monte-Carlo estimates of Ũ (p × p), Ṽ (d × p), C and its per-coordinate parts C_j (so that the loss splits by
     * output coordinate as in the code's {@code calculate_loss_split}).
     */
    public record Moments(DMatrixRMaj u, DMatrixRMaj v, double c, double[] cPerCoordinate, int p, int d) {}

    /**
     * Ũ, Ṽ, C with {@code mz} fresh noise draws per training point and node: F = σ(X_t W_xᵀ + c(t)) per node, then
     * Ũ += w_ℓ FᵀF/(n m_z p) (dsyrk) and Ṽ += w_ℓ (a X_0)ᵀF/(n m_z p). Cost O(nodes · n m_z · p²).
     */
    public static Moments moments(TimeEmbeddedRf rf, DMatrixRMaj x0, Quadrature q, int mz, Rng rng, Progress progress) {
        return moments(rf, x0, q, mz, 0, rng, progress);
    }

    /**
     * As {@link #moments(TimeEmbeddedRf, DMatrixRMaj, Quadrature, int, Rng, Progress)} with the loss weighted by
     * h_t^k inside the time integral: k = 0 is the authors' unweighted loss (QUOTED), k = 1, 2 their Fig_Candidate
     * variants, k = −1 the noise-prediction weight (‖ε̂ − z‖² = ‖m̂ − a_t x_0‖²/h_t, DDPM's "simple" loss), k = −2
     * denoising score matching in score units (‖ŝ − ∇log p‖² = ‖m̂ − m‖²/h_t², the loss of the authors' MNIST score
     * network: weight 1/h_t on ‖ŝ√h_t + z‖², §4.6 QUOTED). DERIVED: ŝ√h + z = (m̂ − a x_0)/√h. Which weight the
     * paper's 2-D figures used is UNSURE.
     */
    public static Moments moments(
            TimeEmbeddedRf rf,
            DMatrixRMaj points,
            Quadrature q,
            int mz,
            int weightExponent,
            Rng rng,
            Progress progress) {
        Check.inRange("lossWeight", weightExponent, -2, 2);
        int d = rf.dimension(), p = rf.features();
        checkData(points, d);
        int n = points.numRows;
        double[] x0 = points.data;
        Check.positive("mz", mz);
        DMatrixRMaj u = new DMatrixRMaj(p, p), v = new DMatrixRMaj(d, p);
        double[] cj = new double[d];
        int rows = n * mz;
        DMatrixRMaj xt = new DMatrixRMaj(rows, d);
        progress.start("RF moments U, V (" + q.size() + " time nodes, p=" + p + ")", q.size());
        for (int l = 0; l < q.size(); l++) {
            double t = q.times()[l];
            double a = OuProcess.a(t), sh = Math.sqrt(OuProcess.h(t));
            double w = q.weights()[l] * Math.pow(OuProcess.h(t), weightExponent);
            for (int i = 0; i < n; i++)
                for (int m = 0; m < mz; m++)
                    for (int j = 0; j < d; j++) xt.data[(i * mz + m) * d + j] = a * x0[i * d + j] + sh * rng.gaussian();
            DMatrixRMaj f = rf.features(xt, t);
            DMatrixRMaj g = Dense.gram(f, (double) rows * p / w);
            for (int k = 0; k < p * p; k++) u.data[k] += g.data[k];
            double scale = w * a / ((double) rows * p);
            for (int i = 0; i < n; i++) {
                for (int m = 0; m < mz; m++) {
                    int o = (i * mz + m) * p;
                    for (int j = 0; j < d; j++) {
                        double xij = scale * x0[i * d + j];
                        if (xij == 0) continue;
                        int vo = j * p;
                        for (int k = 0; k < p; k++) v.data[vo + k] += xij * f.data[o + k];
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += x0[i * d + j] * x0[i * d + j];
                cj[j] += w * a * a * s / ((double) n * d);
            }
            progress.advance(l + 1);
        }
        progress.finish();
        return new Moments(u, v, Arrays.stream(cj).sum(), cj, p, d);
    }

    /** L(W) = (p/d)[Tr(WŨWᵀ) − 2Tr(ṼWᵀ)] + C on the given moments (use fresh-noise moments for the test loss). */
    public static double loss(Moments m, DMatrixRMaj w) {
        return Arrays.stream(lossPerCoordinate(m, w)).sum();
    }

    /** The loss restricted to each output coordinate j: (p/d)[w_j Ũ w_jᵀ − 2 Ṽ_j·w_j] + C_j (QUOTED split). */
    public static double[] lossPerCoordinate(Moments m, DMatrixRMaj w) {
        int d = m.d(), p = m.p();
        if (w.numRows != d || w.numCols != p)
            throw new ParameterException("W", w.numRows + "x" + w.numCols, d + "x" + p);
        DMatrixRMaj wu = Dense.multiply(w, m.u());
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            double quad = 0, lin = 0;
            for (int k = 0; k < p; k++) {
                quad += wu.data[j * p + k] * w.data[j * p + k];
                lin += m.v().data[j * p + k] * w.data[j * p + k];
            }
            out[j] = (double) p / d * (quad - 2 * lin) + m.cPerCoordinate()[j];
        }
        return out;
    }

    /** W_0 = A_0/√p with A_0 ~ N(0, 1) (the code's initialisation). */
    public static DMatrixRMaj initialReadout(int d, int p, Rng rng) {
        DMatrixRMaj w = new DMatrixRMaj(d, p);
        double s = 1 / Math.sqrt(p);
        for (int i = 0; i < d * p; i++) w.data[i] = s * rng.gaussian();
        return w;
    }

    /** The gradient-flow solution W(τ) through one eigendecomposition of ½(Ũ + Ũᵀ). */
    public static final class Flow {
        private final double[] lambda; // descending, clipped at 0
        private final boolean[] kept;
        private final DMatrixRMaj q; // p × p, eigenvectors as columns
        private final DMatrixRMaj qT;
        private final DMatrixRMaj s; // Ṽ Ũ⁺ (d × p)
        private final DMatrixRMaj b; // (W_0 − ṼŨ⁺) Q (d × p)
        private final int d;
        private final int p;
        private final double floor;

        public Flow(Moments m, DMatrixRMaj w0, PinvFloor floorKind) {
            d = m.d();
            p = m.p();
            if (w0.numRows != d || w0.numCols != p)
                throw new ParameterException("W0", w0.numRows + "x" + w0.numCols, d + "x" + p);
            DMatrixRMaj sym = new DMatrixRMaj(p, p);
            for (int i = 0; i < p; i++)
                for (int j = 0; j < p; j++) sym.data[i * p + j] = 0.5 * (m.u().get(i, j) + m.u().get(j, i));
            SymmetricEigen eig = Dense.eigh(sym);
            lambda = eig.values();
            for (int k = 0; k < p; k++) {
                Check.stillFinite(lambda[k], "p", "eigenvalue " + k + " of U~");
                lambda[k] = Math.max(lambda[k], 0);
            }
            floor = floorKind == PinvFloor.AUTHORS ? 1.0 / (1e4 * p) : 1e-10 * lambda[0];
            kept = new boolean[p];
            for (int k = 0; k < p; k++) kept[k] = lambda[k] > floor;
            q = eig.vectors();
            qT = new DMatrixRMaj(p, p);
            org.ejml.dense.row.CommonOps_DDRM.transpose(q, qT);
            DMatrixRMaj vq = Dense.multiply(m.v(), q); // d × p
            for (int j = 0; j < d; j++)
                for (int k = 0; k < p; k++) vq.data[j * p + k] = kept[k] ? vq.data[j * p + k] / lambda[k] : 0;
            s = Dense.multiply(vq, qT);
            DMatrixRMaj diff = w0.copy();
            for (int i = 0; i < d * p; i++) diff.data[i] -= s.data[i];
            b = Dense.multiply(diff, q);
        }

        /** W(τ) for τ ≥ 0; τ = +∞ gives W(∞) = ṼŨ⁺ + W_0(I − ŨŨ⁺). */
        public DMatrixRMaj weights(double tau) {
            if (!(tau >= 0)) throw new ParameterException("tau", tau, "a training time >= 0 (or Infinity)");
            DMatrixRMaj scaled = b.copy();
            for (int k = 0; k < p; k++) {
                double e = !kept[k] ? 1 : (Double.isInfinite(tau) ? 0 : Math.exp(-2 * tau * lambda[k]));
                for (int j = 0; j < d; j++) scaled.data[j * p + k] *= e;
            }
            DMatrixRMaj w = Dense.multiply(scaled, qT);
            for (int i = 0; i < d * p; i++) w.data[i] += s.data[i];
            return w;
        }

        /** Eigenvalues of Ũ, descending, clipped at 0. */
        public double[] eigenvalues() {
            return lambda.clone();
        }

        public double floor() {
            return floor;
        }

        public int keptCount() {
            int c = 0;
            for (boolean k : kept) c += k ? 1 : 0;
            return c;
        }
    }

    /**
     * The training error e^m = m̂_W − m̂_t (denoiser units, §4.2 DERIVED) measured on fresh noisy training points and
     * split into normal and tangent parts with the ridge frame of p̂_t at each point (§4.5 DERIVED). Because
     * E[a_t x_0 | x_t] = m̂_t under the empirical data law, ∫E‖e^m‖² = L(W) − L* exactly (the excess loss), so the
     * split needs no L* (the code's L* carries an extra 1/h² weight, UNSURE; avoided here).
     */
    public static final class ErrorProbe {
        private final TimeEmbeddedRf rf;
        private final Quadrature q;
        private final int rowsPerNode;
        private final int d;
        private final DMatrixRMaj[] points; // per node, rows × d
        private final double[][] exact; // m̂_t per node
        private final double[][] normal; // per node, rows × d × d normal projector
        private final boolean[][] framed; // gap ≥ β
        private final double[] nodeWeight; // w_ℓ h_ℓ^k / (n m_z d)

        /**
         * @param weightExponent k in the error weight h_t^k (0, 1 or 2: the code's Fig_Candidate variants)
         */
        public ErrorProbe(
                TimeEmbeddedRf rf,
                DMatrixRMaj data,
                Quadrature q,
                int mz,
                RidgeDefinition definition,
                int weightExponent,
                Rng rng,
                Progress progress) {
            this.rf = rf;
            this.q = q;
            this.d = rf.dimension();
            checkData(data, d);
            int n = data.numRows;
            double[] x0 = data.data;
            Check.positive("mz", mz);
            Check.inRange("errorWeight", weightExponent, 0, 2);
            definition.checkDimension(d);
            this.rowsPerNode = n * mz;
            int nodes = q.size();
            points = new DMatrixRMaj[nodes];
            exact = new double[nodes][];
            normal = new double[nodes][];
            framed = new boolean[nodes][];
            nodeWeight = new double[nodes];
            progress.start("error probe (ridge frames at " + nodes * rowsPerNode + " points)", nodes);
            for (int l = 0; l < nodes; l++) {
                double t = q.times()[l];
                double a = OuProcess.a(t), h = OuProcess.h(t), sh = Math.sqrt(h);
                EmpiricalRidge ridge = new EmpiricalRidge(data, t, definition);
                MixtureScore dens = ridge.density();
                double[] pts = new double[rowsPerNode * d],
                        ex = new double[rowsPerNode * d],
                        pr = new double[rowsPerNode * d * d];
                boolean[] fr = new boolean[rowsPerNode];
                double[] x = new double[d];
                for (int i = 0; i < n; i++) {
                    for (int m = 0; m < mz; m++) {
                        int r = i * mz + m;
                        for (int j = 0; j < d; j++) x[j] = pts[r * d + j] = a * x0[i * d + j] + sh * rng.gaussian();
                        EmpiricalRidge.Local loc = ridge.local(x);
                        for (int j = 0; j < d; j++) ex[r * d + j] = x[j] + h * loc.score()[j];
                        int nd = loc.normalDim();
                        double[] nb = loc.normalBasis();
                        for (int j1 = 0; j1 < d; j1++)
                            for (int j2 = 0; j2 < d; j2++) {
                                double s = 0;
                                for (int k = 0; k < nd; k++) s += nb[j1 * nd + k] * nb[j2 * nd + k];
                                pr[(r * d + j1) * d + j2] = s;
                            }
                        fr[r] = definition.gapHolds(loc.gap(), h);
                    }
                }
                points[l] = DMatrixRMaj.wrap(rowsPerNode, d, pts);
                exact[l] = ex;
                normal[l] = pr;
                framed[l] = fr;
                nodeWeight[l] = q.weights()[l] * Math.pow(h, weightExponent) / ((double) rowsPerNode * d);
                progress.advance(l + 1);
            }
            progress.finish();
        }

        /**
         * @param excess       ∫ E‖e^m‖² (weighted), = normal + tangent + undetermined
         * @param normal       ∫ E‖P_⊥ e^m‖² where the frame is defined (gap ≥ β)
         * @param tangent      ∫ E‖P_∥ e^m‖² where the frame is defined
         * @param undetermined the part at points whose frame is undefined (gap &lt; β)
         * @param perCoordinate ∫ E (e^m_j)² per output coordinate (the code's x/y split)
         */
        public record Split(
                double excess, double normal, double tangent, double undetermined, double[] perCoordinate) {}

        public Split evaluate(DMatrixRMaj w) {
            DMatrixRMaj wT = TimeEmbeddedRf.readoutTransposed(w);
            double nrm = 0, tan = 0, und = 0;
            double[] coord = new double[d];
            DMatrixRMaj outM = new DMatrixRMaj(rowsPerNode, d);
            double[] out = outM.data;
            double[] e = new double[d];
            for (int l = 0; l < q.size(); l++) {
                rf.denoise(wT, points[l], q.times()[l], outM);
                double wl = nodeWeight[l];
                for (int r = 0; r < rowsPerNode; r++) {
                    double all = 0;
                    for (int j = 0; j < d; j++) {
                        e[j] = out[r * d + j] - exact[l][r * d + j];
                        coord[j] += wl * e[j] * e[j];
                        all += e[j] * e[j];
                    }
                    if (!framed[l][r]) {
                        und += wl * all;
                        continue;
                    }
                    double pn = 0;
                    int o = r * d * d;
                    for (int j1 = 0; j1 < d; j1++) {
                        double s = 0;
                        for (int j2 = 0; j2 < d; j2++) s += normal[l][o + j1 * d + j2] * e[j2];
                        pn += e[j1] * s;
                    }
                    pn = Math.max(0, Math.min(pn, all));
                    nrm += wl * pn;
                    tan += wl * (all - pn);
                }
            }
            double total = nrm + tan + und;
            if (!Double.isFinite(total)) throw new NumericalException("tau", "the training error became " + total);
            return new Split(total, nrm, tan, und, coord);
        }

        /**
         * Target D4's two y/x ratios at W (§4.7, 2-D data): [0] of the excess error e^m by output coordinate (§4.2),
         * [1] of the loss on {@code train} by output coordinate (the authors' calculate_loss_split, QUOTED: incl. L*).
         */
        public double[] yOverX(Moments train, DMatrixRMaj w) {
            double[] cs = evaluate(w).perCoordinate(), lt = lossPerCoordinate(train, w);
            return new double[] {cs[1] / cs[0], lt[1] / lt[0]};
        }
    }

    static void checkData(DMatrixRMaj x0, int d) {
        Check.positive("n", x0.numRows);
        if (x0.numCols != d)
            throw new ParameterException(
                    "points",
                    x0.numRows + " x " + x0.numCols,
                    "points with d = " + d + " columns (the model's dimension)");
        for (int i = 0; i < x0.numRows * d; i++) Check.finite("points[" + i / d + "][" + i % d + "]", x0.data[i]);
    }

    /** The exact empirical (memorising) denoiser m̂_t of a training set (one point per row) at the point y. */
    public static double[] exactDenoiser(DMatrixRMaj x0, double t, double[] y) {
        MixtureScore s = GaussianMixture.empirical(x0, t);
        double[] g = s.score(y);
        int d = x0.numCols;
        double h = OuProcess.h(t);
        for (int j = 0; j < d; j++) g[j] = y[j] + h * g[j];
        return g;
    }
}
