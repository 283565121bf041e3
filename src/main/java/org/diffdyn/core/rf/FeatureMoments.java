package org.diffdyn.core.rf;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.numeric.GaussHermite;
import org.diffdyn.core.progress.ParallelChunks;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The second moments of the random features that make the fixed-time denoising loss quadratic in A
 * (random-features-and-ridge.md §1.4, DERIVED): U = E[f fᵀ] (p × p) and V = E[f ξᵀ] (p × d) for
 * f = σ(W x_t/√d), x_t = a x_0 + √Δ ξ, averaged over a set of inputs x_0 (training points, or a class of the
 * population) and over the noise ξ.
 *
 * <p>Two ways (§5.2):
 * <ul>
 *   <li>{@link #monteCarlo}: m noise draws per point (the authors' way; with finite m this is George et al.'s
 *       finite-noise problem, §2.3, not Bonnaire's fresh-noise one);</li>
 *   <li>{@link #exact}: the exact noise average by Mehler's expansion,
 *       E[σ(h_i)σ(h_j)] = Σ_{k≤kmax} (s²K_ij)^k/k! E σ^{(k)}(h_i) E σ^{(k)}(h_j) off the diagonal and E σ(h_i)² on it,
 *       with the 1-D expectations by Gauss–Hermite (tanh) or in closed form (ReLU); and V exactly by Stein's lemma,
 *       V = √Δ diag(E σ'(h)) W/√d.</li>
 * </ul>
 * The exact route costs O(N·p·nodes) for the 1-D expectations (parallel over inputs with a fixed split, so results
 * do not depend on the thread count) plus kmax+1 Gram products through the BLAS seam.
 *
 * @param u          U = E[f fᵀ], p × p
 * @param v          V = E[f ξᵀ], p × d
 * @param meanFeature E f (p)
 * @param meanSlope   E σ'(h) (p), the Stein coefficient (NaN entries when computed by Monte Carlo)
 * @param noisePower  E‖ξ‖²/d over the same average: 1 exactly, the empirical value for Monte Carlo (so that the
 *                    finite-draw train loss is the exact mean of squares, never negative)
 */
public record FeatureMoments(
        DMatrixRMaj u, DMatrixRMaj v, double[] meanFeature, double[] meanSlope, double noisePower) {

    /** Default derivative order of the Mehler expansion (§5.2: kmax = 3, accurate for |ΔK_ij| ≲ 0.2, d ≳ 32). */
    public static final int DEFAULT_KMAX = 3;
    /** Default Gauss–Hermite nodes for the 1-D expectations (§5.2: 48). */
    public static final int DEFAULT_NODES = 48;

    /**
     * Exact noise average for the inputs x_t = a·x0_ν + √Δ ξ, ν = 1..N (rows of {@code x0}), at OU time t:
     * U = (1/N) Σ_ν E_ξ[f fᵀ], V = (1/N) Σ_ν E_ξ[f ξᵀ].
     */
    public static FeatureMoments exact(
            RandomFeatures rf, DMatrixRMaj x0, double t, int kmax, int nodes, Progress progress) {
        Check.positive("t", t);
        double a = Math.exp(-t), delta = -Math.expm1(-2 * t);
        DMatrixRMaj centres = x0.copy();
        CommonOps_DDRM.scale(a, centres);
        return gaussianInputs(rf, centres, delta, Math.sqrt(delta), kmax, nodes, progress);
    }

    public static FeatureMoments exact(RandomFeatures rf, DMatrixRMaj x0, double t) {
        return exact(rf, x0, t, DEFAULT_KMAX, DEFAULT_NODES, Progress.NONE);
    }

    /**
     * Moments for Gaussian inputs x ~ N(m_ν, s² I), averaged over the rows m_ν of {@code centres}: the general form
     * behind {@link #exact} (s² = Δ, m_ν = a x_ν) and the per-class population matrices of paper C (s² = Γ_c =
     * a²σ_c² + Δ, m = a μ_c). The noise ξ whose correlation V measures is the part of the input fluctuation with
     * standard deviation {@code noiseStd} (√Δ), so V = noiseStd · diag(E σ'(h)) W/√d by Stein's lemma.
     */
    public static FeatureMoments gaussianInputs(
            RandomFeatures rf,
            DMatrixRMaj centres,
            double variance,
            double noiseStd,
            int kmax,
            int nodes,
            Progress progress) {
        Check.nonNegative("variance", variance);
        Check.inRange("kmax", kmax, 0, Activation.MAX_ORDER);
        int n = centres.numRows, p = rf.p(), d = rf.d();
        if (centres.numCols != d)
            throw new ParameterException("centres", n + "x" + centres.numCols, "a matrix with d = " + d + " columns");
        Check.positive("N (rows of inputs)", n);
        GaussHermite rule = GaussHermite.of(nodes);
        Activation act = rf.activation();
        DMatrixRMaj kernel = rf.kernel();
        double[] sd = new double[p];
        for (int i = 0; i < p; i++) sd[i] = Math.sqrt(variance * kernel.get(i, i));
        DMatrixRMaj c = rf.preactivations(centres); // n × p means of h
        // e[k] (n × p): E σ^{(k)}(h_νi), k = 0..kmax; second moment E σ(h)² separately.
        DMatrixRMaj[] e = new DMatrixRMaj[kmax + 1];
        for (int k = 0; k <= kmax; k++) e[k] = new DMatrixRMaj(n, p);
        double[] sq = new double[n * p];
        progress.start("noise-averaged feature moments (" + n + " inputs, p = " + p + ")", n);
        int chunks = Math.min(n, 64);
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        ParallelChunks.forEach(chunks, (ch, cancelled) -> {
            double[] out = new double[kmax + 2];
            int lo = (int) ((long) n * ch / chunks), hi = (int) ((long) n * (ch + 1) / chunks);
            for (int nu = lo; nu < hi; nu++) {
                if (cancelled.getAsBoolean()) return;
                for (int i = 0; i < p; i++) {
                    act.gaussianExpectations(c.data[nu * p + i], sd[i], kmax, rule, out);
                    for (int k = 0; k <= kmax; k++) e[k].data[nu * p + i] = out[k];
                    sq[nu * p + i] = out[kmax + 1];
                }
                done.incrementAndGet();
            }
        });
        progress.advance(done.get());
        // U = Σ_k (s² K)^{∘k}/k! ∘ (E_kᵀ E_k / N), diagonal overwritten by the exact E σ².
        DMatrixRMaj u = new DMatrixRMaj(p, p);
        double[] kpow = new double[p * p]; // (s² K)^{∘k}/k!, built up order by order
        java.util.Arrays.fill(kpow, 1.0);
        for (int k = 0; k <= kmax; k++) {
            double[] ud = u.data, kd = kernel.data;
            if (k > 0) {
                double scale = variance / k;
                for (int idx = 0; idx < kpow.length; idx++) kpow[idx] *= scale * kd[idx];
            }
            double[] gd = Dense.gram(e[k], n).data;
            for (int idx = 0; idx < ud.length; idx++) ud[idx] += kpow[idx] * gd[idx];
            progress.checkCancelled();
        }
        double[] meanFeature = new double[p], meanSlope = new double[p];
        for (int i = 0; i < p; i++) {
            double diag = 0, f = 0, s = 0;
            for (int nu = 0; nu < n; nu++) {
                diag += sq[nu * p + i];
                f += e[0].data[nu * p + i];
                if (kmax >= 1) s += e[1].data[nu * p + i];
            }
            u.set(i, i, diag / n);
            meanFeature[i] = f / n;
            meanSlope[i] = kmax >= 1 ? s / n : act.meanSlope(c.data[i], sd[i], rule);
        }
        if (kmax == 0) {
            for (int i = 0; i < p; i++) {
                double s = 0;
                for (int nu = 0; nu < n; nu++) s += act.meanSlope(c.data[nu * p + i], sd[i], rule);
                meanSlope[i] = s / n;
            }
        }
        DMatrixRMaj v = stein(rf, meanSlope, noiseStd);
        progress.finish();
        return new FeatureMoments(u, v, meanFeature, meanSlope, 1.0);
    }

    /** Stein's lemma: V = noiseStd · diag(E σ') W/√d (p × d). */
    public static DMatrixRMaj stein(RandomFeatures rf, double[] meanSlope, double noiseStd) {
        int p = rf.p(), d = rf.d();
        DMatrixRMaj w = rf.weights();
        DMatrixRMaj v = new DMatrixRMaj(p, d);
        double sc = noiseStd / Math.sqrt(d);
        for (int i = 0; i < p; i++)
            for (int j = 0; j < d; j++) v.data[i * d + j] = sc * meanSlope[i] * w.data[i * d + j];
        return v;
    }

    /**
     * Monte-Carlo moments with m noise draws per input: U = (1/(Nm)) Σ f fᵀ, V = (1/(Nm)) Σ f ξᵀ over
     * x_t = a x0_ν + √Δ ξ_{νj}. Features are built in blocks through the BLAS seam.
     */
    public static FeatureMoments monteCarlo(
            RandomFeatures rf, DMatrixRMaj x0, double t, int m, Rng rng, Progress progress) {
        Check.positive("t", t);
        Check.positive("m", m);
        int n = x0.numRows, p = rf.p(), d = rf.d();
        if (x0.numCols != d)
            throw new ParameterException("x0", n + "x" + x0.numCols, "a matrix with d = " + d + " columns");
        double a = Math.exp(-t), sdNoise = Math.sqrt(-Math.expm1(-2 * t));
        long total = (long) n * m;
        int block = (int) Math.max(1, Math.min(total, Math.max(256, 4_000_000L / Math.max(p, d))));
        DMatrixRMaj u = new DMatrixRMaj(p, p), v = new DMatrixRMaj(p, d);
        double[] meanFeature = new double[p];
        progress.start("Monte-Carlo feature moments (" + n + " x " + m + " draws)", total);
        long row = 0;
        double noise = 0;
        while (row < total) {
            int rows = (int) Math.min(block, total - row);
            DMatrixRMaj xi = new DMatrixRMaj(rows, d, true, rng.gaussianMatrix(rows, d));
            DMatrixRMaj x = new DMatrixRMaj(rows, d);
            for (int r = 0; r < rows; r++) {
                int nu = (int) ((row + r) / m);
                for (int j = 0; j < d; j++) x.data[r * d + j] = a * x0.data[nu * d + j] + sdNoise * xi.data[r * d + j];
            }
            for (double z : xi.data) noise += z * z;
            DMatrixRMaj f = rf.features(x);
            DMatrixRMaj g = Dense.gram(f, 1.0);
            CommonOps_DDRM.addEquals(u, g);
            DMatrixRMaj ft = new DMatrixRMaj(p, rows);
            CommonOps_DDRM.transpose(f, ft);
            CommonOps_DDRM.addEquals(v, Dense.multiply(ft, xi));
            for (int r = 0; r < rows; r++) for (int i = 0; i < p; i++) meanFeature[i] += f.data[r * p + i];
            row += rows;
            progress.advance(row);
        }
        CommonOps_DDRM.scale(1.0 / total, u);
        CommonOps_DDRM.scale(1.0 / total, v);
        for (int i = 0; i < p; i++) meanFeature[i] /= total;
        double[] slope = new double[p];
        java.util.Arrays.fill(slope, Double.NaN);
        progress.finish();
        return new FeatureMoments(u, v, meanFeature, slope, noise / ((double) total * d));
    }

    /** Weighted sum Σ_c w_c M_c of several moment sets (e.g. U = Σ_c ρ_c U_c). */
    public static FeatureMoments combine(FeatureMoments[] parts, double[] weights) {
        if (parts.length != weights.length || parts.length == 0)
            throw new ParameterException("weights", weights.length, parts.length + " weights");
        int p = parts[0].u.numRows, d = parts[0].v.numCols;
        DMatrixRMaj u = new DMatrixRMaj(p, p), v = new DMatrixRMaj(p, d);
        double[] f = new double[p], s = new double[p];
        double noise = 0;
        for (int c = 0; c < parts.length; c++) {
            CommonOps_DDRM.addEquals(u, weights[c], parts[c].u);
            CommonOps_DDRM.addEquals(v, weights[c], parts[c].v);
            noise += weights[c] * parts[c].noisePower;
            for (int i = 0; i < p; i++) {
                f[i] += weights[c] * parts[c].meanFeature[i];
                s[i] += weights[c] * parts[c].meanSlope[i];
            }
        }
        return new FeatureMoments(u, v, f, s, noise);
    }
}
