package org.diffdyn.spectralbias;

import org.diffdyn.core.Check;
import org.diffdyn.core.NumericalException;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The validation path of the simulations: linear denoisers trained as full matrices in pixel space by minibatch SGD
 * with fresh noise per step, knowing nothing about eigenmodes (O(batch·d²) per step). Agreement of u_kᵀWu_k with the
 * per-mode theory is therefore a real test of Gaussian equivalence and mode decoupling (linear-diffusion.md F1,
 * §2.2.2, §2.2.6).
 */
public final class FullMatrixTraining {
    private FullMatrixTraining() {}

    /** One-layer W at one σ from W(0) = QI: {@code steps} SGD steps of size η on (1/B)Σ‖W(x + σz) − x‖². */
    public static DMatrixRMaj oneLayer(
            DMatrixRMaj data, double sigma, double q, double eta, int steps, int batch, Rng rng, Progress progress) {
        int d = data.numCols;
        Check.positive("batch", batch);
        double lambdaMax = Dense.eigh(DataStats.secondMoment(data)).value(0);
        OneLayerDynamics.checkStable(eta, lambdaMax, sigma); // ParameterException naming eta and (0, 1/(σ² + λ_max))
        DMatrixRMaj w = CommonOps_DDRM.identity(d);
        CommonOps_DDRM.scale(q, w);
        DMatrixRMaj grad = new DMatrixRMaj(d, d);
        double[] x = new double[d], y = new double[d], r = new double[d];
        for (int s = 0; s < steps; s++) {
            minibatchGradient(data, w, sigma, batch, rng, grad, x, y, r);
            CommonOps_DDRM.addEquals(w, -eta, grad);
            if ((s & 63) == 0) {
                progress.advance(s);
                if (!Double.isFinite(w.data[0]))
                    throw new NumericalException(
                            "eta",
                            "SGD diverged at step " + s + " (eta = " + eta
                                    + "; stable below 1/(sigma^2 + lambda_max))");
            }
        }
        return w;
    }

    /** Symmetric two-layer D = PPᵀ at one σ from P(0) = √Q·I: returns PPᵀ after {@code steps} SGD steps of size η. */
    public static DMatrixRMaj twoLayer(
            DMatrixRMaj data, double sigma, double q, double eta, int steps, int batch, Rng rng, Progress progress) {
        int d = data.numCols;
        double lambdaMax = Dense.eigh(DataStats.secondMoment(data)).value(0);
        DMatrixRMaj p = CommonOps_DDRM.identity(d);
        CommonOps_DDRM.scale(Math.sqrt(q), p);
        DMatrixRMaj w = new DMatrixRMaj(d, d), gw = new DMatrixRMaj(d, d), gp = new DMatrixRMaj(d, d);
        double[] x = new double[d], y = new double[d], r = new double[d];
        for (int s = 0; s < steps; s++) {
            CommonOps_DDRM.multTransB(p, p, w);
            minibatchGradient(data, w, sigma, batch, rng, gw, x, y, r);
            // L(P) = ℓ(PPᵀ): ∇_P = (G + Gᵀ) P with G = ∇_W ℓ
            DMatrixRMaj sym = gw.copy();
            DMatrixRMaj gt = new DMatrixRMaj(d, d);
            CommonOps_DDRM.transpose(gw, gt);
            CommonOps_DDRM.addEquals(sym, gt);
            CommonOps_DDRM.mult(sym, p, gp);
            CommonOps_DDRM.addEquals(p, -eta, gp);
            if (!Double.isFinite(p.data[0]) || Math.abs(p.data[0]) > 1e150)
                throw new NumericalException(
                        "eta",
                        "SGD diverged at step " + s + " (eta = " + eta + "; the two-layer model is stable for "
                                + "eta below about 1/(4 (sigma^2 + lambda_max) max(Q, 1)) = "
                                + 1 / (4 * (sigma * sigma + lambdaMax) * Math.max(q, 1)) + ")");
            if ((s & 63) == 0) progress.advance(s);
        }
        CommonOps_DDRM.multTransB(p, p, w);
        return w;
    }

    /**
     * Full-batch gradient descent on the one-layer DSM loss at one σ with the noise expectation taken exactly
     * (Gaussian equivalence F1, linear-diffusion.md §2.2.2 QUOTED): ∇L = 2[(W − I)Σ̂ + σ²W], i.e.
     * W ← W(I − 2η(Σ̂ + σ²I)) + 2ηΣ̂ from W(0) = QI. Records ψ_k = u_kᵀWu_k along the columns u_k of {@code basis}
     * after each step count in {@code recordAt} (ascending, the last = steps): psi[record][k]. Reports progress every
     * 64 steps; a non-finite weight is a {@link NumericalException} naming eta.
     */
    public static double[][] expectedGradientDescent(
            DMatrixRMaj sigmaHat,
            DMatrixRMaj basis,
            double sigma,
            double q,
            double eta,
            long[] recordAt,
            Progress progress) {
        int d = sigmaHat.numRows;
        long steps = recordAt[recordAt.length - 1];
        DMatrixRMaj w = CommonOps_DDRM.identity(d);
        CommonOps_DDRM.scale(q, w);
        DMatrixRMaj step = CommonOps_DDRM.identity(d);
        DMatrixRMaj m = sigmaHat.copy();
        for (int i = 0; i < d; i++) m.add(i, i, sigma * sigma);
        CommonOps_DDRM.addEquals(step, -2 * eta, m);
        DMatrixRMaj drive = sigmaHat.copy();
        CommonOps_DDRM.scale(2 * eta, drive);
        DMatrixRMaj next = new DMatrixRMaj(d, d);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        double[][] psi = new double[recordAt.length][d];
        int r = 0;
        for (long n = 0; n <= steps; n++) {
            if (r < recordAt.length && recordAt[r] == n) {
                CommonOps_DDRM.mult(w, basis, tmp);
                for (int k = 0; k < d; k++) {
                    double v = 0;
                    for (int i = 0; i < d; i++) v += basis.get(i, k) * tmp.get(i, k);
                    psi[r][k] = Check.stillFinite(v, "eta", "the trained weight at step " + n);
                }
                r++;
            }
            if (n == steps) break;
            CommonOps_DDRM.mult(w, step, next);
            CommonOps_DDRM.addEquals(next, drive);
            DMatrixRMaj t = w;
            w = next;
            next = t;
            if ((n & 63) == 0) {
                progress.advance(n);
                if (!Double.isFinite(w.get(0, 0)))
                    throw new NumericalException("eta", "gradient descent diverged at step " + n);
            }
        }
        return psi;
    }

    /**
     * The minibatch gradient of the denoising loss with respect to the end-to-end matrix W, written into {@code grad}:
     * (2/B) Σ_b (W y_b − x_b) y_bᵀ with y_b = x_b + σ z_b, a fresh noise draw per sample (x, y, r are scratch).
     */
    private static void minibatchGradient(
            DMatrixRMaj data,
            DMatrixRMaj w,
            double sigma,
            int batch,
            Rng rng,
            DMatrixRMaj grad,
            double[] x,
            double[] y,
            double[] r) {
        int n = data.numRows, d = data.numCols;
        grad.zero();
        for (int b = 0; b < batch; b++) {
            int idx = rng.uniformInt(n);
            for (int i = 0; i < d; i++) {
                x[i] = data.data[idx * d + i];
                y[i] = x[i] + sigma * rng.gaussian();
            }
            for (int i = 0; i < d; i++) {
                double v = -x[i];
                for (int j = 0; j < d; j++) v += w.data[i * d + j] * y[j];
                r[i] = v;
            }
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) grad.data[i * d + j] += 2 * r[i] * y[j] / batch;
        }
    }
}
