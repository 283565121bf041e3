package org.diffdyn.data.experiments;

import java.util.Arrays;
import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.experiment.DataParams;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.imbalance.ClassOrder;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.spectralbias.EmergenceTimes;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Paper A's prediction for a data set: the emergence time τ*_k of every principal component k of the data's
 * covariance under the linear denoiser's gradient flow (one-layer Prop. 4.2 or symmetric two-layer Prop. 5.1,
 * linear-diffusion.md §2.2.5; exact first crossing by {@link EmergenceTimes}), the order in which the components
 * emerge and the fitted law τ* ∝ λ^b (QUOTED law: b ≈ −1).
 *
 * <p>Typed DSL: {@code dataEmergence().data("npy:/tmp/x.npy").components(20).run()}.
 */
@TypedBuilder(mixins = DataParams.Source.class)
public final class DataEmergence implements Experiment {
    /** The linear denoiser whose gradient flow is solved. */
    public enum Model {
        ONE_LAYER,
        TWO_LAYER
    }

    public static final Param<String> DATA = DataParams.DATA;
    public static final Param<Integer> COMPONENTS = Param.integer(
            "components",
            50,
            1,
            100_000,
            "leading principal components predicted (capped at the positive eigenvalues)");
    public static final Param<Model> MODEL =
            Param.choice("model", Model.ONE_LAYER, "one-layer W_sigma (Prop. 4.2) or symmetric two-layer (Prop. 5.1)");
    public static final Param<EmergenceTimes.Threshold> THRESHOLD = Param.choice(
            "threshold",
            EmergenceTimes.Threshold.GEOMETRIC,
            "emergence threshold between start and target variance: geometric sqrt(l0 l) (main text) or harmonic (Fig. 6A)");
    public static final Param<Double> Q = Param.realAbove("q", 0.1, 0, 2, "aligned initialisation Q");
    public static final Param<Double> ETA =
            Param.realAbove("eta", 1.0, 0, 100, "gradient-flow learning rate eta (times are eta*tau)");
    public static final Param<Double> SIGMA_MIN =
            Param.realAbove("sigma-min", EdmSchedule.DEFAULT_SIGMA_MIN, 0, 10, "sigma_0 of the sampler");
    public static final Param<Double> SIGMA_MAX =
            Param.realAbove("sigma-max", EdmSchedule.DEFAULT_SIGMA_MAX, 0, 1e4, "sigma_T of the sampler");

    public static final Spec SPEC = Spec.of(
            "data-emergence",
            Paper.A,
            "Predicted emergence order and times of a data set's principal components",
            "Covariance spectrum of the data source (lambda_k, 1/n, pixels as read), then paper A's exact emergence time tau*_k of each "
                    + "of the leading components for the chosen linear model, threshold, Q, eta and sampler range. Columns: component "
                    + "(rank k), lambda, tau_star (NaN when no crossing in [1e-8, 1e8]/eta), branch (increase/decrease), order (1 = emerges "
                    + "first). Checks: the fitted slope b of tau* ~ lambda^b (law: b = -1), the first and last emergence times.",
            DataEmergenceBuilder
                    .declaredParams()); // framework-owned; these predictions use no randomness, so it only labels the
    // table

    /** Emergence of each variance under the chosen model (one call per mode into {@link EmergenceTimes}). */
    public static EmergenceTimes.Emergence[] predict(
            double[] lambdas,
            Model model,
            EmergenceTimes.Threshold thr,
            double q,
            double eta,
            double s0,
            double sT,
            Progress progress) {
        EmergenceTimes.Emergence[] out = new EmergenceTimes.Emergence[lambdas.length];
        progress.start("emergence times", lambdas.length);
        for (int k = 0; k < lambdas.length; k++) {
            out[k] = model == Model.ONE_LAYER
                    ? EmergenceTimes.oneLayer(lambdas[k], q, eta, thr, s0, sT)
                    : EmergenceTimes.twoLayer(lambdas[k], q, eta, thr, s0, sT);
            progress.advance(k + 1);
        }
        progress.finish();
        return out;
    }

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        DataSource source = DataParams.source(p, DATA);
        ImageDataset x = source.load(progress);
        double[] eig = DataStats.covarianceSpectrum(x, progress);
        // Numerically zero modes (constant pixels) have no emergence: keep eigenvalues above 1e-12 of the largest.
        int positive = 0;
        while (positive < eig.length && eig[positive] > 1e-12 * eig[0]) positive++;
        int k = Math.min(p.get(COMPONENTS), positive);
        double[] lambdas = Arrays.copyOf(eig, k);
        EmergenceTimes.Emergence[] em = predict(
                lambdas,
                p.get(MODEL),
                p.get(THRESHOLD),
                p.get(Q),
                p.get(ETA),
                p.get(SIGMA_MIN),
                p.get(SIGMA_MAX),
                progress);
        double[] taus = new double[k];
        for (int i = 0; i < k; i++) taus[i] = em[i].found() ? em[i].tau() : Double.POSITIVE_INFINITY;
        int[] order = ClassOrder.ranks(taus, true);
        IntColumn comp = IntColumn.create("component"), ord = IntColumn.create("order");
        DoubleColumn lam = DoubleColumn.create("lambda"), tau = DoubleColumn.create("tau_star");
        StringColumn branch = StringColumn.create("branch");
        for (int i = 0; i < k; i++) {
            comp.append(i + 1);
            lam.append(lambdas[i]);
            tau.append(em[i].found() ? em[i].tau() : Double.NaN);
            branch.append(em[i].direction().name().toLowerCase(java.util.Locale.ROOT));
            ord.append(order[i]);
        }
        Table t = Table.create("data-emergence", comp, lam, tau, branch, ord);
        result.table(t)
                .plot(
                        "emergence",
                        PlotSpec.of(
                                        "Predicted emergence time per principal component of " + source.label() + " ("
                                                + org.diffdyn.experiment.Names.kebab(p.get(MODEL)) + ", Q=" + p.get(Q)
                                                + ")",
                                        "lambda")
                                .markers("tau_star")
                                .logXY()
                                .labels("component variance lambda_k", "emergence time eta*tau*"))
                .plot(
                        "order",
                        PlotSpec.of("Emergence time by component rank", "component")
                                .markers("tau_star")
                                .logY()
                                .labels("principal component k", "eta*tau*"));
        // Fit each branch with at least two crossings; report the larger one.
        double[] inc = filter(lambdas, em, EmergenceTimes.Direction.INCREASE),
                incTau = filterTau(em, EmergenceTimes.Direction.INCREASE);
        double[] dec = filter(lambdas, em, EmergenceTimes.Direction.DECREASE),
                decTau = filterTau(em, EmergenceTimes.Direction.DECREASE);
        if (inc.length >= 2) {
            EmergenceTimes.PowerLawFit f = EmergenceTimes.fit(inc, incTau);
            result.check("slope.increase", "fitted b in tau* ~ lambda^b, increase branch (law: -1)", f.slope())
                    .check("r2.increase", "R^2 of that fit", f.rSquared());
        }
        if (dec.length >= 2) {
            EmergenceTimes.PowerLawFit f = EmergenceTimes.fit(dec, decTau);
            result.check("slope.decrease", "fitted b in tau* ~ lambda^b, decrease branch", f.slope());
        }
        double first = Arrays.stream(taus).min().orElse(Double.NaN),
                last = Arrays.stream(taus).filter(Double::isFinite).max().orElse(Double.NaN);
        result.check("components", "components predicted", k)
                .check("tau.first", "earliest emergence time", first)
                .check("tau.last", "latest finite emergence time", last)
                .check("lambda.top", "largest component variance", lambdas.length > 0 ? lambdas[0] : Double.NaN);
    }

    private static double[] filter(double[] l, EmergenceTimes.Emergence[] em, EmergenceTimes.Direction d) {
        return java.util.stream.IntStream.range(0, l.length)
                .filter(i -> em[i].found() && em[i].direction() == d)
                .mapToDouble(i -> l[i])
                .toArray();
    }

    private static double[] filterTau(EmergenceTimes.Emergence[] em, EmergenceTimes.Direction d) {
        return Arrays.stream(em)
                .filter(e -> e.found() && e.direction() == d)
                .mapToDouble(EmergenceTimes.Emergence::tau)
                .toArray();
    }
}
