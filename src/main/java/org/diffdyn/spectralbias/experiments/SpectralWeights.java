package org.diffdyn.spectralbias.experiments;

import static java.lang.Double.NaN;
import static org.diffdyn.spectralbias.PerModeTraining.Model.ONE_LAYER;
import static org.diffdyn.spectralbias.PerModeTraining.Model.TWO_LAYER;

import java.util.Arrays;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.spectralbias.OneLayerDynamics;
import org.diffdyn.spectralbias.PerModeTraining;
import org.diffdyn.spectralbias.TwoLayerDynamics;
import org.ejml.data.DMatrixRMaj;

/**
 * Paper A Fig. 2A/D (and 5, 6 weight rows): the per-mode weight u_kᵀW_σu_k at one noise level through training,
 * one-layer (Eq. 7) and symmetric two-layer (Eq. 8), with a per-mode SGD simulation on Gaussian samples.
 */
@TypedBuilder
public final class SpectralWeights implements Experiment {
    public static final Param<double[]> LAMBDAS = SpectralBiasParams.LAMBDAS;
    public static final Param<Double> SIGMA =
            Param.realAbove("sigma", 1.0, 0, 100, "noise level sigma of the weights (figures: 1)");
    public static final Param<Double> Q = SpectralBiasParams.Q;
    public static final Param<Double> LOG10_TAU_FROM = SpectralBiasParams.LOG10_TAU_FROM;
    public static final Param<Double> LOG10_TAU_TO = SpectralBiasParams.LOG10_TAU_TO;
    public static final Param<Integer> POINTS = SpectralBiasParams.POINTS;
    public static final Param<Boolean> SIMULATE =
            Param.flag("simulate", true, "also train by per-mode SGD on Gaussian samples");
    public static final Param<Integer> SAMPLES =
            Param.integer("samples", 10_000, 10, 10_000_000, "training samples N (simulation)");
    public static final Param<Integer> BATCH =
            Param.integer("batch", 256, 1, 1_000_000, "minibatch size (fresh noise every step)");
    public static final Param<Integer> SIM_POINTS =
            Param.integer("sim-points", 25, 2, 1000, "recorded times of the simulation");
    static final Param<Double> ETA = SpectralBiasParams.ETA;

    public static final Spec SPEC = Spec.of(
            "spectral-weights",
            Paper.A,
            "Weights u_k^T W_sigma u_k through training, one- and two-layer (Fig. 2A/D)",
            "Per-mode weight at one noise level: one-layer Eq. 7 (QUOTED) and symmetric two-layer Eq. 8 (QUOTED), "
                    + "gradient-flow theory on the population lambda; simulation = per-mode SGD with fresh noise on N Gaussian "
                    + "samples (its own empirical variances). Columns: lambda, tau (=eta*tau), one_layer, two_layer, "
                    + "one_layer_sim, two_layer_sim. linear-diffusion.md §2.2.2, §2.2.6.",
            SpectralWeightsBuilder.declaredParams());

    @Override
    public void run(Params p, ExperimentResult.Builder b, Progress progress) {
        double[] lambdas = p.get(LAMBDAS), taus = SpectralBiasParams.taus(p);
        double sigma = p.get(SIGMA), q = p.get(Q), eta = p.get(ETA);
        Rows rows =
                Rows.named(name()).reals("lambda", "tau", "one_layer", "two_layer", "one_layer_sim", "two_layer_sim");
        for (double l : lambdas)
            for (double t : taus) {
                progress.checkCancelled(); // up to 10^6 times per lambda
                double w1 = OneLayerDynamics.weight(l, sigma, q, eta, t),
                        w2 = TwoLayerDynamics.weight(l, sigma, q, eta, t);
                rows.row(l, t, w1, w2, NaN, NaN);
            }
        if (p.get(SIMULATE)) {
            // Diagonal Gaussian data: coordinates = eigenmodes (the SGD itself never uses that fact per step).
            DMatrixRMaj x =
                    Covariance.diagonal(Spectrum.of(lambdas)).sample(p.get(SAMPLES), new Rng(p.seed()), progress);
            double[] simTaus = Grids.logspace(p.get(LOG10_TAU_FROM), p.get(LOG10_TAU_TO), p.get(SIM_POINTS));
            double[] etaTaus = Arrays.stream(simTaus).map(t -> t * eta).toArray();
            double[] sorted = Spectrum.of(lambdas).values(), levels = {sigma};
            var one = new PerModeTraining.Config(ONE_LAYER, q, p.get(BATCH), 1.0, 0.02, p.seed() + 1);
            var two = new PerModeTraining.Config(TWO_LAYER, q, p.get(BATCH), 1.0, 0.02, p.seed() + 2);
            PerModeTraining.Result r1 = PerModeTraining.train(x, levels, etaTaus, one, progress);
            PerModeTraining.Result r2 = PerModeTraining.train(x, levels, etaTaus, two, progress);
            double worst1 = 0, worst2 = 0;
            Rows.Adder sim = rows.columns("lambda", "tau", "one_layer_sim", "two_layer_sim");
            for (int k = 0; k < sorted.length; k++)
                for (int j = 0; j < simTaus.length; j++) {
                    progress.checkCancelled();
                    double l = sorted[k], t = simTaus[j], s1 = r1.simulation()[j][0][k], s2 = r2.simulation()[j][0][k];
                    sim.add(l, t, s1, s2);
                    worst1 = Math.max(worst1, Math.abs(s1 - OneLayerDynamics.weight(l, sigma, q, eta, t)));
                    worst2 = Math.max(worst2, Math.abs(s2 - TwoLayerDynamics.weight(l, sigma, q, eta, t)));
                }
            b.check("gap.one-layer", "max |simulation - theory| one-layer", worst1)
                    .check("gap.two-layer", "max |simulation - theory| two-layer", worst2);
        }
        String at = " weights at sigma=" + sigma + ", Q=" + q;
        double emergence =
                TwoLayerDynamics.weightEmergenceTime(Spectrum.of(lambdas).max(), eta);
        b.table(rows.table())
                .plot("one-layer", weights("One-layer", at, "Eq. 7", "one_layer", "u_k^T W_sigma u_k"))
                .plot("two-layer", weights("Two-layer", at, "Eq. 8", "two_layer", "u_k^T P P^T u_k"))
                .check("weight-emergence.two-layer", "two-layer weight emergence ln2/(8 eta lambda_max)", emergence);
    }

    /** Theory lines ({@code equation}) and SGD markers of one model's weights, one ordered colour per λ. */
    private static PlotSpec weights(String model, String at, String equation, String column, String weight) {
        return PlotSpec.of(model + at + " (" + equation + " lines, SGD markers)", "tau")
                .lines(column)
                .markers(column + "_sim")
                .groupBy("lambda")
                .ordered()
                .logX()
                .labels("training time eta*tau", "weight " + weight);
    }
}
