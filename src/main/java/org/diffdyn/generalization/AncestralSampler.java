package org.diffdyn.generalization;

import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.schedule.DdpmSchedule;

/**
 * The DDPM ancestral sampler driven by the learned linear denoiser (linear-diffusion.md §3.1 QUOTED sampler, §3.3 B4
 * DERIVED per-mode recursion): u_{t−1} = (u_t − β_t/√b_t · W_t u_t)/√(1−β_t) + σ_t z, u_T ~ N(0, I).
 *
 * <p>All W_t are functions of Σ̂ and commute, so along each sample eigenmode the variance obeys
 * v_{t−1} = A_t² v_t + σ_t², with A_t = (1 − β_t w_t/√b_t)/√(1−β_t) and v_T = 1; the generated law is exactly
 * N(0, Û diag(v₀) Ûᵀ) (F2). This is O(T) per mode and needs no sampling.
 */
public final class AncestralSampler {
    private AncestralSampler() {}

    /** σ_t² of the chosen sampler convention (UNSURE, §3.1): β_t (σ₁² = 0) or the posterior β̃_t. */
    public static double noiseVariance(DdpmSchedule s, int t, Conventions.SamplerNoise noise) {
        if (noise == Conventions.SamplerNoise.POSTERIOR) return s.posteriorVariance(t);
        return t == 1 ? 0 : s.beta(t);
    }

    /**
     * The generated variance v₀ of one mode given its weights w_t, t = 1..T ({@code w[t-1]}), from v_T = 1.
     */
    public static double generatedVariance(DdpmSchedule s, double[] w, Conventions.SamplerNoise noise) {
        int steps = s.steps();
        if (w.length != steps)
            throw new ParameterException("w", "length " + w.length, "one weight per step t = 1.." + steps);
        double v = 1;
        for (int t = steps; t >= 1; t--) {
            double beta = s.beta(t);
            double at = (1 - beta * w[t - 1] / Math.sqrt(s.b(t))) / Math.sqrt(1 - beta);
            v = at * at * v + noiseVariance(s, t, noise);
        }
        return v;
    }

    /**
     * The generated variance v₀(λ̂_i) of every sample eigenmode of one realization after training time τ
     * (τ = +∞ for the converged denoiser): O(T d).
     */
    public static double[] generatedVariances(EmpiricalModes modes, Training training, double tau) {
        Training.checkTau(tau);
        training.checkStable(modes.maxLambdaHat());
        DdpmSchedule s = training.schedule();
        int steps = s.steps(), d = modes.dimension();
        Conventions.SamplerNoise noise = training.conventions().samplerNoise();
        double[] beta = new double[steps + 1],
                sqrtB = new double[steps + 1],
                invSqrt = new double[steps + 1],
                sig2 = new double[steps + 1],
                rate = new double[steps + 1],
                a = new double[steps + 1],
                bb = new double[steps + 1];
        for (int t = 1; t <= steps; t++) {
            beta[t] = s.beta(t);
            sqrtB[t] = Math.sqrt(s.b(t));
            invSqrt[t] = 1 / Math.sqrt(1 - beta[t]);
            sig2[t] = noiseVariance(s, t, noise);
            rate[t] = training.rate(t);
            a[t] = s.a(t);
            bb[t] = s.b(t);
        }
        double c = training.ridge(), q = training.conventions().initialWeight();
        Training.Dynamics dyn = training.dynamics();
        double[] lh = modes.lambdaHatView();
        double[] v0 = new double[d];
        boolean converged = tau == Double.POSITIVE_INFINITY;
        double nullVariance = Double.NaN; // all null modes (λ̂ = 0) share one recursion
        for (int i = 0; i < d; i++) {
            if (lh[i] == 0 && !Double.isNaN(nullVariance)) {
                v0[i] = nullVariance;
                continue;
            }
            double v = 1;
            for (int t = steps; t >= 1; t--) {
                double w = converged
                        ? sqrtB[t] / (a[t] * lh[i] + bb[t] + c)
                        : LinearDenoiser.weight(a[t], bb[t], c, lh[i], q, rate[t], tau, dyn);
                double at = (1 - beta[t] * w / sqrtB[t]) * invSqrt[t];
                v = at * at * v + sig2[t];
            }
            if (!Double.isFinite(v))
                throw new NumericalException("eta", "generated variance of mode " + i + " became " + v);
            v0[i] = v;
            if (lh[i] == 0) nullVariance = v;
        }
        return v0;
    }

    /** The generated variance of the converged denoiser for a given λ̂ (B4: ≈ λ̂ + c up to the schedule floor). */
    public static double convergedVariance(DdpmSchedule s, double lambdaHat, double c, Conventions.SamplerNoise noise) {
        double[] w = new double[s.steps()];
        for (int t = 1; t <= s.steps(); t++) w[t - 1] = LinearDenoiser.convergedWeight(s.a(t), s.b(t), c, lambdaHat);
        return generatedVariance(s, w, noise);
    }
}
