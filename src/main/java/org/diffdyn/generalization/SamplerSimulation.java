package org.diffdyn.generalization;

import org.diffdyn.core.Check;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.ejml.data.DMatrixRMaj;

/**
 * Simulation: sampled trajectories of the learned linear DDPM sampler in explicit matrix form,
 * u_{t−1} = (u_t − β_t/√b_t W_t u_t)/√(1−β_t) + σ_t z with W_t = Û diag(w_t) Ûᵀ, from u_T ~ N(0, I); the empirical
 * covariance of the samples checks the per-mode variance recursion of B4 ({@link AncestralSampler}).
 */
public final class SamplerSimulation {
    private SamplerSimulation() {}

    /** The generated samples' second moment, and its projections û_iᵀ C û_i onto the sample eigenvectors. */
    public record Result(DMatrixRMaj covariance, double[] modeVariances, int samples) {}

    /**
     * Runs {@code m} trajectories (batched as matrix products, O(T m d²)) with the weights of one realization after
     * training time τ. Needs the sample eigenvectors, i.e. modes from a data draw (not the population model).
     */
    public static Result run(EmpiricalModes modes, Training training, double tau, int m, Rng rng, Progress progress) {
        Check.positive("samples", m);
        Training.checkTau(tau);
        DMatrixRMaj v = modes.vectors();
        if (v == null)
            throw new org.diffdyn.core.ParameterException(
                    "modes", "population", "modes from a data draw (with eigenvectors)");
        DdpmSchedule s = training.schedule();
        int d = modes.dimension(), steps = s.steps();
        Conventions.SamplerNoise noise = training.conventions().samplerNoise();
        DMatrixRMaj u = new DMatrixRMaj(m, d, true, rng.gaussianMatrix(m, d));
        DMatrixRMaj vt = new DMatrixRMaj(d, d);
        org.ejml.dense.row.CommonOps_DDRM.transpose(v, vt);
        Progress pr = progress == null ? Progress.NONE : progress;
        pr.start("sampling " + m + " trajectories", steps);
        for (int t = steps; t >= 1; t--) {
            double[] w = LinearDenoiser.weights(modes, t, training, tau);
            double beta = s.beta(t), sb = Math.sqrt(s.b(t)), inv = 1 / Math.sqrt(1 - beta);
            // Per-step linear map on row vectors: u ← u Mᵀ with M = (I − β/√b W)/√(1−β) = V diag(A) Vᵀ (symmetric).
            DMatrixRMaj va = v.copy();
            for (int i = 0; i < d; i++) {
                double at = (1 - beta * w[i] / sb) * inv;
                for (int r = 0; r < d; r++) va.data[r * d + i] *= at;
            }
            DMatrixRMaj map = Dense.multiply(va, vt);
            u = Dense.multiply(u, map);
            double sigma = Math.sqrt(AncestralSampler.noiseVariance(s, t, noise));
            if (sigma > 0) for (int k = 0; k < u.data.length; k++) u.data[k] += sigma * rng.gaussian();
            if ((t & 31) == 0) pr.advance(steps - t);
        }
        pr.finish();
        DMatrixRMaj cov = Dense.gram(u, m);
        DMatrixRMaj cv = Dense.multiply(cov, v);
        double[] proj = new double[d];
        for (int i = 0; i < d; i++) {
            double sum = 0;
            for (int r = 0; r < d; r++) sum += v.data[r * d + i] * cv.data[r * d + i];
            proj[i] = sum;
        }
        return new Result(cov, proj, m);
    }
}
