package org.diffdyn.spectralbias.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.EdmHeunSampler;
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
import org.diffdyn.spectralbias.ConvolutionTraining;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.GeneratedVariance;
import org.diffdyn.spectralbias.OneLayerDynamics;
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
    public static final Param<Double> Q = SpectralBiasParams.q(0.1);
    public static final Param<Double> LOG10_TAU_FROM = SpectralBiasParams.log10TauFrom(-6);
    public static final Param<Double> LOG10_TAU_TO = SpectralBiasParams.log10TauTo(2);
    public static final Param<Integer> POINTS = SpectralBiasParams.points(60);
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

    static final Spec SPEC = Spec.of(
                    "convolution-spectra",
                    Paper.A,
                    "Circulant vs patch convolution: generated Fourier spectra and emergence order (Props 5.2-5.4)",
                    "Rows of kind 'trajectory': model, k (Fourier mode), s_k (Fourier variance of the drawn signals' second moment), tau, drawn_ode (circulant: Prop. 4.2 with "
                            + "lambda -> s_k, eta -> N eta, QUOTED; patch: closed form DERIVED here, checked against the spec's quadrature recipe), "
                            + "drawn_heun (exact emulation of the 20-step Heun sampler on the gradient-flow filters, no samples), simulation (a run: SGD-trained filter + Heun sampler; "
                            + "optional). Rows of kind 'emergence': tau_star per Fourier mode (exact root finding) and fit (power law per model). "
                            + "Checks: fitted slope per model, max |closed form - quadrature|.",
                    ConvolutionSpectraBuilder.declaredParams())
            .seed(1);

    /** The model's label (table, plot legend) and its check-key segment. */
    static String label(int radius, int n) {
        return radius < 0 ? "circulant (K=N=" + n + ")" : "patch K=" + (2 * radius + 1);
    }

    static String key(int radius) {
        return radius < 0 ? "circulant" : "patch-k" + (2 * radius + 1);
    }

    /** Training signals (rows) for the chosen data model. */
    static DMatrixRMaj signals(Signals kind, int n, double alpha, int count, long seed) {
        if (kind == Signals.FASHION_MNIST_ROWS) {
            ImageDataset ds = ImageDataset.fashionMnist(ImageDataset.Split.TRAIN, Math.max(1, count / 28));
            DMatrixRMaj img = ds.images();
            return new DMatrixRMaj(img.numRows * 28, 28, true, img.data);
        }
        if (kind == Signals.STATIONARY) {
            // circulant covariance with Fourier variances s_k ∝ (1 + |k|)^{-α}, mean 1: Σ_ab = (1/N) Σ_k s_k
            // cos(2πk(a−b)/N)
            double[] s = new double[n];
            for (int k = 0; k < n; k++) s[k] = Math.pow(1 + Math.min(k, n - k), -alpha);
            double mean = Arrays.stream(s).average().orElse(1);
            DMatrixRMaj sigma = new DMatrixRMaj(n, n);
            for (int a = 0; a < n; a++)
                for (int b = 0; b < n; b++) {
                    double v = 0;
                    for (int k = 0; k < n; k++) v += s[k] / mean * Math.cos(2 * Math.PI * k * (a - b) / n);
                    sigma.set(a, b, v / n);
                }
            return Covariance.fromMatrix(sigma).sample(count, new Rng(seed));
        }
        return Covariance.randomlyRotated(Spectrum.powerLaw(n, alpha), seed).sample(count, new Rng(seed + 1));
    }

    @Override
    public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder b = ExperimentResult.builder(this, p);
        Signals kind = p.get(DATA);
        long seed = p.seed();
        int n = kind == Signals.FASHION_MNIST_ROWS ? 28 : p.get(N);
        DMatrixRMaj data = signals(kind, n, p.get(ALPHA), p.get(SAMPLES), seed);
        DMatrixRMaj second = DataStats.secondMoment(data);
        double[] s = CirculantConvolution.fourierVariances(second);
        double q = p.get(Q), eta = p.get(ETA), s0 = EdmSchedule.DEFAULT_SIGMA_MIN, sT = EdmSchedule.DEFAULT_SIGMA_MAX;
        double[] taus = SpectralBiasParams.taus(p);
        EmergenceTimes.Threshold thr = p.get(THRESHOLD);
        double[] levels = EdmSchedule.standard().karrasSteps(20, EdmSchedule.DEFAULT_RHO);

        List<Integer> radii = new ArrayList<>();
        radii.add(-1);
        for (double r : p.get(RADII)) if ((int) r * 2 + 1 <= n && !radii.contains((int) r)) radii.add((int) r);
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) order[k] = k;
        Arrays.sort(order, (i1, i2) -> Double.compare(s[i2], s[i1]));
        int show = Math.min(p.get(SHOW), n);
        boolean[] listed = new boolean[n];
        for (int i = 0; i < show; i++)
            listed[order[show == 1 ? 0 : (int) Math.round((double) i * (n / 2) / (show - 1))]] = true;

        Rows rows = Rows.named(name())
                .text("kind", "model", "curve")
                .integers("k")
                .reals("s_k", "tau", "drawn_ode", "drawn_heun", "simulation", "tau_star", "fit");
        double worstQuad = 0;
        progress.start("convolution models", radii.size());
        int done = 0;
        for (int radius : radii) {
            String label = label(radius, n);
            PatchConvolution pc = radius < 0 ? null : new PatchConvolution(second, radius);
            double[][] logTheory = new double[taus.length][];
            for (int j = 0; j < taus.length; j++) logTheory[j] = theoryLog(pc, s, q, eta, taus[j], s0, sT, n);
            if (pc != null) {
                double[] quad = pc.generatedLogByQuadrature(q, eta, taus[taus.length / 2], s0, sT, 64);
                for (int k = 0; k < n; k++)
                    worstQuad = Math.max(worstQuad, Math.abs(quad[k] - logTheory[taus.length / 2][k]));
            }
            // emergence per Fourier mode: exact first crossing of the closed form
            double[] tStar = new double[n];
            double init = GeneratedVariance.initialLog(q, s0, sT);
            for (int k = 0; k < n; k++) {
                final int kk = k;
                tStar[k] = EmergenceTimes.exact(
                                t -> theoryLog(pc, s, q, eta, t, s0, sT, n)[kk], init, s[k], thr, 1e-10, 1e8)
                        .tau();
            }
            double[] incL = Arrays.stream(order)
                    .filter(k -> s[k] > Math.exp(init))
                    .mapToDouble(k -> s[k])
                    .toArray();
            double[] incT = Arrays.stream(order)
                    .filter(k -> s[k] > Math.exp(init))
                    .mapToDouble(k -> tStar[k])
                    .toArray();
            EmergenceTimes.PowerLawFit f = incL.length >= 2 ? EmergenceTimes.fit(incL, incT) : null;
            if (f != null)
                b.check("slope." + key(radius), "slope tau* ~ s^b, " + label, f.slope())
                        .check("r2." + key(radius), "R^2, " + label, f.rSquared());
            for (int k = 0; k < n; k++)
                rows.columns("kind", "model", "curve", "k", "s_k", "tau_star", "fit")
                        .add("emergence", label, label, k, s[k], tStar[k], f == null ? Double.NaN : f.predict(s[k]));
            for (int j = 0; j < taus.length; j++) {
                double[] th = samplerLogs(pc, s, levels, q, eta, taus[j], n);
                for (int k = 0; k < n; k++)
                    if (listed[k])
                        rows.columns("kind", "model", "curve", "k", "s_k", "tau", "drawn_ode", "drawn_heun")
                                .add(
                                        "trajectory",
                                        label,
                                        label + " k=" + k,
                                        k,
                                        s[k],
                                        taus[j],
                                        Math.exp(logTheory[j][k]),
                                        Math.exp(th[k]));
            }
            if (p.get(SIMULATE))
                simulate(p, data, pc, radius, label, s, levels, listed, q, eta, n, seed, progress, rows, b);
            progress.advance(++done);
        }
        progress.finish();
        b.check("gap.quadrature.patch", "max |ln closed form - ln quadrature| (patch)", worstQuad);
        return b.table(rows.table())
                .plot(
                        "emergence-times",
                        PlotSpec.of(
                                        "Emergence time of Fourier modes: circulant vs patch sizes (markers exact, lines fit)",
                                        "s_k")
                                .markers("tau_star")
                                .lines("fit")
                                .groupBy("model")
                                .logXY()
                                .labels("Fourier-mode variance s_k", "emergence time eta*tau*"))
                .plot(
                        "variance",
                        PlotSpec.of(
                                        "Generated Fourier variance through training (lines: PF-ODE on the drawn signals' spectrum, markers with simulate=true: SGD-trained filters run through the Heun sampler)",
                                        "tau")
                                .lines("drawn_ode")
                                .markers("simulation")
                                .groupBy("curve")
                                .logXY()
                                .labels("training time eta*tau", "generated variance of Fourier mode k"))
                .build();
    }

    /** ln s̃_k(τ) for all k: circulant Prop. 4.2 (λ → s_k, η → Nη) or the patch closed form. */
    static double[] theoryLog(
            PatchConvolution pc, double[] s, double q, double eta, double tau, double s0, double sT, int n) {
        if (pc != null) return pc.generatedLog(q, eta, tau, s0, sT);
        double[] out = new double[n];
        for (int k = 0; k < n; k++) out[k] = CirculantConvolution.generatedLog(s[k], q, eta, n, tau, s0, sT);
        return out;
    }

    static double[] realGains(PatchConvolution pc, double[] s, double sigma, double q, double eta, double tau, int n) {
        if (pc != null) return pc.realGains(sigma, q, eta, tau);
        double[] out = new double[n];
        for (int k = 0; k < n; k++) out[k] = OneLayerDynamics.weight(s[k], sigma, q, n * eta, tau);
        return out;
    }

    /** ln of the generated variance of every Fourier mode from the Heun sampler on the gradient-flow filters at tau. */
    static double[] samplerLogs(
            PatchConvolution pc, double[] s, double[] levels, double q, double eta, double tau, int n) {
        double[][] gains = new double[levels.length - 1][];
        for (int l = 0; l < gains.length; l++) gains[l] = realGains(pc, s, levels[l], q, eta, tau, n);
        double[] out = new double[n], psi = new double[levels.length];
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < gains.length; l++) psi[l] = gains[l][k];
            out[k] = GeneratedVariance.samplerLog(levels, psi, GeneratedVariance.Sampler.HEUN);
        }
        return out;
    }

    private void simulate(
            Params p,
            DMatrixRMaj data,
            PatchConvolution pc,
            int radius,
            String label,
            double[] s,
            double[] levels,
            boolean[] listed,
            double q,
            double eta,
            int n,
            long seed,
            Progress progress,
            Rows rows,
            ExperimentResult.Builder b) {
        double hi = p.get(LOG10_TAU_TO), lo = Math.max(p.get(LOG10_TAU_FROM), hi - 4);
        double[] times = Grids.logspace(lo, hi, p.get(RECORD));
        double[] etaTimes = times.clone();
        for (int j = 0; j < times.length; j++) etaTimes[j] *= eta;
        double[] trained = Arrays.copyOf(levels, levels.length - 1);
        ConvolutionTraining.Result r = ConvolutionTraining.train(
                data, radius, trained, etaTimes, q, p.get(BATCH), p.get(STABILITY), seed + 7, progress);
        int[] offsets = ConvolutionTraining.offsets(radius, n);
        EdmHeunSampler sampler = new EdmHeunSampler(levels, true);
        Rng rng = new Rng(seed + 8);
        double worst = 0;
        for (int j = 0; j < times.length; j++) {
            DMatrixRMaj gen = sampler.sample(
                    ConvolutionTraining.denoiser(trained, r.filters()[j], offsets), p.get(GENERATED), n, rng, progress);
            double[] measured = ConvolutionTraining.fourierVariances(gen);
            // the same 20-step sampler applied to the gradient-flow filters: isolates SGD noise and finite sampling
            double[] th = samplerLogs(pc, s, levels, q, eta, times[j], n);
            for (int k = 0; k < n; k++) {
                if (listed[k])
                    rows.columns("kind", "model", "curve", "k", "s_k", "tau", "simulation")
                            .add("trajectory", label, label + " k=" + k, k, s[k], times[j], measured[k]);
                worst = Math.max(worst, Math.abs(Math.log(measured[k]) - th[k]));
            }
        }
        b.check("log-gap.max." + key(radius), "max |ln simulation - ln drawn_heun|, " + label, worst);
        b.check("sgd-steps." + key(radius), "SGD steps, " + label, r.steps());
    }
}
