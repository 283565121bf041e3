package org.diffdyn.spectralbias;

import java.util.Arrays;
import org.diffdyn.core.Check;
import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.PrincipalData;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.EdmHeunSampler;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.ejml.data.DMatrixRMaj;

/**
 * Trains linear denoisers by stochastic gradient descent on a finite data set, mode by mode in the data eigenbasis
 * (linear-diffusion.md §2.1 "Training" and §2.4 recipe 1): after one eigendecomposition the samples are projected
 * on the eigenvectors, and because the DSM loss of an aligned linear model separates over modes (F1), each mode is a
 * scalar problem costing O(batch) per step. Every step draws a fresh minibatch of training samples and FRESH noise z,
 * so the simulation carries the SGD noise that the theory averages away.
 *
 * <p>Models: {@link Model#ONE_LAYER} (w per σ, Eq. 7), {@link Model#TWO_LAYER} (w = p² per σ, Eq. 8, the gradient
 * flows through the factor p) and {@link Model#EDM_SHARED} (one inner gain v for all σ with EDM preconditioning,
 * loss weight and log-normal σ sampling; {@link LossWeighting.SharedLinear}).
 *
 * <p>Time is measured as η·τ, the gradient-flow time of the figures. A step with learning rate ℓ advances it by ℓ;
 * ℓ = min(maxStep, stability/curvature) per (σ, mode), because one common step would have to be below
 * 1/(σ_max² + λ_max) ≈ 1.6e-4 (§2.2.2). Once the expected dynamics has converged to double precision
 * (e^{−rate·τ} < 1e-13) a level stops training (further SGD steps only fluctuate around the optimum). Alongside,
 * the same step schedule is applied to the noise-free expected gradient ("GD theory"), which isolates the SGD noise
 * from the discretisation.
 */
public final class PerModeTraining {
    private PerModeTraining() {}

    public enum Model {
        ONE_LAYER,
        TWO_LAYER,
        EDM_SHARED;

        /**
         * ln λ̃(τ) of a mode of variance λ from the continuous PF-ODE after gradient flow to η·τ: Prop. 4.2 (QUOTED),
         * Prop. 5.1 (QUOTED), or the boxed integral over the shared EDM gain's ψ(σ) (DERIVED, 64 panels).
         */
        public double generatedLog(double lambda, double q, double eta, double tau, double sigma0, double sigmaT) {
            return switch (this) {
                case ONE_LAYER -> GeneratedVariance.oneLayerLog(lambda, q, eta, tau, sigma0, sigmaT);
                case TWO_LAYER -> TwoLayerDynamics.generatedLog(lambda, q, eta, tau, sigma0, sigmaT);
                case EDM_SHARED -> EDM.generatedLog(lambda, q, eta, tau, sigma0, sigmaT, 64);
            };
        }

        /** ψ(σ) at τ = 0: Q for the per-σ models, c_skip + c_out c_in Q for the shared EDM gain (§2.2.10). */
        public double initialWeight(double sigma, double q) {
            return this == EDM_SHARED ? EDM.effectiveWeight(sigma, q) : q;
        }

        /** ln λ̃(0) from the PF-ODE: the same closed form for one and two layers (§2.2.6), quadrature for EDM. */
        public double initialLog(double q, double sigma0, double sigmaT) {
            return this == EDM_SHARED
                    ? GeneratedVariance.logByQuadrature(s -> initialWeight(s, q), sigma0, sigmaT, 64)
                    : GeneratedVariance.initialLog(q, sigma0, sigmaT);
        }
    }

    private static final LossWeighting.SharedLinear EDM = LossWeighting.SharedLinear.edm();

    /** Hyper-parameters of the simulation. */
    public record Config(Model model, double q, int batch, double maxStep, double stability, long seed) {
        public Config {
            Check.positive("batch", batch);
            Check.positive("maxStep", maxStep);
            Check.inRange("stability", stability, 1e-6, 0.5);
            if (model == Model.TWO_LAYER && !(q > 0))
                throw new ParameterException("q", q, "a number > 0 for the two-layer model (Q = 0 never learns)");
        }
    }

    /**
     * Training data in the eigenbasis of its own covariance, the input of {@link #train} (§2.4 recipe 1): centered
     * coordinates, the empirical variances λ̂_k (descending) and, for synthetic data, the population variances (else
     * NaN).
     */
    public record EigenData(DMatrixRMaj coords, double[] lambdaHat, double[] lambdaPopulation) {
        /**
         * Paper A's synthetic data (§2.1 "Data", QUOTED): n samples of N(0, Σ) with a log-normal spectrum (seed) in a
         * random basis (seed + 1), drawn with seed + 2, on the eigenvectors of their sample covariance.
         */
        public static EigenData logNormalGaussian(int d, int n, long seed) {
            Spectrum population = Spectrum.logNormal(d, seed);
            DMatrixRMaj x = Covariance.randomlyRotated(population, seed + 1).sample(n, new Rng(seed + 2));
            double[] mean = DataStats.mean(x);
            SymmetricEigen e = Dense.eigh(DataStats.covariance(x));
            DMatrixRMaj coords = Dense.multiply(DataStats.centered(x, mean), e.vectors());
            return new EigenData(coords, e.values(), population.values());
        }

        /** A data set's principal coordinates and variances (population unknown: NaN). */
        public static EigenData of(PrincipalData pd) {
            double[] nan = new double[pd.dimension()];
            Arrays.fill(nan, Double.NaN);
            return new EigenData(pd.scores(), pd.spectrum().values(), nan);
        }
    }

    /**
     * Effective per-mode weights ψ[time][level][mode] from SGD (simulation) and from the expected-gradient recursion
     * with the same steps (gd), plus the number of SGD steps taken.
     */
    public record Result(double[][][] simulation, double[][][] gd, long steps) {
        /**
         * ln λ̃ of a mode from the discrete sampler on the noise-free GD weights gd[time][·][mode] at the levels
         * t_0 … t_{n−1} (t_n = 0), computed exactly (§2.4 recipe 5, {@link GeneratedVariance#samplerLog}).
         */
        public double gdSamplerLog(double[] levels, int time, int mode, GeneratedVariance.Sampler sampler) {
            double[] psi = new double[levels.length];
            for (int l = 0; l + 1 < levels.length; l++) psi[l] = gd[time][l][mode];
            return GeneratedVariance.samplerLog(levels, psi, sampler);
        }
    }

    /**
     * @param coords training samples on the eigenvectors (n × d, centered)
     * @param levels the noise levels σ at which the per-σ models are trained (for EDM_SHARED: where ψ is reported)
     * @param times increasing training times η·τ to record
     */
    public static Result train(DMatrixRMaj coords, double[] levels, double[] times, Config cfg, Progress progress) {
        int n = coords.numRows, d = coords.numCols;
        Check.allPositive("levels", levels);
        Check.allNonNegative("times", times);
        for (int j = 1; j < times.length; j++)
            if (times[j] < times[j - 1])
                throw new ParameterException("times", times[j], "training times in increasing order");
        double[] lambda = new double[d];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) lambda[k] += coords.data[i * d + k] * coords.data[i * d + k];
        for (int k = 0; k < d; k++) lambda[k] /= n;
        double[][][] sim = new double[times.length][levels.length][d];
        double[][][] gd = new double[times.length][levels.length][d];
        long steps = 0;
        int units = cfg.model == Model.EDM_SHARED ? d : levels.length * d;
        progress.start("SGD per mode (" + cfg.model + ", d=" + d + ")", units);
        double[] col = new double[n];
        LossWeighting.SharedLinear edm = LossWeighting.SharedLinear.edm();
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < n; i++) col[i] = coords.data[i * d + k];
            if (cfg.model == Model.EDM_SHARED) {
                Rng rng = new Rng(mix(cfg.seed, -1, k));
                double[][] v = trainShared(col, lambda[k], edm, times, cfg, rng, progress);
                steps += (long) v[2][0];
                for (int j = 0; j < times.length; j++)
                    for (int l = 0; l < levels.length; l++) {
                        sim[j][l][k] = edm.effectiveWeight(levels[l], v[0][j]);
                        gd[j][l][k] = edm.effectiveWeight(levels[l], v[1][j]);
                    }
                progress.advance(k + 1);
                continue;
            }
            for (int l = 0; l < levels.length; l++) {
                Rng rng = new Rng(mix(cfg.seed, l, k));
                double[][] w = trainLevel(col, lambda[k], levels[l], times, cfg, rng, progress);
                steps += (long) w[2][0];
                for (int j = 0; j < times.length; j++) {
                    sim[j][l][k] = w[0][j];
                    gd[j][l][k] = w[1][j];
                }
                progress.advance((long) k * levels.length + l + 1);
            }
        }
        progress.finish();
        return new Result(sim, gd, steps);
    }

    /**
     * The measurement of §2.4 recipe 5: at each recorded time the sampler draws {@code count} samples with the
     * SGD-trained weights ψ = r.simulation()[time] at the {@code trained} levels, and the generated variance along each
     * eigenvector is their mean square: variances[time][mode].
     */
    public static double[][] generatedVariances(
            Result r, EdmHeunSampler sampler, double[] trained, int count, Rng rng, Progress progress) {
        int times = r.simulation().length, d = r.simulation()[0][0].length;
        double[][] out = new double[times][d];
        progress.start("sampling (" + count + " samples x " + times + " times)", times);
        for (int j = 0; j < times; j++) {
            DMatrixRMaj gen = sampler.sample(Denoisers.diagonal(trained, r.simulation()[j]), count, d, rng, progress);
            double[] measured = out[j];
            for (int s = 0; s < gen.numRows; s++)
                for (int k = 0; k < d; k++) measured[k] += gen.data[s * d + k] * gen.data[s * d + k];
            for (int k = 0; k < d; k++) measured[k] /= gen.numRows;
            progress.advance(j + 1);
        }
        progress.finish();
        return out;
    }

    static long mix(long seed, int level, int mode) {
        long h = seed * 0x9E3779B97F4A7C15L + (level + 1) * 0xC2B2AE3D27D4EB4FL + mode * 0x165667B19E3779F9L;
        return h ^ (h >>> 31);
    }

    /** One (σ, mode) problem: returns {simulated w at times, GD-theory w at times, {steps}}. */
    private static double[][] trainLevel(
            double[] x, double lambda, double sigma, double[] times, Config cfg, Rng rng, Progress progress) {
        int n = x.length, b = cfg.batch;
        double m = lambda + sigma * sigma;
        boolean two = cfg.model == Model.TWO_LAYER;
        double state = two ? Math.sqrt(cfg.q) : cfg.q, expected = state;
        double star = lambda / m;
        double converged = two ? (30 + 2 * Math.abs(Math.log(cfg.q / star))) / (8 * lambda) : 30 / (2 * m);
        double[] outSim = new double[times.length], outGd = new double[times.length];
        double tau = 0;
        long steps = 0;
        for (int j = 0; j < times.length; j++) {
            double target = Math.min(times[j], converged);
            while (tau < target) {
                double curvature = two ? 4 * Math.abs(3 * expected * expected * m - lambda) + 4 * lambda : 2 * m;
                double step = Math.min(Math.min(cfg.maxStep, cfg.stability / curvature), target - tau);
                double yy = 0, xy = 0;
                for (int s = 0; s < b; s++) {
                    double xi = x[rng.uniformInt(n)];
                    double yi = xi + sigma * rng.gaussian();
                    yy += yi * yi;
                    xy += xi * yi;
                }
                yy /= b;
                xy /= b;
                if (two) {
                    state -= step * TwoLayerDynamics.factorGradient(state, yy, xy);
                    expected -= step * TwoLayerDynamics.factorGradient(expected, m, lambda);
                } else {
                    state -= step * 2 * (state * yy - xy);
                    expected -= step * 2 * (expected * m - lambda);
                }
                tau += step;
                if ((++steps & 1023) == 0) {
                    progress.checkCancelled();
                    if (!Double.isFinite(state))
                        throw new NumericalException(
                                "stability",
                                "SGD diverged at sigma=" + sigma + "; lower stability (now " + cfg.stability
                                        + ") or maxStep");
                }
            }
            outSim[j] = two ? state * state : state;
            outGd[j] = two ? expected * expected : expected;
        }
        return new double[][] {outSim, outGd, {steps}};
    }

    /** One mode of the shared-weight EDM model: σ drawn per sample from the EDM log-normal. */
    private static double[][] trainShared(
            double[] x,
            double lambda,
            LossWeighting.SharedLinear edm,
            double[] times,
            Config cfg,
            Rng rng,
            Progress progress) {
        int n = x.length, b = cfg.batch;
        double a = edm.curvature(lambda), bk = edm.drive(lambda);
        double state = cfg.q, expected = cfg.q;
        double converged = 30 / (2 * a);
        double[] outSim = new double[times.length], outGd = new double[times.length];
        double tau = 0;
        long steps = 0;
        for (int j = 0; j < times.length; j++) {
            double target = Math.min(times[j], converged);
            while (tau < target) {
                double step = Math.min(Math.min(cfg.maxStep, cfg.stability / (2 * a)), target - tau);
                double g = 0;
                for (int s = 0; s < b; s++) {
                    double sigma = Math.exp(LossWeighting.P_MEAN + LossWeighting.P_STD * rng.gaussian());
                    double xi = x[rng.uniformInt(n)];
                    g += edm.sampleGradient(sigma, state, xi, xi + sigma * rng.gaussian());
                }
                state -= step * g / b;
                expected -= step * 2 * (a * expected - bk);
                tau += step;
                if ((++steps & 1023) == 0) progress.checkCancelled();
            }
            outSim[j] = state;
            outGd[j] = expected;
        }
        return new double[][] {outSim, outGd, {steps}};
    }
}
