package org.diffdyn.spectralbias;

import org.diffdyn.core.Check;
import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.EdmHeunSampler;
import org.ejml.data.DMatrixRMaj;

/**
 * Convolutional denoisers trained in signal space (linear-diffusion.md §2.2.7–2.2.8): a filter with taps at
 * offsets o ∈ [−r, r] (patch, K = 2r + 1) or at all N offsets (full-width circulant), D(y)_i = Σ_o v_o y_{(i+o) mod N},
 * trained per noise level by minibatch SGD with fresh noise, the gradient summed over all N positions (weight
 * sharing). Nothing here works in the Fourier basis, so agreement with Props 5.3/5.4 checks the factor N and the
 * patch-covariance dynamics.
 */
public final class ConvolutionTraining {
    private ConvolutionTraining() {}

    /**
     * The SGD settings: aligned start v(0) = Q e_0, minibatch size, learning rate = stability/(2N(σ² + ν_max)) with
     * ν_max the top patch-covariance eigenvalue, and the seed.
     */
    public record Sgd(double q, int batch, double stability, long seed) {}

    /** Filter taps per recorded time and level: filters[time][level][tap], taps ordered o = −r..r. */
    public record Result(double[][][] filters, long steps) {}

    /**
     * @param data samples (n × N), one signal per row
     * @param radius r (full width: r = −1, meaning all N offsets 0..N−1, which is the circulant model)
     * @param times increasing η·τ values
     */
    public static Result train(
            DMatrixRMaj data, int radius, double[] levels, double[] times, Sgd sgd, Progress progress) {
        int n = data.numRows, len = data.numCols, batch = sgd.batch();
        int[] offsets = offsets(radius, len);
        int kk = offsets.length;
        int center = radius < 0 ? 0 : radius;
        DMatrixRMaj second = org.diffdyn.core.data.DataStats.secondMoment(data);
        org.diffdyn.core.linalg.SymmetricEigen patch =
                Dense.eigh(radius < 0 ? second : PatchConvolution.patchCovariance(second, radius));
        double nuMax = patch.value(0), nuMin = Math.max(patch.value(patch.size() - 1), 0);
        double[][][] out = new double[times.length][levels.length][kk];
        long steps = 0;
        progress.start("convolution SGD (K=" + kk + ", N=" + len + ")", levels.length);
        double[] y = new double[len], r = new double[len], g = new double[kk];
        for (int l = 0; l < levels.length; l++) {
            double sigma = levels[l];
            Rng rng = new Rng(PerModeTraining.mix(sgd.seed(), l, radius));
            double[] v = new double[kk];
            v[center] = sgd.q();
            double step = sgd.stability() / (2 * len * (sigma * sigma + nuMax));
            double tau = 0;
            // expected dynamics converged to double precision: further steps only fluctuate around the optimum
            double converged = 30 / (2 * len * (sigma * sigma + nuMin));
            for (int j = 0; j < times.length; j++) {
                double target = Math.min(times[j], converged);
                while (tau < target) {
                    double h = Math.min(step, target - tau);
                    java.util.Arrays.fill(g, 0);
                    for (int b = 0; b < batch; b++) {
                        int idx = rng.uniformInt(n);
                        for (int i = 0; i < len; i++) y[i] = data.data[idx * len + i] + sigma * rng.gaussian();
                        for (int i = 0; i < len; i++) {
                            double s = -data.data[idx * len + i];
                            for (int t = 0; t < kk; t++) s += v[t] * y[Math.floorMod(i + offsets[t], len)];
                            r[i] = s;
                        }
                        for (int t = 0; t < kk; t++) {
                            double s = 0;
                            for (int i = 0; i < len; i++) s += r[i] * y[Math.floorMod(i + offsets[t], len)];
                            g[t] += s;
                        }
                    }
                    for (int t = 0; t < kk; t++) v[t] -= h * 2 * g[t] / batch;
                    tau += h;
                    if ((++steps & 255) == 0) {
                        progress.checkCancelled();
                        if (!Double.isFinite(v[center]))
                            throw new NumericalException("stability", "convolution SGD diverged at sigma=" + sigma);
                    }
                }
                out[j][l] = v.clone();
            }
            progress.advance(l + 1);
        }
        progress.finish();
        return new Result(out, steps);
    }

    /** Fourier variances of samples generated with SGD-trained filters: variances[time][k], and the SGD steps. */
    public record Generated(double[][] variances, long steps) {}

    /**
     * The simulation of §2.4 recipes 1 and 5 for convolution filters: {@link #train} at the sampler's levels (all but
     * the final 0), then at each recorded time the Heun sampler on the trained filters draws {@code count} signals,
     * whose Fourier variances are measured ({@link #fourierVariances}). Training uses the SGD seed, sampling seed + 1.
     */
    public static Generated sampleTrained(
            DMatrixRMaj data, int radius, double[] levels, double[] times, Sgd sgd, int count, Progress progress) {
        double[] trained = java.util.Arrays.copyOf(levels, levels.length - 1);
        Result r = train(data, radius, trained, times, sgd, progress);
        int[] offsets = offsets(radius, data.numCols);
        EdmHeunSampler sampler = new EdmHeunSampler(levels, true);
        Rng rng = new Rng(sgd.seed() + 1);
        double[][] out = new double[times.length][];
        for (int j = 0; j < times.length; j++)
            out[j] = fourierVariances(
                    sampler.sample(denoiser(trained, r.filters()[j], offsets), count, data.numCols, rng, progress));
        return new Generated(out, r.steps());
    }

    /** Offsets −r..r, or 0..N−1 for the full-width filter (radius −1). */
    public static int[] offsets(int radius, int length) {
        if (radius < -1 || 2 * radius + 1 > length)
            throw new ParameterException(
                    "radius", radius, "-1 (full width) or an integer in [0, " + (length - 1) / 2 + "]");
        int kk = radius < 0 ? length : 2 * radius + 1;
        int[] o = new int[kk];
        for (int t = 0; t < kk; t++) o[t] = radius < 0 ? t : t - radius;
        return o;
    }

    /** Re γ_k = Σ_o v_o cos(2πko/N): the filter's gain on Fourier mode k. */
    public static double[] realGains(double[] filter, int[] offsets, int length) {
        double[] out = new double[length];
        for (int k = 0; k < length; k++) {
            double s = 0;
            for (int t = 0; t < offsets.length; t++) s += filter[t] * Math.cos(2 * Math.PI * k * offsets[t] / length);
            out[k] = s;
        }
        return out;
    }

    /** The batch denoiser D(y)_i = Σ_o v_o y_{i+o} at the sampler levels (filters[level]). */
    public static EdmHeunSampler.BatchDenoiser denoiser(double[] levels, double[][] filters, int[] offsets) {
        return (x, sigma) -> {
            int l = 0;
            while (levels[l] != sigma) l++;
            double[] v = filters[l];
            int rows = x.numRows, len = x.numCols;
            DMatrixRMaj o = new DMatrixRMaj(rows, len);
            for (int s = 0; s < rows; s++)
                for (int i = 0; i < len; i++) {
                    double acc = 0;
                    for (int t = 0; t < offsets.length; t++)
                        acc += v[t] * x.data[s * len + Math.floorMod(i + offsets[t], len)];
                    o.data[s * len + i] = acc;
                }
            return o;
        };
    }

    /** Variance of each Fourier mode of the rows of x: s̃_k = mean over samples of |DFT(x)_k|²/N. */
    public static double[] fourierVariances(DMatrixRMaj x) {
        int rows = x.numRows, len = x.numCols;
        double[] out = new double[len];
        for (int k = 0; k < len; k++) {
            double[] c = new double[len], s = new double[len];
            for (int m = 0; m < len; m++) {
                c[m] = Math.cos(2 * Math.PI * k * m / len);
                s[m] = Math.sin(2 * Math.PI * k * m / len);
            }
            double acc = 0;
            for (int r = 0; r < rows; r++) {
                double re = 0, im = 0;
                for (int m = 0; m < len; m++) {
                    re += x.data[r * len + m] * c[m];
                    im += x.data[r * len + m] * s[m];
                }
                acc += re * re + im * im;
            }
            out[k] = acc / rows / len;
        }
        return out;
    }

    static void checkLength(int length) {
        Check.positive("N", length);
    }
}
