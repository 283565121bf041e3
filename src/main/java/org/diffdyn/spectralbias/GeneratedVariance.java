package org.diffdyn.spectralbias;

import java.util.function.DoubleUnaryOperator;
import org.diffdyn.core.Check;
import org.diffdyn.core.numeric.Quadrature;
import org.diffdyn.core.special.Special;

/**
 * The variance λ̃_k that the probability-flow ODE generates along a data eigenvector when the denoiser's weights
 * commute (linear-diffusion.md §2.2.3–2.2.4). Every result is returned as ln λ̃ so that modes spanning many decades
 * (3e-5 … 6400 in Fig. 2) keep full relative precision.
 *
 * <p>Four routes to the same quantity, which the tests hold against each other:
 * <ol>
 *   <li>{@link #oneLayerLog}: the Ei closed form of Prop. 4.2 (QUOTED, re-derived in the spec);</li>
 *   <li>{@link #logByQuadrature}: the boxed integral ln λ̃ = 2 ln σ_T − 2∫(1 − ψ(s)) ds/s for any ψ(σ);</li>
 *   <li>{@link MomentOde}: RK4 on the mean/covariance ODE, for weights that do not commute;</li>
 *   <li>{@link #samplerLog}: the discrete Euler/Heun sampler of the experiments (§2.4 recipe 5).</li>
 * </ol>
 */
public final class GeneratedVariance {
    private GeneratedVariance() {}

    /**
     * Prop. 4.2 (QUOTED; limits DERIVED): ln λ̃_k(τ) = 2 ln σ_T + 2[ln Φ(σ_0) − ln Φ(σ_T)] with
     * ln Φ(σ) = ½ ln(λ + σ²) + ½(1 − Q) e^{−aλ} Ei(−aσ²) − ½ Ei(−a(σ² + λ)), a = 2ητ, and the exact limit
     * ln λ̃(0) = 2 ln σ_T + 2(1 − Q) ln(σ_0/σ_T) at τ = 0.
     */
    public static double oneLayerLog(double lambda, double q, double eta, double tau, double sigma0, double sigmaT) {
        if (tau == 0) return initialLog(q, sigma0, sigmaT);
        double a = 2 * eta * tau;
        double s0 = sigma0 * sigma0, sT = sigmaT * sigmaT;
        return oneLayerLogGivenE1(lambda, q, a, s0, sT, Special.e1(a * s0), Special.e1(a * sT), 2 * Math.log(sigmaT));
    }

    /** The closed form with E1(aσ_0²) and E1(aσ_T²) (shared by all modes at one τ) precomputed. */
    static double oneLayerLogGivenE1(
            double lambda, double q, double a, double s0, double sT, double e1s0, double e1sT, double twoLnSigmaT) {
        double decay = Math.exp(-a * lambda);
        // ln Φ(σ_0) − ln Φ(σ_T), with Ei(−x) = −E1(x)
        double diff = 0.5 * Math.log((lambda + s0) / (lambda + sT))
                - 0.5 * (1 - q) * decay * (e1s0 - e1sT)
                + 0.5 * (Special.e1(a * (s0 + lambda)) - Special.e1(a * (sT + lambda)));
        return twoLnSigmaT + 2 * diff;
    }

    /**
     * The whole analytic surface ln λ̃_k(τ_j) for many modes and training times (row j = time, column k = mode).
     * O(d) per time after the two mode-independent E1 values: the benchmarked path (d = 3072, 1000 times).
     */
    public static double[][] oneLayerLog(
            double[] lambdas, double q, double eta, double[] taus, double sigma0, double sigmaT) {
        Check.allPositive("lambda", lambdas);
        Check.allNonNegative("tau", taus);
        checkSigmas(sigma0, sigmaT);
        double s0 = sigma0 * sigma0, sT = sigmaT * sigmaT, twoLn = 2 * Math.log(sigmaT);
        int d = lambdas.length;
        double[] logRatio = new double[d]; // ln((λ + σ_0²)/(λ + σ_T²)): independent of τ
        for (int k = 0; k < d; k++) logRatio[k] = Math.log((lambdas[k] + s0) / (lambdas[k] + sT));
        double[][] out = new double[taus.length][d];
        for (int j = 0; j < taus.length; j++) {
            double[] row = out[j];
            if (taus[j] == 0) {
                java.util.Arrays.fill(row, initialLog(q, sigma0, sigmaT));
                continue;
            }
            double a = 2 * eta * taus[j];
            double e1Diff = Special.e1(a * s0) - Special.e1(a * sT);
            for (int k = 0; k < d; k++) {
                double l = lambdas[k];
                double xT = a * (sT + l);
                double e1T = xT > 745 ? 0 : Special.e1(xT);
                row[k] = twoLn + logRatio[k] - (1 - q) * Math.exp(-a * l) * e1Diff + Special.e1(a * (s0 + l)) - e1T;
            }
        }
        return out;
    }

    /** λ̃ itself (exp of {@link #oneLayerLog}). */
    public static double oneLayer(double lambda, double q, double eta, double tau, double sigma0, double sigmaT) {
        return Math.exp(oneLayerLog(lambda, q, eta, tau, sigma0, sigmaT));
    }

    /** τ → 0 limit (DERIVED): ln λ̃(0) = 2 ln σ_T + 2(1 − Q) ln(σ_0/σ_T), the same for every mode. */
    public static double initialLog(double q, double sigma0, double sigmaT) {
        return 2 * Math.log(sigmaT) + 2 * (1 - q) * Math.log(sigma0 / sigmaT);
    }

    /** τ → ∞ limit (DERIVED): λ̃(∞) = σ_T² (λ + σ_0²)/(λ + σ_T²) ≈ λ + σ_0² for λ ≪ σ_T². */
    public static double convergedLog(double lambda, double sigma0, double sigmaT) {
        return 2 * Math.log(sigmaT) + Math.log((lambda + sigma0 * sigma0) / (lambda + sigmaT * sigmaT));
    }

    /**
     * The boxed integral of §2.2.3 (DERIVED restatement, exact for commuting weights), by composite Gauss–Legendre
     * in u = ln σ (§2.4 recipe 3): ln λ̃ = 2 ln σ_T − 2 ∫_{ln σ_0}^{ln σ_T} (1 − ψ(e^u)) du.
     *
     * @param psi the per-mode weight ψ(σ) = u_kᵀ W_σ u_k at the training time of interest
     * @param panels number of 16-point panels (256 gives ~1e-12 for the smooth integrands of paper A)
     */
    public static double logByQuadrature(DoubleUnaryOperator psi, double sigma0, double sigmaT, int panels) {
        checkSigmas(sigma0, sigmaT);
        double integral = Quadrature.composite(
                u -> 1 - psi.applyAsDouble(Math.exp(u)), Math.log(sigma0), Math.log(sigmaT), panels);
        return 2 * Math.log(sigmaT) - 2 * integral;
    }

    /** The same with the panel count doubled until the estimate is stable to {@code relTol} (for tests). */
    public static Quadrature.Integral logByAdaptiveQuadrature(
            DoubleUnaryOperator psi, double sigma0, double sigmaT, double relTol) {
        checkSigmas(sigma0, sigmaT);
        Quadrature.Integral i = Quadrature.adaptive(
                u -> 1 - psi.applyAsDouble(Math.exp(u)), Math.log(sigma0), Math.log(sigmaT), relTol);
        return new Quadrature.Integral(2 * Math.log(sigmaT) - 2 * i.value(), 2 * i.errorEstimate(), i.panels());
    }

    /** Which discrete sampler {@link #samplerLog} emulates. */
    public enum Sampler {
        EULER,
        HEUN
    }

    /**
     * The discrete EDM sampler on one mode (§2.4 recipe 5, DERIVED from the sampler of §2.2.12): each step is the
     * affine map x ← x·f_i with Euler factor f = 1 + h(1 − ψ(t_i))/t_i, h = t_{i+1} − t_i, plus the Heun average
     * of the two slopes when t_{i+1} > 0. Starting from variance t_0², the generated variance is t_0² Π f_i².
     *
     * @param t noise levels t_0 > … > t_{n−1} > t_n = 0 (e.g. {@link org.diffdyn.core.schedule.EdmSchedule#karrasSteps})
     * @param psi ψ at each t_i, i = 0..n−1 (ψ at t_n = 0 is never used)
     */
    public static double samplerLog(double[] t, double[] psi, Sampler sampler) {
        double logVar = 2 * Math.log(t[0]);
        for (int i = 0; i + 1 < t.length; i++) {
            double h = t[i + 1] - t[i];
            double slope = (1 - psi[i]) / t[i];
            double f = 1 + h * slope;
            if (sampler == Sampler.HEUN && t[i + 1] > 0) {
                double slopeNext = f * (1 - psi[i + 1]) / t[i + 1];
                f = 1 + 0.5 * h * (slope + slopeNext);
            }
            logVar += 2 * Math.log(Math.abs(f));
        }
        return logVar;
    }

    /** {@link #samplerLog(double[], double[], Sampler)} with ψ given as a function of σ, evaluated at t_0 … t_{n−1}. */
    public static double samplerLog(double[] t, DoubleUnaryOperator psi, Sampler sampler) {
        double[] values = new double[t.length];
        for (int i = 0; i + 1 < t.length; i++) values[i] = psi.applyAsDouble(t[i]);
        return samplerLog(t, values, sampler);
    }

    static void checkSigmas(double sigma0, double sigmaT) {
        Check.positive("sigma0", sigma0);
        Check.positive("sigmaT", sigmaT);
        if (!(sigmaT > sigma0))
            throw new org.diffdyn.core.ParameterException("sigmaT", sigmaT, "a number > sigma0 = " + sigma0);
    }
}
