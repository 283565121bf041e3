package org.diffdyn.generalization;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;

/**
 * Every convention of paper B that its available sources leave open (linear-diffusion.md §3.1–3.2, all UNSURE), as
 * one immutable value with the spec's defaults. Paper B's full text was not available: the formulas of this package
 * are DERIVED reconstructions (§3.3), and each choice the reconstruction had to make is a named option here so that a
 * reader can switch it and see what depends on it.
 *
 * @param samplerNoise     σ_t² of the ancestral sampler (default β_t, no noise on the last step)
 * @param klDirection      which KL divergence is reported (default KL(generated ‖ true))
 * @param klPerDimension   report KL/d instead of the total (default: total)
 * @param initialWeight    isotropic initialisation W_t(0) = q I for every t (default q = 0)
 * @param lossAverage      how per-t losses are combined (default: mean over t and per dimension, as the §3.4 tables)
 * @param trainingLoss     which per-t objective GD minimises: ε-prediction (default) or x0-prediction, the latter
 *                         being (b_t/a_t) × the ε objective, i.e. a per-t learning rate η b_t/a_t
 * @param tSampling        whether every step updates every t with rate η (default, full batch) or t is drawn uniformly
 *                         per step as in standard DDPM training, which gives rate η/T in expectation
 */
public record Conventions(
        SamplerNoise samplerNoise,
        KlDirection klDirection,
        boolean klPerDimension,
        double initialWeight,
        LossAverage lossAverage,
        TrainingLoss trainingLoss,
        TimeSampling tSampling) {

    /** σ_t² in u_{t−1} = A_t u_t + σ_t z (§3.3 B4). */
    public enum SamplerNoise {
        /** σ_t² = β_t for t ≥ 2 and σ_1² = 0 (spec default). */
        BETA,
        /** σ_t² = β̃_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t) (the DDPM posterior variance; zero at t = 1). */
        POSTERIOR
    }

    /** The direction of the KL divergence between generated and true Gaussian (F3). */
    public enum KlDirection {
        /** KL(N(0, Σ_gen) ‖ N(0, Σ)) (spec default). */
        GENERATED_TO_TRUE,
        /** KL(N(0, Σ) ‖ N(0, Σ_gen)). */
        TRUE_TO_GENERATED
    }

    /** Normalisation of the loss summed over the T noise levels (§3.2). */
    public enum LossAverage {
        /** (1/(T d)) Σ_t L_t: the §3.4 tables (default). */
        MEAN_PER_DIMENSION,
        /** (1/T) Σ_t L_t. */
        MEAN,
        /** Σ_t L_t: the slide's loss read literally. */
        SUM;

        /** The factor multiplying Σ_t L_t. */
        public double factor(int steps, int d) {
            switch (this) {
                case MEAN_PER_DIMENSION:
                    return 1.0 / ((double) steps * d);
                case MEAN:
                    return 1.0 / steps;
                case SUM:
                    return 1.0;
                default:
                    throw new AssertionError(this);
            }
        }
    }

    /** The per-t objective minimised by gradient descent. */
    public enum TrainingLoss {
        /** ‖ε − ε̂‖² (+ c‖W‖²): the slides' loss (default). */
        EPSILON,
        /** ‖x0 − x̂0‖² with x̂0 = (x_t − √b ε̂)/√a, i.e. (b/a) × the ε objective: same optimum, rate η b/a. */
        X0;

        /** The factor multiplying η at noise level (a, b). */
        public double rateFactor(double a, double b) {
            return this == X0 ? b / a : 1.0;
        }
    }

    /** Whether each GD step updates every noise level (default) or one uniformly drawn t. */
    public enum TimeSampling {
        /** Every W_t takes a full step of size η per training step (default). */
        ALL,
        /** t drawn uniformly per step: the expected per-t rate is η/T. */
        UNIFORM;

        public double rateFactor(int steps) {
            return this == UNIFORM ? 1.0 / steps : 1.0;
        }
    }

    public Conventions {
        if (samplerNoise == null) throw new ParameterException("samplerNoise", null, "BETA or POSTERIOR");
        if (klDirection == null)
            throw new ParameterException("klDirection", null, "GENERATED_TO_TRUE or TRUE_TO_GENERATED");
        if (lossAverage == null) throw new ParameterException("lossAverage", null, "MEAN_PER_DIMENSION, MEAN or SUM");
        if (trainingLoss == null) throw new ParameterException("trainingLoss", null, "EPSILON or X0");
        if (tSampling == null) throw new ParameterException("tSampling", null, "ALL or UNIFORM");
        Check.finite("initialWeight", initialWeight);
    }

    /** The spec's defaults (§3.2): σ_t² = β_t, KL(gen‖true) total, W(0) = 0, mean per dimension, ε-loss, all t. */
    public static Conventions defaults() {
        return new Conventions(
                SamplerNoise.BETA,
                KlDirection.GENERATED_TO_TRUE,
                false,
                0.0,
                LossAverage.MEAN_PER_DIMENSION,
                TrainingLoss.EPSILON,
                TimeSampling.ALL);
    }

    public Conventions withSamplerNoise(SamplerNoise v) {
        return new Conventions(v, klDirection, klPerDimension, initialWeight, lossAverage, trainingLoss, tSampling);
    }

    public Conventions withKlDirection(KlDirection v) {
        return new Conventions(samplerNoise, v, klPerDimension, initialWeight, lossAverage, trainingLoss, tSampling);
    }

    public Conventions withKlPerDimension(boolean v) {
        return new Conventions(samplerNoise, klDirection, v, initialWeight, lossAverage, trainingLoss, tSampling);
    }

    /** Isotropic initialisation W_t(0) = q I (q = 0 is the default zero initialisation). */
    public Conventions withInitialWeight(double q) {
        return new Conventions(samplerNoise, klDirection, klPerDimension, q, lossAverage, trainingLoss, tSampling);
    }

    public Conventions withLossAverage(LossAverage v) {
        return new Conventions(samplerNoise, klDirection, klPerDimension, initialWeight, v, trainingLoss, tSampling);
    }

    public Conventions withTrainingLoss(TrainingLoss v) {
        return new Conventions(samplerNoise, klDirection, klPerDimension, initialWeight, lossAverage, v, tSampling);
    }

    public Conventions withTimeSampling(TimeSampling v) {
        return new Conventions(samplerNoise, klDirection, klPerDimension, initialWeight, lossAverage, trainingLoss, v);
    }
}
