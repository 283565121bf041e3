package org.diffdyn.spectralbias;

import java.util.Arrays;
import org.diffdyn.core.Check;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.ejml.data.DMatrixRMaj;

/**
 * Full-width circulant convolution D(x) = w ⊛ x on signals of length N with circular boundary
 * (linear-diffusion.md §2.2.7, paper A Props 5.2–5.3 QUOTED; conventions DERIVED and verified).
 *
 * <p>W_ab = w_{(a−b) mod N} is diagonal in the Fourier basis with eigenvalues γ = FFT(w) (unnormalised DFT). Only
 * the Fourier-diagonal of the data covariance, s_k = [F*ΣF]_kk, enters the loss, and gradient flow on the shared
 * filter runs N times faster than on a free matrix: γ_k relaxes at rate 2Nη(σ² + s_k). The generated law is the
 * stationary Gaussian with Fourier variances given by Prop. 4.2 with λ → s_k and η → Nη.
 */
public final class CirculantConvolution {
    private CirculantConvolution() {}

    /**
     * Fourier-mode variances s_k = (1/N) Σ_{m,n} Σ_mn e^{2πik(m−n)/N}, k = 0..N−1 (§2.2.7): real for symmetric Σ,
     * equal to the eigenvalues when Σ is circulant. O(N³) with cached cosines.
     */
    public static double[] fourierVariances(DMatrixRMaj sigma) {
        int n = sigma.numRows;
        Check.positive("N", n);
        double[] out = new double[n];
        double[] c = new double[n], s = new double[n];
        for (int k = 0; k < n; k++) {
            for (int m = 0; m < n; m++) {
                double ang = 2 * Math.PI * ((long) k * m % n) / n;
                c[m] = Math.cos(ang);
                s[m] = Math.sin(ang);
            }
            double sum = 0;
            for (int a = 0; a < n; a++) {
                double ra = 0, ia = 0;
                for (int b = 0; b < n; b++) {
                    double v = sigma.data[a * n + b];
                    ra += v * c[b];
                    ia += v * s[b];
                }
                sum += c[a] * ra + s[a] * ia; // Re(f̄_a Σ f) with f_b = e^{2πikb/N}
            }
            out[k] = sum / n;
        }
        return out;
    }

    /** Optimal Fourier gain γ*_k = s_k/(σ² + s_k) (QUOTED Prop. 5.3). */
    public static double optimalGain(double s, double sigma) {
        return s / (sigma * sigma + s);
    }

    /** Prop. 5.3 (QUOTED): γ_k(τ,σ) = γ* + (γ(0) − γ*) e^{−2Nη(σ² + s_k)τ}. */
    public static double gain(double s, double sigma, double gamma0, double eta, int n, double tau) {
        return OneLayerDynamics.weight(s, sigma, gamma0, n * eta, tau);
    }

    /** Generated variance of Fourier mode k (QUOTED): Prop. 4.2 with λ → s_k, η → Nη. */
    public static double generatedLog(
            double s, double gamma0, double eta, int n, double tau, double sigma0, double sigmaT) {
        return GeneratedVariance.oneLayerLog(s, gamma0, n * eta, tau, sigma0, sigmaT);
    }

    /**
     * The circulant covariance with Fourier variances s_k, Σ_ab = (1/N) Σ_k s_k cos(2πk(a−b)/N) for symmetric s
     * (s_k = s_{N−k}): the inverse of {@link #fourierVariances} (§2.2.7, DERIVED).
     */
    public static DMatrixRMaj covariance(double[] s) {
        int n = s.length;
        DMatrixRMaj sigma = new DMatrixRMaj(n, n);
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) {
                double v = 0;
                for (int k = 0; k < n; k++) v += s[k] * Math.cos(2 * Math.PI * k * (a - b) / n);
                sigma.set(a, b, v / n);
            }
        return sigma;
    }

    /**
     * Stationary Gaussian test signals (this implementation's data model for §5, DERIVED): {@code count} draws of
     * N(0, Σ) with Σ circulant ({@link #covariance}) and Fourier variances s_k ∝ (1 + min(k, N − k))^−α, mean 1.
     */
    public static DMatrixRMaj stationarySignals(int n, double alpha, int count, Rng rng) {
        double[] s = new double[n];
        for (int k = 0; k < n; k++) s[k] = Math.pow(1 + Math.min(k, n - k), -alpha);
        double mean = Arrays.stream(s).average().orElse(1);
        for (int k = 0; k < n; k++) s[k] /= mean;
        return Covariance.fromMatrix(covariance(s)).sample(count, rng);
    }

    /** The full-width filter on data with Fourier variances s_k: every mode follows Prop. 4.2/5.3 with η → Nη. */
    public record Filter(double[] s) implements ConvolutionFilter {
        @Override
        public double[] generatedLog(double q, double eta, double tau, double sigma0, double sigmaT) {
            double[] out = new double[s.length];
            for (int k = 0; k < s.length; k++)
                out[k] = CirculantConvolution.generatedLog(s[k], q, eta, s.length, tau, sigma0, sigmaT);
            return out;
        }

        @Override
        public double[] realGains(double sigma, double q, double eta, double tau) {
            double[] out = new double[s.length];
            for (int k = 0; k < s.length; k++) out[k] = gain(s[k], sigma, q, eta, s.length, tau);
            return out;
        }
    }

    /**
     * u_jᵀ (F diag(s̃) F*) u_j for each column u_j of {@code basis}: the generated variance of a circulant
     * (stationary) law along arbitrary directions, e.g. the data principal axes (§2.2.8 step 3).
     */
    public static double[] varianceAlong(double[] fourierVariance, DMatrixRMaj basis) {
        int n = fourierVariance.length, cols = basis.numCols;
        double[] out = new double[cols];
        for (int j = 0; j < cols; j++) {
            for (int k = 0; k < n; k++) {
                double re = 0, im = 0;
                for (int m = 0; m < n; m++) {
                    double ang = 2 * Math.PI * ((long) k * m % n) / n;
                    re += basis.get(m, j) * Math.cos(ang);
                    im += basis.get(m, j) * Math.sin(ang);
                }
                out[j] += fourierVariance[k] * (re * re + im * im) / n;
            }
        }
        return out;
    }
}
