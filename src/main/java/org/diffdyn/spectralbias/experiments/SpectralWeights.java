package org.diffdyn.spectralbias.experiments;

import java.util.List;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.OneLayerDynamics;
import org.diffdyn.spectralbias.PerModeTraining;
import org.diffdyn.spectralbias.TwoLayerDynamics;
import org.ejml.data.DMatrixRMaj;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Paper A Fig. 2A/D (and 5, 6 weight rows): the per-mode weight u_kᵀW_σu_k at one noise level through training,
 * one-layer (Eq. 7) and symmetric two-layer (Eq. 8), with a per-mode SGD simulation on Gaussian samples.
 */
public final class SpectralWeights implements Experiment {
    public static final Param<double[]> LAMBDAS = Param.reals("lambdas", new double[] {10, 3, 1, 0.3, 0.1, 0.03, 0.01, 0.001},
            0, 1e6, true, "mode variances lambda_k (spec §2.3 trajectory set)");
    public static final Param<Double> SIGMA = Param.realAbove("sigma", 1.0, 0, 100, "noise level sigma of the weights (figures: 1)");
    public static final Param<Double> Q = Param.realAbove("q", 0.1, 0, 2, "aligned initialisation Q_k (two-layer needs Q > 0)");
    public static final Param<Double> ETA = Param.realAbove("eta", 1.0, 0, 100, "gradient-flow learning rate eta");
    public static final Param<Double> TAU_FROM = Param.real("log10-tau-from", -4, -10, 6, "first training time 10^x");
    public static final Param<Double> TAU_TO = Param.real("log10-tau-to", 3, -8, 8, "last training time 10^x");
    public static final Param<Integer> POINTS = Param.integer("points", 100, 2, 100_000, "training times on the log grid");
    public static final Param<Boolean> SIMULATE = Param.flag("simulate", true, "also train by per-mode SGD on Gaussian samples");
    public static final Param<Integer> SAMPLES = Param.integer("samples", 10_000, 10, 10_000_000, "training samples N (simulation)");
    public static final Param<Integer> BATCH = Param.integer("batch", 256, 1, 1_000_000, "minibatch size (fresh noise every step)");
    public static final Param<Integer> SIM_POINTS = Param.integer("sim-points", 25, 2, 1000, "recorded times of the simulation");
    public static final Param<Long> SEED = Param.seed(1);

    @Override public String name() { return "spectral-weights"; }
    @Override public String paper() { return "A"; }
    @Override public String title() { return "Weights u_k^T W_sigma u_k through training, one- and two-layer (Fig. 2A/D)"; }
    @Override public String description() {
        return "Per-mode weight at one noise level: one-layer Eq. 7 (QUOTED) and symmetric two-layer Eq. 8 (QUOTED), "
                + "gradient-flow theory on the population lambda; simulation = per-mode SGD with fresh noise on N Gaussian "
                + "samples (its own empirical variances). Columns: model, lambda, tau (=eta*tau), theory, simulation. "
                + "linear-diffusion.md §2.2.2, §2.2.6.";
    }
    @Override public List<Param<?>> params() {
        return List.of(LAMBDAS, SIGMA, Q, ETA, TAU_FROM, TAU_TO, POINTS, SIMULATE, SAMPLES, BATCH, SIM_POINTS, SEED);
    }

    public static Builder create() { return new Builder(new SpectralWeights()); }
    @Override public Builder builder() { return new Builder(this); }

    public static final class Builder extends ExperimentBuilder<Builder> {
        Builder(SpectralWeights e) { super(e); }
        public Builder lambdas(double... l) { return set(LAMBDAS.name(), l); }
        public Builder sigma(double s) { return set(SIGMA.name(), s); }
        public Builder q(double q) { return set(Q.name(), q); }
        public Builder eta(double eta) { return set(ETA.name(), eta); }
        public Builder tauRange(double log10From, double log10To) { set(TAU_FROM.name(), log10From); return set(TAU_TO.name(), log10To); }
        public Builder points(int n) { return set(POINTS.name(), n); }
        public Builder simulate(boolean on) { return set(SIMULATE.name(), on); }
        public Builder samples(int n) { return set(SAMPLES.name(), n); }
        public Builder batch(int b) { return set(BATCH.name(), b); }
    }

    @Override public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder b = ExperimentResult.builder(name(), p);
        double[] lambdas = p.get(LAMBDAS);
        double sigma = p.get(SIGMA), q = p.get(Q), eta = p.get(ETA);
        double[] taus = EmergenceTimes.logspace(p.get(TAU_FROM), p.get(TAU_TO), p.get(POINTS));
        DoubleColumn lam = DoubleColumn.create("lambda"), tau = DoubleColumn.create("tau"),
                one = DoubleColumn.create("one_layer"), two = DoubleColumn.create("two_layer"),
                oneSim = DoubleColumn.create("one_layer_sim"), twoSim = DoubleColumn.create("two_layer_sim");
        for (double l : lambdas)
            for (double t : taus) {
                lam.append(l); tau.append(t);
                one.append(OneLayerDynamics.weight(l, sigma, q, eta, t));
                two.append(TwoLayerDynamics.weight(l, sigma, q, eta, t));
                oneSim.appendMissing(); twoSim.appendMissing();
            }
        if (p.get(SIMULATE)) {
            // Diagonal Gaussian data: the coordinates are the eigenmodes (the SGD itself never uses that fact per step).
            DMatrixRMaj x = Covariance.diagonal(Spectrum.of(lambdas)).sample(p.get(SAMPLES), new Rng(p.seed()));
            double[] simTaus = EmergenceTimes.logspace(p.get(TAU_FROM), p.get(TAU_TO), p.get(SIM_POINTS));
            double[] etaTaus = simTaus.clone();
            for (int j = 0; j < etaTaus.length; j++) etaTaus[j] *= eta;
            double[] sorted = Spectrum.of(lambdas).values();
            PerModeTraining.Result r1 = PerModeTraining.train(x, new double[] {sigma}, etaTaus,
                    new PerModeTraining.Config(PerModeTraining.Model.ONE_LAYER, q, p.get(BATCH), 1.0, 0.02, p.seed() + 1), progress);
            PerModeTraining.Result r2 = PerModeTraining.train(x, new double[] {sigma}, etaTaus,
                    new PerModeTraining.Config(PerModeTraining.Model.TWO_LAYER, q, p.get(BATCH), 1.0, 0.02, p.seed() + 2), progress);
            double worst1 = 0, worst2 = 0;
            for (int k = 0; k < sorted.length; k++)
                for (int j = 0; j < simTaus.length; j++) {
                    lam.append(sorted[k]); tau.append(simTaus[j]);
                    one.appendMissing(); two.appendMissing();
                    oneSim.append(r1.simulation()[j][0][k]);
                    twoSim.append(r2.simulation()[j][0][k]);
                    worst1 = Math.max(worst1, Math.abs(r1.simulation()[j][0][k] - OneLayerDynamics.weight(sorted[k], sigma, q, eta, simTaus[j])));
                    worst2 = Math.max(worst2, Math.abs(r2.simulation()[j][0][k] - TwoLayerDynamics.weight(sorted[k], sigma, q, eta, simTaus[j])));
                }
            b.check("max |simulation - theory| one-layer", worst1).check("max |simulation - theory| two-layer", worst2);
        }
        Table t = Table.create(name(), lam, tau, one, two, oneSim, twoSim);
        b.plot(PlotSpec.of("One-layer weights at sigma=" + sigma + ", Q=" + q + " (Eq. 7 lines, SGD markers)", "tau")
                .lines("one_layer").markers("one_layer_sim").groupBy("lambda").ordered().logX()
                .labels("training time eta*tau", "weight u_k^T W_sigma u_k"));
        b.plot(PlotSpec.of("Two-layer weights at sigma=" + sigma + ", Q=" + q + " (Eq. 8 lines, SGD markers)", "tau")
                .lines("two_layer").markers("two_layer_sim").groupBy("lambda").ordered().logX()
                .labels("training time eta*tau", "weight u_k^T P P^T u_k"));
        b.check("two-layer weight emergence ln2/(8 eta lambda_max)", TwoLayerDynamics.weightEmergenceTime(Spectrum.of(lambdas).max(), eta));
        return b.table(t).build();
    }
}
