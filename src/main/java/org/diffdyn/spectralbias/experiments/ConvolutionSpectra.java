package org.diffdyn.spectralbias.experiments;

import static java.lang.Double.NaN;
import static org.diffdyn.spectralbias.ConvolutionTraining.sampleTrained;
import static org.diffdyn.spectralbias.GeneratedVariance.Sampler.HEUN;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.schedule.EdmSchedule;
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
import org.diffdyn.spectralbias.CirculantConvolution;
import org.diffdyn.spectralbias.ConvolutionFilter;
import org.diffdyn.spectralbias.ConvolutionTraining;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.GeneratedVariance;
import org.diffdyn.spectralbias.PatchConvolution;
import org.ejml.data.DMatrixRMaj;

/**
 * Paper A §5 (Props 5.2–5.4): full-width circulant convolution versus local patch convolutions of several sizes.
 * The circulant filter keeps the inverse-variance law over Fourier modes (its clock runs N times faster); a local
 * filter learns in the order of its K×K patch covariance and mixes Fourier modes, flattening the law.
 */
@TypedBuilder
public final class ConvolutionSpectra implements Experiment {
    /** The training signals. */
    public enum Signals {
        STATIONARY,
        NONSTATIONARY,
        FASHION_MNIST_ROWS
    }

    public static final Param<Signals> DATA = Param.choice(
            "data",
            Signals.STATIONARY,
            "signals: stationary Gaussian (power spectrum ~ (1+|k|)^-alpha), non-stationary Gaussian (power-law spectrum in a random basis), "
                    + "or Fashion-MNIST image rows (N = 28, uncentered second moment)");
    public static final Param<Integer> N = Param.integer("n", 32, 4, 512, "signal length N (circular boundary)");
    public static final Param<Double> ALPHA =
            Param.real("alpha", 1.5, 0, 6, "spectral decay exponent of the Gaussian signals");
    public static final Param<double[]> RADII = Param.reals(
            "radii",
            new double[] {1, 2, 4},
            0,
            255,
            false,
            "patch radii r (filter K = 2r+1); the full-width circulant filter is always included");
    public static final Param<Double> Q = SpectralBiasParams.Q;
    public static final Param<Double> LOG10_TAU_FROM = SpectralBiasParams.LOG10_TAU_FROM.withDefault(-6.0);
    public static final Param<Double> LOG10_TAU_TO = SpectralBiasParams.LOG10_TAU_TO.withDefault(2.0);
    public static final Param<Integer> POINTS = SpectralBiasParams.POINTS.withDefault(60);
    public static final Param<EmergenceTimes.Threshold> THRESHOLD = Param.choice(
            "threshold", EmergenceTimes.Threshold.HARMONIC, "emergence threshold (patch figures: harmonic)");
    public static final Param<Integer> SHOW =
            Param.integer("show", 4, 1, 512, "Fourier modes whose trajectories are listed");
    public static final Param<Boolean> SIMULATE =
            Param.flag("simulate", false, "also train the filters by SGD in signal space and sample (use small n)");
    public static final Param<Integer> SAMPLES = Param.integer(
            "samples", 4000, 2, 1_000_000, "training signals (simulation; Fashion-MNIST rows: images x 28)");
    public static final Param<Integer> BATCH = Param.integer("batch", 16, 1, 100_000, "minibatch size (simulation)");
    public static final Param<Double> STABILITY =
            Param.realAbove("stability", 0.05, 0, 0.5, "learning rate x curvature (simulation)");
    public static final Param<Integer> GENERATED =
            Param.integer("generated", 2000, 10, 1_000_000, "generated signals per recorded time (simulation)");
    public static final Param<Integer> RECORD =
            Param.integer("record", 6, 1, 100, "recorded times of the simulation (log grid over the last decades)");
    static final Param<Double> ETA = SpectralBiasParams.ETA;

    public static final Spec SPEC = Spec.of(
            "convolution-spectra",
            Paper.A,
            "Circulant vs patch convolution: generated Fourier spectra and emergence order (Props 5.2-5.4)",
            "Rows of kind 'trajectory': model, k (Fourier mode), s_k (Fourier variance of the drawn signals' second moment), tau, drawn_ode (circulant: Prop. 4.2 with "
                    + "lambda -> s_k, eta -> N eta, QUOTED; patch: closed form DERIVED here, checked against the spec's quadrature recipe), "
                    + "drawn_heun (exact emulation of the 20-step Heun sampler on the gradient-flow filters, no samples), simulation (a run: SGD-trained filter + Heun sampler; "
                    + "optional). Rows of kind 'emergence': tau_star per Fourier mode (exact root finding) and fit (power law per model). "
                    + "Checks: fitted slope per model, max |closed form - quadrature|.",
            ConvolutionSpectraBuilder.declaredParams());

    /** Training signals (rows) for the chosen data model. */
    static DMatrixRMaj signals(Signals kind, int n, double alpha, int count, long seed) {
        if (kind == Signals.FASHION_MNIST_ROWS) {
            ImageDataset ds = ImageDataset.fashionMnist(ImageDataset.Split.TRAIN, Math.max(1, count / 28));
            DMatrixRMaj img = ds.images();
            return new DMatrixRMaj(img.numRows * 28, 28, true, img.data);
        }
        if (kind == Signals.STATIONARY) return CirculantConvolution.stationarySignals(n, alpha, count, new Rng(seed));
        return Covariance.randomlyRotated(Spectrum.powerLaw(n, alpha), seed).sample(count, new Rng(seed + 1));
    }

    @Override
    public void run(Params p, ExperimentResult.Builder b, Progress progress) {
        Signals kind = p.get(DATA);
        int n = kind == Signals.FASHION_MNIST_ROWS ? 28 : p.get(N);
        DMatrixRMaj data = signals(kind, n, p.get(ALPHA), p.get(SAMPLES), p.seed());
        DMatrixRMaj second = DataStats.secondMoment(data);
        double[] s = CirculantConvolution.fourierVariances(second);
        double q = p.get(Q), eta = p.get(ETA), s0 = EdmSchedule.DEFAULT_SIGMA_MIN, sT = EdmSchedule.DEFAULT_SIGMA_MAX;
        double init = GeneratedVariance.initialLog(q, s0, sT);
        double[] taus = SpectralBiasParams.taus(p);
        double[] levels = EdmSchedule.standard().karrasSteps(20, EdmSchedule.DEFAULT_RHO);
        var sgd = new ConvolutionTraining.Sgd(q, p.get(BATCH), p.get(STABILITY), p.seed() + 7);
        List<Integer> radii = new ArrayList<>();
        radii.add(-1);
        for (double r : p.get(RADII)) if ((int) r * 2 + 1 <= n && !radii.contains((int) r)) radii.add((int) r);
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) order[k] = k;
        Arrays.sort(order, (i1, i2) -> Double.compare(s[i2], s[i1]));
        int show = Math.min(p.get(SHOW), n);
        boolean[] listed = new boolean[n];
        for (int i : Grids.evenIndices(n / 2 + 1, show)) listed[order[i]] = true;

        Rows rows = Rows.named(name())
                .text("kind", "model", "curve")
                .integers("k")
                .reals("s_k", "tau", "drawn_ode", "drawn_heun", "simulation", "tau_star", "fit");
        double worstQuad = 0;
        progress.start("convolution models", radii.size());
        int done = 0;
        for (int radius : radii) {
            String label = radius < 0 ? "circulant (K=N=" + n + ")" : "patch K=" + (2 * radius + 1);
            String key = radius < 0 ? "circulant" : "patch-k" + (2 * radius + 1);
            ConvolutionFilter filter =
                    radius < 0 ? new CirculantConvolution.Filter(s) : new PatchConvolution(second, radius);
            if (filter instanceof PatchConvolution pc)
                worstQuad = Math.max(worstQuad, pc.quadratureGap(q, eta, taus[taus.length / 2], s0, sT, 64));
            // emergence per Fourier mode: exact first crossing of the closed form; fit over the increasing modes
            double[] tStar = filter.emergenceTimes(s, q, eta, s0, sT, p.get(THRESHOLD));
            List<double[]> increasing = new ArrayList<>();
            for (int k : order) if (s[k] > Math.exp(init)) increasing.add(new double[] {s[k], tStar[k]});
            EmergenceTimes.PowerLawFit f = SpectralBiasParams.fit(increasing, 1);
            if (f.points() >= 2)
                b.check("slope." + key, "slope tau* ~ s^b, " + label, f.slope())
                        .check("r2." + key, "R^2, " + label, f.rSquared());
            for (int k = 0; k < n; k++)
                rows.row("emergence", label, label, k, s[k], NaN, NaN, NaN, NaN, tStar[k], f.predict(s[k]));
            for (double t : taus) {
                double[] ode = filter.generatedLog(q, eta, t, s0, sT),
                        heun = filter.samplerLog(levels, q, eta, t, HEUN);
                for (int k = 0; k < n; k++)
                    if (listed[k]) trajectory(rows, label, k, s[k], t, Math.exp(ode[k]), Math.exp(heun[k]), NaN);
            }
            if (p.get(SIMULATE)) {
                double hi = p.get(LOG10_TAU_TO), lo = Math.max(p.get(LOG10_TAU_FROM), hi - 4);
                double[] times = Grids.logspace(lo, hi, p.get(RECORD));
                double[] etaTimes = Arrays.stream(times).map(t -> t * eta).toArray();
                var sim = sampleTrained(data, radius, levels, etaTimes, sgd, p.get(GENERATED), progress);
                double worst = 0;
                for (int j = 0; j < times.length; j++) {
                    // drawn_heun: the same sampler on the gradient-flow filters (isolates SGD noise, finite sampling)
                    double[] heun = filter.samplerLog(levels, q, eta, times[j], HEUN), measured = sim.variances()[j];
                    for (int k = 0; k < n; k++) {
                        if (listed[k]) trajectory(rows, label, k, s[k], times[j], NaN, NaN, measured[k]);
                        worst = Math.max(worst, Math.abs(Math.log(measured[k]) - heun[k]));
                    }
                }
                b.check("log-gap.max." + key, "max |ln simulation - ln drawn_heun|, " + label, worst)
                        .check("sgd-steps." + key, "SGD steps, " + label, sim.steps());
            }
            progress.advance(++done);
        }
        progress.finish();
        b.check("gap.quadrature.patch", "max |ln closed form - ln quadrature| (patch)", worstQuad);
        String emergence = "Emergence time of Fourier modes: circulant vs patch sizes (markers exact, lines fit)";
        String variance = "Generated Fourier variance through training (lines: PF-ODE on the drawn signals' spectrum, "
                + "markers with simulate=true: SGD-trained filters run through the Heun sampler)";
        b.table(rows.table())
                .plot(
                        "emergence-times",
                        PlotSpec.of(emergence, "s_k")
                                .markers("tau_star")
                                .lines("fit")
                                .groupBy("model")
                                .logXY()
                                .labels("Fourier-mode variance s_k", "emergence time eta*tau*"))
                .plot(
                        "variance",
                        PlotSpec.of(variance, "tau")
                                .lines("drawn_ode")
                                .markers("simulation")
                                .groupBy("curve")
                                .logXY()
                                .labels("training time eta*tau", "generated variance of Fourier mode k"));
    }

    /** A row of kind 'trajectory' (the values not known are NaN, i.e. missing). */
    private static void trajectory(
            Rows rows, String label, int k, double s, double tau, double ode, double heun, double sim) {
        rows.row("trajectory", label, label + " k=" + k, k, s, tau, ode, heun, sim, NaN, NaN);
    }
}
