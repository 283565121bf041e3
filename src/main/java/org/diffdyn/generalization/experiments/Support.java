package org.diffdyn.generalization.experiments;

import java.util.Locale;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.generalization.Conventions;

/**
 * Parameters and helpers shared by the paper-B experiments: the UNSURE conventions of linear-diffusion.md §3.1–3.2 as
 * options (each with the spec's default), the schedule, spectra, per-draw seeds and mean ± sd.
 */
final class Support {
    private Support() {}

    static final Param<Integer> T = Param.integer("T", DdpmSchedule.DEFAULT_STEPS, 2, 100_000,
            "number of DDPM steps (UNSURE, default 1000); beta linear from 1e-4 to 1e-2");
    static final Param<String> INDEXING = Param.choice("indexing", "endpoints",
            "t-indexing of the beta ramp (UNSURE): endpoints = beta_1 = 1e-4 and beta_T = 1e-2; slide = beta_t = 1e-4 + (1e-2 - 1e-4) t/T",
            "endpoints", "slide");
    static final Param<String> SAMPLER = Param.choice("sampler", "beta",
            "sampler noise sigma_t^2 (UNSURE): beta (no noise on the last step) or posterior (beta tilde)", "beta", "posterior");
    static final Param<String> KL_DIRECTION = Param.choice("direction", "gen-true",
            "KL direction (UNSURE): gen-true = KL(generated || true), true-gen = KL(true || generated)", "gen-true", "true-gen");
    static final Param<Boolean> PER_DIM = Param.flag("perDimension", false,
            "report KL/d instead of the total KL (UNSURE which one the paper plots; d/(4N) is the per-dimension law)");
    static final Param<Double> INIT = Param.real("q", 0.0, -10, 10,
            "isotropic initialisation W_t(0) = q I (UNSURE, default 0)");
    static final Param<String> LOSS_AVERAGE = Param.choice("average", "mean-per-dim",
            "combination of the per-t losses (UNSURE): mean-per-dim = (1/(T d)) sum_t, mean = (1/T) sum_t, sum", "mean-per-dim", "mean", "sum");
    static final Param<String> TRAINING_LOSS = Param.choice("trainingLoss", "eps",
            "objective minimised (UNSURE): eps = noise prediction, x0 = data prediction (rate eta b_t/a_t per t)", "eps", "x0");
    static final Param<String> T_SAMPLING = Param.choice("tSampling", "all",
            "all = every W_t steps with rate eta (full batch); uniform = one t per step, rate eta/T (UNSURE)", "all", "uniform");
    static final Param<Integer> DRAWS = Param.integer("draws", 5, 1, 1000, "independent training-set draws (mean and sd)");
    static final Param<Integer> D = Param.integer("d", 100, 2, 4000, "data dimension");

    /** The value of a shared option, or its default when this experiment does not declare it. */
    static <V> V opt(Params p, Param<V> param) {
        return p.asText().containsKey(param.name()) ? p.get(param) : param.defaultValue();
    }

    static DdpmSchedule schedule(Params p) {
        return new DdpmSchedule(p.get(T), DdpmSchedule.DEFAULT_BETA_MIN, DdpmSchedule.DEFAULT_BETA_MAX,
                opt(p, INDEXING).equals("slide") ? DdpmSchedule.Indexing.SLIDE_ONE_BASED : DdpmSchedule.Indexing.ENDPOINTS);
    }

    static Conventions conventions(Params p) {
        Conventions c = Conventions.defaults()
                .withSamplerNoise(opt(p, SAMPLER).equals("posterior") ? Conventions.SamplerNoise.POSTERIOR : Conventions.SamplerNoise.BETA)
                .withInitialWeight(opt(p, INIT))
                .withTrainingLoss(opt(p, TRAINING_LOSS).equals("x0") ? Conventions.TrainingLoss.X0 : Conventions.TrainingLoss.EPSILON)
                .withTimeSampling(opt(p, T_SAMPLING).equals("uniform") ? Conventions.TimeSampling.UNIFORM : Conventions.TimeSampling.ALL);
        String avg = opt(p, LOSS_AVERAGE);
        c = c.withLossAverage(avg.equals("sum") ? Conventions.LossAverage.SUM
                : avg.equals("mean") ? Conventions.LossAverage.MEAN : Conventions.LossAverage.MEAN_PER_DIMENSION);
        return c;
    }

    static Conventions klConventions(Params p, Conventions base) {
        return base.withKlDirection(opt(p, KL_DIRECTION).equals("true-gen") ? Conventions.KlDirection.TRUE_TO_GENERATED
                : Conventions.KlDirection.GENERATED_TO_TRUE).withKlPerDimension(opt(p, PER_DIM));
    }

    /** Power law λ_ν ∝ ν^{-k} with Tr Σ/d = 1 (k = 0 is the isotropic Gaussian N(0, I)). */
    static Spectrum powerLaw(int d, double k) {
        return Spectrum.powerLaw(d, k);
    }

    /** An independent, order-free stream for one (N, draw) cell: the same data for every k and c (common random numbers). */
    static Rng drawRng(long seed, int n, int draw) {
        long mixed = seed * 0x9E3779B97F4A7C15L + n * 0xBF58476D1CE4E5B9L + draw * 0x94D049BB133111EBL;
        return new Rng(mixed);
    }

    /** {mean, sample standard deviation (0 for one value)}. */
    static double[] meanSd(double[] v) {
        double m = 0;
        for (double x : v) m += x;
        m /= v.length;
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return new double[] {m, v.length > 1 ? Math.sqrt(s / (v.length - 1)) : 0};
    }

    static String label(double k, double c) {
        return String.format(Locale.ROOT, "k=%s, c=%s", num(k), num(c));
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** N = round(ratio d), at least 1. */
    static int samples(double ratio, int d) {
        return Math.max(1, (int) Math.round(ratio * d));
    }
}
