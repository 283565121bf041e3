package org.diffdyn.ridge;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.progress.ParallelChunks;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.Activation;
import org.diffdyn.core.rf.RandomFeatures;
import org.ejml.data.DMatrixRMaj;

/**
 * The time-conditioned random-features denoiser of the paper-D code (§4.5, QUOTED from {@code model.py} /
 * {@code Ridge_2mode.py}):
 * <pre>
 *   m̂_W(x, t) = W σ(W_x x + W_τ φ(t) + b),   σ = ReLU,   W = A/√p  (d × p, the trained readout)
 *   φ(t) = (1, sin(2πt/T), cos(2πt/T), …, sin(2πKt/T), cos(2πKt/T))
 * </pre>
 * with frozen W_x ~ N(0, 1/d) (p × d), W_τ ~ N(0, 1/(2K+1)) (p × (2K+1)), b ~ N(0, 1) (p). The implied score is
 * ŝ = (m̂_W − x)/h_t (§4.5, QUOTED; h_t clamped at 1e-9 as in the code's sampler).
 *
 * <p>The x-part W_x x = W x/√d with W ~ N(0, 1) is the shared {@link RandomFeatures} layer (core.rf) and σ its
 * {@link Activation} (ReLU as in the code; tanh allowed, as the code's {@code model.py} also offers it).
 *
 * <p>Batches of points are evaluated as matrix products: for D ≥ 8 through {@link Dense#multiply} (dgemm); for the
 * 2-D sets the product has inner dimension D, so a fused loop that never stores the n × p feature block is faster;
 * both paths give the same numbers (tested).
 */
public final class TimeEmbeddedRf {
    private final int d;
    private final int p;
    private final int k;
    private final double period;
    private final RandomFeatures xPart;
    private final Activation activation;
    private final boolean relu;
    private final double[] wtau; // p × (2K+1)
    private final double[] bias; // p
    private final DMatrixRMaj wxT; // d × p, = W_xᵀ = Wᵀ/√d

    private TimeEmbeddedRf(int d, int p, int k, double period, RandomFeatures xPart, double[] wtau, double[] bias) {
        this.d = d;
        this.p = p;
        this.k = k;
        this.period = period;
        this.xPart = xPart;
        this.activation = xPart.activation();
        this.relu = activation == Activation.RELU;
        this.wtau = wtau;
        this.bias = bias;
        this.wxT = xPart.scaledTranspose();
    }

    /**
     * Draws the frozen first layer.
     *
     * @param d      data dimension
     * @param p      number of features
     * @param k      number of Fourier frequencies K of the time embedding (authors: 128)
     * @param period embedding period T (authors: 10, config 40)
     */
    public static TimeEmbeddedRf random(int d, int p, int k, double period, Rng rng) {
        return random(d, p, k, period, Activation.RELU, rng);
    }

    public static TimeEmbeddedRf random(int d, int p, int k, double period, Activation activation, Rng rng) {
        Check.positive("d", d);
        Check.positive("p", p);
        Check.inRange("K", k, 0, 100_000);
        Check.positive("period", period);
        RandomFeatures x = RandomFeatures.draw(p, d, activation, rng);
        double st = 1 / Math.sqrt(2 * k + 1);
        double[] wt = new double[p * (2 * k + 1)], b = new double[p];
        for (int i = 0; i < wt.length; i++) wt[i] = st * rng.gaussian();
        for (int i = 0; i < p; i++) b[i] = rng.gaussian();
        return new TimeEmbeddedRf(d, p, k, period, x, wt, b);
    }

    public Activation activation() {
        return activation;
    }

    public int dimension() {
        return d;
    }

    public int features() {
        return p;
    }

    public int frequencies() {
        return k;
    }

    public double period() {
        return period;
    }

    /** φ(t) (length 2K + 1), interleaved sin/cos as in the code. */
    public double[] timeEmbedding(double t) {
        double[] phi = new double[2 * k + 1];
        phi[0] = 1;
        double u = t / period;
        for (int f = 1; f <= k; f++) {
            double ang = 2 * Math.PI * f * u;
            phi[2 * f - 1] = Math.sin(ang);
            phi[2 * f] = Math.cos(ang);
        }
        return phi;
    }

    /** The time-dependent part of the pre-activation, W_τ φ(t) + b (length p). */
    public double[] timeShift(double t) {
        double[] phi = timeEmbedding(t);
        int m = phi.length;
        double[] c = new double[p];
        for (int j = 0; j < p; j++) {
            double s = bias[j];
            for (int l = 0; l < m; l++) s += wtau[j * m + l] * phi[l];
            c[j] = s;
        }
        return c;
    }

    /** Features σ(X W_xᵀ + 1 c(t)ᵀ) of the n rows of x (n × d): an n × p matrix (dgemm). */
    public DMatrixRMaj features(DMatrixRMaj x, double t) {
        if (x.numCols != d)
            throw new ParameterException("x", x.numCols + " columns", d + " columns (the model's dimension)");
        double[] c = timeShift(t);
        DMatrixRMaj f = xPart.preactivations(x);
        double[] a = f.data;
        int n = x.numRows;
        for (int r = 0; r < n; r++) {
            int o = r * p;
            for (int j = 0; j < p; j++) {
                double v = a[o + j] + c[j];
                a[o + j] = relu ? (v > 0 ? v : 0) : activation.value(v);
            }
        }
        return f;
    }

    /** The readout transposed, Wᵀ (p × d), for {@link #denoise(DMatrixRMaj, DMatrixRMaj, double, DMatrixRMaj)}. */
    public static DMatrixRMaj readoutTransposed(DMatrixRMaj w) {
        DMatrixRMaj wt = new DMatrixRMaj(w.numCols, w.numRows);
        org.ejml.dense.row.CommonOps_DDRM.transpose(w, wt);
        return wt;
    }

    /**
     * m̂_W(y_r, t) for the n rows of y (n × d) into the same rows of out (n × d). {@code wT} is Wᵀ (p × d).
     * Rows are split into blocks evaluated in parallel (deterministic: no randomness here); stops with
     * CancelledException when the calling thread is interrupted.
     */
    public void denoise(DMatrixRMaj wT, DMatrixRMaj y, double t, DMatrixRMaj out) {
        if (wT.numRows != p || wT.numCols != d)
            throw new ParameterException("W", wT.numCols + "x" + wT.numRows, d + "x" + p + " readout");
        if (y.numCols != d)
            throw new ParameterException("y", y.numCols + " columns", d + " columns (the model's dimension)");
        int n = y.numRows;
        double[] c = timeShift(t);
        if (d >= 8) {
            DMatrixRMaj f = features(y, t);
            DMatrixRMaj m = Dense.multiply(f, wT);
            System.arraycopy(m.data, 0, out.data, 0, n * d);
            return;
        }
        // Each row's result depends on that row only, so the split does not change a bit. ParallelChunks (not a
        // parallel stream) so an interrupt of the caller ends the wait; chunks of at most DENOISE_CHUNK_ROWS rows
        // keep the time to the next check short.
        int blocks = Math.max(1, Math.max(Math.min(Runtime.getRuntime().availableProcessors(), n / 64), (int)
                ((n + (long) DENOISE_CHUNK_ROWS - 1) / DENOISE_CHUNK_ROWS)));
        ParallelChunks.forEach(blocks, (bk, cancelled) -> {
            int r0 = (int) ((long) n * bk / blocks), r1 = (int) ((long) n * (bk + 1) / blocks);
            fusedRows(wT.data, y.data, r0, r1, c, out.data);
        });
    }

    /** Rows per parallel chunk of the fused small-d path at most (≈ 0.1 s at p = 10⁴, d = 7). */
    static final int DENOISE_CHUNK_ROWS = 1024;

    private void fusedRows(double[] wt, double[] y, int r0, int r1, double[] c, double[] out) {
        if (d == 2 && relu) {
            fusedRows2(wt, y, r0, r1, c, out);
            return;
        }
        double[] acc = new double[d];
        double[] pre = new double[p];
        for (int r = r0; r < r1; r++) {
            int yo = r * d;
            for (int j = 0; j < p; j++) pre[j] = c[j];
            for (int i = 0; i < d; i++) {
                double yi = y[yo + i];
                int wo = i * p;
                for (int j = 0; j < p; j++) pre[j] += yi * wxT.data[wo + j];
            }
            java.util.Arrays.fill(acc, 0);
            for (int j = 0; j < p; j++) {
                double f = relu ? pre[j] : activation.value(pre[j]);
                if (f == 0 || (relu && f < 0)) continue;
                int wo = j * d;
                for (int i = 0; i < d; i++) acc[i] += f * wt[wo + i];
            }
            System.arraycopy(acc, 0, out, yo, d);
        }
    }

    /** The 2-D ReLU case, branch-free with split accumulators so the JIT can pipeline it (the hot loop of the samplers). */
    private void fusedRows2(double[] wt, double[] y, int r0, int r1, double[] c, double[] out) {
        double[] wx0 = new double[p], wx1 = new double[p], w0 = new double[p], w1 = new double[p];
        System.arraycopy(wxT.data, 0, wx0, 0, p);
        System.arraycopy(wxT.data, p, wx1, 0, p);
        for (int j = 0; j < p; j++) {
            w0[j] = wt[2 * j];
            w1[j] = wt[2 * j + 1];
        }
        for (int r = r0; r < r1; r++) {
            double y0 = y[2 * r], y1 = y[2 * r + 1];
            double a0 = 0, a1 = 0, b0 = 0, b1 = 0;
            int j = 0;
            for (; j + 1 < p; j += 2) {
                double f = Math.max(c[j] + y0 * wx0[j] + y1 * wx1[j], 0);
                double g = Math.max(c[j + 1] + y0 * wx0[j + 1] + y1 * wx1[j + 1], 0);
                a0 += f * w0[j];
                a1 += f * w1[j];
                b0 += g * w0[j + 1];
                b1 += g * w1[j + 1];
            }
            for (; j < p; j++) {
                double f = Math.max(c[j] + y0 * wx0[j] + y1 * wx1[j], 0);
                a0 += f * w0[j];
                a1 += f * w1[j];
            }
            out[2 * r] = a0 + b0;
            out[2 * r + 1] = a1 + b1;
        }
    }

    /** The implied score ŝ = (m̂_W − y)/max(h_t, 1e-9) of a fixed readout W (d × p), for the shared samplers. */
    public ScoreFunction score(DMatrixRMaj w) {
        if (w.numRows != d || w.numCols != p)
            throw new ParameterException("W", w.numRows + "x" + w.numCols, d + "x" + p);
        DMatrixRMaj wT = readoutTransposed(w);
        return (y, t, out) -> {
            denoise(wT, y, t, out);
            double h = Math.max(OuProcess.h(t), 1e-9);
            double[] o = out.data, yy = y.data;
            for (int i = 0, len = y.numRows * d; i < len; i++) o[i] = (o[i] - yy[i]) / h;
        };
    }
}
