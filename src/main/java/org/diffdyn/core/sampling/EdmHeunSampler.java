package org.diffdyn.core.sampling;

import org.diffdyn.core.Check;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.schedule.EdmSchedule;
import org.ejml.data.DMatrixRMaj;

/**
 * The deterministic EDM sampler of paper A's experiments (linear-diffusion.md §2.2.12, QUOTED from
 * {@code core/diffusion_edm_lib.py}): Karras noise levels t_0 = σ_max > … > t_{n−1} = σ_min, t_n = 0 (ρ = 7,
 * 20 steps by default), latents z·t_0, Euler steps with slope d = (x − D(x,t))/t and Heun's second-order correction on
 * every step except the last. Works on a batch (one sample per row) and any denoiser.
 */
public final class EdmHeunSampler {
    /** D(x; σ) for a batch of samples, one per row; must not modify its input. */
    @FunctionalInterface
    public interface BatchDenoiser {
        DMatrixRMaj denoise(DMatrixRMaj x, double sigma);
    }

    private final double[] t;
    private final boolean heun;

    /** The sampler on explicit noise levels (descending, last entry 0). */
    public EdmHeunSampler(double[] levels, boolean heun) {
        if (levels.length < 2 || levels[levels.length - 1] != 0)
            throw new org.diffdyn.core.ParameterException(
                    "levels", java.util.Arrays.toString(levels), "descending noise levels ending in 0");
        this.t = levels.clone();
        this.heun = heun;
    }

    /** Karras levels of the schedule with {@code steps} steps and exponent ρ. */
    public static EdmHeunSampler karras(EdmSchedule schedule, int steps, double rho) {
        return new EdmHeunSampler(schedule.karrasSteps(steps, rho), true);
    }

    /** The paper's sampler: 20 Heun steps, ρ = 7, σ from 80 to 0.002. */
    public static EdmHeunSampler standard() {
        return karras(EdmSchedule.standard(), 20, EdmSchedule.DEFAULT_RHO);
    }

    /** The noise levels t_0 … t_n (a copy; t_n = 0). */
    public double[] levels() {
        return t.clone();
    }

    /** Number of denoiser evaluations per sample. */
    public int evaluations() {
        return heun ? 2 * (t.length - 1) - 1 : t.length - 1;
    }

    /** Draws n latents z·t_0 (z ~ N(0, I_d)) and integrates them down to t_n = 0. */
    public DMatrixRMaj sample(BatchDenoiser denoiser, int n, int d, Rng rng, Progress progress) {
        Check.positive("samples", n);
        Check.positive("d", d);
        DMatrixRMaj x = new DMatrixRMaj(n, d, true, rng.gaussianMatrix(n, d));
        for (int i = 0; i < x.data.length; i++) x.data[i] *= t[0];
        return integrate(denoiser, x, progress);
    }

    /** Integrates given starting points (rows of x, at noise level t_0) down to 0. */
    public DMatrixRMaj integrate(BatchDenoiser denoiser, DMatrixRMaj start, Progress progress) {
        DMatrixRMaj x = start.copy();
        int len = x.data.length;
        for (int i = 0; i + 1 < t.length; i++) {
            double h = t[i + 1] - t[i];
            DMatrixRMaj den = denoiser.denoise(x, t[i]);
            double[] slope = new double[len];
            DMatrixRMaj next = new DMatrixRMaj(x.numRows, x.numCols);
            for (int j = 0; j < len; j++) {
                slope[j] = (x.data[j] - den.data[j]) / t[i];
                next.data[j] = x.data[j] + h * slope[j];
            }
            if (heun && t[i + 1] > 0) {
                DMatrixRMaj den2 = denoiser.denoise(next, t[i + 1]);
                for (int j = 0; j < len; j++) {
                    double slope2 = (next.data[j] - den2.data[j]) / t[i + 1];
                    next.data[j] = x.data[j] + 0.5 * h * (slope[j] + slope2);
                }
            }
            x = next;
            if (progress != null) progress.checkCancelled();
        }
        return x;
    }
}
