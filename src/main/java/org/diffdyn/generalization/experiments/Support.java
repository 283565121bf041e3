package org.diffdyn.generalization.experiments;

import static org.diffdyn.generalization.experiments.LossConventions.INDEXING;
import static org.diffdyn.generalization.experiments.LossConventions.STEPS;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.generalization.Conventions;
import org.diffdyn.plot.PlotSpec;

/**
 * Parameters and helpers shared by the paper-B experiments: the UNSURE conventions of linear-diffusion.md §3.1–3.2 as
 * options (each with the spec's default), the schedule, spectra, and the rows and plots of drawn points (mean ± sd).
 */
public final class Support {
    private Support() {}

    /** Data dimension d; the default differs (paper: 100 for Figs 1-2, 1000 for Figs 3-4), the meaning does not. */
    static final Param<Integer> D = Param.integer("d", 100, 2, 4000, "data dimension");

    static final Param<Conventions.SamplerNoise> SAMPLER = Param.choice(
            "sampler",
            Conventions.SamplerNoise.BETA,
            "sampler noise sigma_t^2 (UNSURE): beta (no noise on the last step) or posterior (beta tilde)");

    /** The training time eta*tau of the denoisers (0 = converged, tau = infinity), described per experiment. */
    static Param<Double> tau(String description) {
        return Param.real("tau", 0, 0, 1e12, description);
    }

    static final Param<Integer> DRAWS =
            Param.integer("draws", 5, 1, 1000, "independent training-set draws per point (mean and sd)");

    /**
     * A training-time range, the same everywhere in the project (paper A's convention): 10^log10-tau-from …
     * 10^log10-tau-to in units of eta*tau, {@code points} log-spaced values; by default §3.4's 71 on [1e-1, 1e6].
     */
    static final Param<Double> LOG10_TAU_FROM =
            Param.real("log10-tau-from", -1, -10, 12, "first training time 10^x (eta*tau)");

    static final Param<Double> LOG10_TAU_TO =
            Param.real("log10-tau-to", 6, -10, 15, "last training time 10^x (eta*tau)");
    static final Param<Integer> POINTS = Param.integer("points", 71, 2, 100_000, "training times on the log grid");

    /** The eta*tau grid 10^log10-tau-from … 10^log10-tau-to ({@code points} values). */
    static double[] etaTaus(Params p) {
        double from = p.get(LOG10_TAU_FROM), to = p.get(LOG10_TAU_TO);
        if (!(to > from)) throw new ParameterException("log10-tau-to", to, "a number > log10-tau-from = " + from);
        return Grids.geometric(Math.pow(10, from), Math.pow(10, to), p.get(POINTS));
    }

    /** The value of a shared option, or its default when this experiment does not declare it. */
    static <V> V opt(Params p, Param<V> param) {
        return p.asText().containsKey(param.key()) ? p.get(param) : param.defaultValue();
    }

    /** Whether every one of the parameters has its default value (numbers compared by value). */
    static boolean atDefaults(Params p, List<Param<?>> params) {
        for (Param<?> param : params) {
            Object v = p.get(param), def = param.defaultValue();
            if (v instanceof Double x ? x != ((Number) def).doubleValue() : !v.equals(def)) return false;
        }
        return true;
    }

    static DdpmSchedule schedule(Params p) {
        return new DdpmSchedule(
                p.get(STEPS), DdpmSchedule.DEFAULT_BETA_MIN, DdpmSchedule.DEFAULT_BETA_MAX, opt(p, INDEXING));
    }

    static Conventions conventions(Params p) {
        return Conventions.defaults()
                .withSamplerNoise(opt(p, SAMPLER))
                .withInitialWeight(opt(p, LossConventions.Q))
                .withTrainingLoss(opt(p, LossConventions.TRAINING_LOSS))
                .withTimeSampling(opt(p, LossConventions.T_SAMPLING))
                .withLossAverage(opt(p, LossConventions.AVERAGE));
    }

    /** {NaN, NaN}: a {mean, sd} pair left missing in a table. */
    static final double[] MISSING = {Double.NaN, Double.NaN};

    /** The values of one table row in column order, each {mean, sd} pair (a double[]) spread over its two columns. */
    static Object[] cells(Object... values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            if (v instanceof double[] pair) for (double x : pair) out.add(x);
            else out.add(v);
        }
        return out.toArray();
    }

    /** A quantity vs N/d: the line theory_q and the points drawn_q ± their sd over the draws (column drawn_q_sd). */
    static PlotSpec theoryAndDrawn(String title, String q) {
        return drawnMarkers(PlotSpec.of(title, "ratio").lines("theory_" + q), "drawn_" + q);
    }

    /** The drawn points as markers ± their sd over the draws (column {@code drawn + "_sd"}). */
    static PlotSpec drawnMarkers(PlotSpec plot, String drawn) {
        return plot.markers(drawn).errors(drawn + "_sd");
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
