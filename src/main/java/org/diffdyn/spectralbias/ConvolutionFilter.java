package org.diffdyn.spectralbias;

import java.util.function.DoubleUnaryOperator;

/**
 * A convolution denoiser trained by gradient flow from v(0) = Q e_0 (paper A §5, linear-diffusion.md §2.2.7–2.2.8):
 * its gains are diagonal in the Fourier basis, so the generated law is stationary with one variance per Fourier
 * mode. Implemented by the full-width {@link CirculantConvolution.Filter} and the local {@link PatchConvolution}.
 */
public interface ConvolutionFilter {
    /** ln s̃_k(τ) of every Fourier mode k from the probability-flow ODE. */
    double[] generatedLog(double q, double eta, double tau, double sigma0, double sigmaT);

    /** Re γ_k(σ, τ) of every Fourier mode k. */
    double[] realGains(double sigma, double q, double eta, double tau);

    /**
     * ln s̃_k of every Fourier mode from the discrete sampler run on the gradient-flow filters at τ, computed exactly
     * mode by mode with {@link GeneratedVariance#samplerLog} (§2.4 recipe 5, DERIVED; no samples drawn).
     */
    default double[] samplerLog(double[] levels, double q, double eta, double tau, GeneratedVariance.Sampler sampler) {
        double[][] gains = new double[levels.length - 1][];
        for (int l = 0; l < gains.length; l++) gains[l] = realGains(levels[l], q, eta, tau);
        double[] out = new double[gains[0].length], psi = new double[levels.length];
        for (int k = 0; k < out.length; k++) {
            for (int l = 0; l < gains.length; l++) psi[l] = gains[l][k];
            out[k] = GeneratedVariance.samplerLog(levels, psi, sampler);
        }
        return out;
    }

    /**
     * Exact emergence time τ*_k of every Fourier mode k towards its data variance {@code s[k]} ({@link
     * EmergenceTimes#exact} on {@link #generatedLog}, from the true τ = 0 value, searched in [1e-10, 1e8]); NaN where
     * there is no crossing.
     */
    default double[] emergenceTimes(
            double[] s, double q, double eta, double sigma0, double sigmaT, EmergenceTimes.Threshold kind) {
        double init = GeneratedVariance.initialLog(q, sigma0, sigmaT);
        double[] out = new double[s.length];
        for (int k = 0; k < s.length; k++) {
            int mode = k;
            DoubleUnaryOperator log = t -> generatedLog(q, eta, t, sigma0, sigmaT)[mode];
            out[k] = EmergenceTimes.exact(log, init, s[k], kind, 1e-10, 1e8).tau();
        }
        return out;
    }
}
