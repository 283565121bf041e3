package org.diffdyn.generalization.experiments;

import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.ParamGroup;
import org.diffdyn.generalization.Conventions;

/**
 * The UNSURE schedule, training and loss conventions of linear-diffusion.md §3.1–3.2 that loss-vs-n, loss-vs-time and
 * early-stopping declare (each an option with the spec's default), appended to each spec with
 * {@code LossConventionsSetters.declaredParams()} and read by {@link Support#schedule} and {@link Support#conventions}.
 */
@ParamGroup
final class LossConventions {
    private LossConventions() {}

    static final Param<Integer> STEPS = Param.integer(
            "steps",
            DdpmSchedule.DEFAULT_STEPS,
            2,
            100_000,
            "number of DDPM steps T (UNSURE, default 1000); beta linear from 1e-4 to 1e-2");
    static final Param<DdpmSchedule.Indexing> INDEXING = Param.choice(
            "indexing",
            DdpmSchedule.Indexing.ENDPOINTS,
            "t-indexing of the beta ramp (UNSURE): endpoints = beta_1 = 1e-4 and beta_T = 1e-2; slide-one-based = "
                    + "beta_t = 1e-4 + (1e-2 - 1e-4) t/T");
    static final Param<Conventions.LossAverage> AVERAGE = Param.choice(
            "average",
            Conventions.LossAverage.MEAN_PER_DIMENSION,
            "combination of the per-t losses (UNSURE): mean-per-dimension = (1/(T d)) sum_t, mean = (1/T) sum_t, sum");
    static final Param<Double> Q =
            Param.real("q", 0.0, -10, 10, "isotropic initialisation W_t(0) = q I (UNSURE, default 0)");
    static final Param<Conventions.TrainingLoss> TRAINING_LOSS = Param.choice(
            "training-loss",
            Conventions.TrainingLoss.EPSILON,
            "objective minimised (UNSURE): epsilon = noise prediction, x0 = data prediction (rate eta b_t/a_t per t)");
    static final Param<Conventions.TimeSampling> T_SAMPLING = Param.choice(
            "t-sampling",
            Conventions.TimeSampling.ALL,
            "all = every W_t steps with rate eta (full batch); uniform = one t per step, rate eta/T (UNSURE)");
}
