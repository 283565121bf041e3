package org.diffdyn.spectralbias.experiments;

import static java.lang.Double.NaN;
import static org.diffdyn.spectralbias.EmergenceTimes.Threshold.GEOMETRIC;
import static org.diffdyn.spectralbias.GeneratedVariance.Sampler.HEUN;
import static org.diffdyn.spectralbias.experiments.SpectralBiasParams.varianceCurves;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.PrincipalData;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.EdmHeunSampler;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.experiment.DataParams;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Names;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.EmergenceTimes.Emergence;
import org.diffdyn.spectralbias.GeneratedVariance;
import org.diffdyn.spectralbias.PerModeTraining;
import org.diffdyn.spectralbias.PerModeTraining.EigenData;

/**
 * Theory next to simulation (paper A §4–5 on linear models): linear denoisers actually trained by SGD on a finite
 * data set (Gaussian with a log-normal spectrum, or Fashion-MNIST reduced to its top principal components), sampled
 * with the EDM Heun sampler (20 steps, ρ = 7), and the generated variance measured along the data eigenvectors
 * through training.
 */
@TypedBuilder(mixins = LinearSimulation.DataChoice.class)
public final class LinearSimulation implements Experiment {
    /** The training data. */
    public enum Data {
        GAUSSIAN,
        FASHION_MNIST
    }

    /** Training data: gaussian (log-normal spectrum in a random basis) or any data source (centered, top-d PCA). */
    public static final Param<String> DATA = DataParams.data("gaussian");

    public static final Param<PerModeTraining.Model> MODEL = Param.choice(
            "model",
            PerModeTraining.Model.ONE_LAYER,
            "one-layer W_sigma (Eq. 7), symmetric two-layer P_sigma P_sigma^T (Eq. 8), or one EDM-preconditioned matrix shared by all sigma");
    public static final Param<Integer> D =
            Param.integer("d", 32, 1, 784, "dimension (Fashion-MNIST: principal components kept)");
    public static final Param<Integer> SAMPLES = Param.integer("samples", 10_000, 2, 60_000, "training samples N");
    public static final Param<Double> Q = SpectralBiasParams.Q;
    public static final Param<Double> LOG10_TAU_FROM = SpectralBiasParams.LOG10_TAU_FROM.withDefault(-2.0);
    public static final Param<Double> LOG10_TAU_TO = SpectralBiasParams.LOG10_TAU_TO.withDefault(2.0);
    public static final Param<Integer> RECORD =
            Param.integer("record", 13, 2, 200, "recorded training times (log grid)");
    public static final Param<Integer> BATCH =
            Param.integer("batch", 256, 1, 100_000, "minibatch size; fresh noise every step");
    public static final Param<Double> STABILITY = Param.realAbove(
            "stability",
            0.05,
            0,
            0.5,
            "learning rate = min(1, stability/curvature) per (sigma, mode): a shared rate would have to be < 1/(sigma_max^2 + lambda_max)");
    public static final Param<Integer> GENERATED =
            Param.integer("generated", 4000, 10, 1_000_000, "samples drawn from the sampler at each recorded time");
    public static final Param<Integer> SHOW =
            Param.integer("show", 8, 1, 784, "modes listed in the table (evenly spaced by rank; checks use all)");
    static final Param<Integer> SAMPLER_STEPS = SpectralBiasParams.SAMPLER_STEPS;
    static final Param<Double> SIGMA_MIN = SpectralBiasParams.SIGMA_MIN;
    static final Param<Double> SIGMA_MAX = SpectralBiasParams.SIGMA_MAX;

    public static final Spec SPEC = Spec.of(
            "linear-simulation",
            Paper.A,
            "Simulated generated variance of SGD-trained linear denoisers vs theory (Gaussian or Fashion-MNIST)",
            "Per-sigma linear denoisers (or one EDM-preconditioned matrix) trained by minibatch SGD with fresh noise, mode by mode "
                    + "in the data eigenbasis (O(batch) per step after one eigendecomposition), sampled with the 20-step EDM Heun sampler. "
                    + "Columns: mode (rank), lambda (empirical variance lambda-hat_k), lambda_population (Gaussian data), tau (eta*tau), "
                    + "drawn_ode (continuous PF-ODE: Prop. 4.2 / Prop. 5.1 / shared-EDM quadrature evaluated on the drawn set's lambda-hat; QUOTED/DERIVED), "
                    + "drawn_heun (exact emulation of the Heun sampler applied to the noise-free GD weights on lambda-hat, same steps, no samples; DERIVED), "
                    + "simulation (a run: SGD-trained denoisers, then the Heun sampler; variance of the generated samples along u_k); rows with tau missing hold the emergence times of every mode "
                    + "(tau_star_simulation / _drawn_heun / _drawn_ode, geometric threshold, interpolated on the recorded grid). "
                    + "linear-diffusion.md §2.2.4, §2.2.6, §2.2.10, §2.2.12, §2.4.",
            LinearSimulationBuilder.declaredParams());

    static EigenData data(String kind, int d, int n, long seed) {
        if (kind.equals("gaussian")) return EigenData.logNormalGaussian(d, n, seed);
        DataSource src = DataSource.parse(kind);
        if (!src.options().containsKey("limit")) src = src.with("limit", n);
        return EigenData.of(PrincipalData.of(src.load(Progress.NONE).images(), d));
    }

    @Override
    public void run(Params p, ExperimentResult.Builder b, Progress progress) {
        int d = p.get(D), generated = p.get(GENERATED);
        long seed = p.seed();
        PerModeTraining.Model m = p.get(MODEL);
        EigenData data = data(p.get(DATA), d, p.get(SAMPLES), seed);
        double[] lh = data.lambdaHat(), pop = data.lambdaPopulation();
        double s0 = p.get(SIGMA_MIN), sT = p.get(SIGMA_MAX), q = p.get(Q);
        double[] levels = new EdmSchedule(s0, sT).karrasSteps(p.get(SAMPLER_STEPS), EdmSchedule.DEFAULT_RHO);
        double[] trained = Arrays.copyOf(levels, levels.length - 1);
        double[] times = Grids.logspace(p.get(LOG10_TAU_FROM), p.get(LOG10_TAU_TO), p.get(RECORD));
        var config = new PerModeTraining.Config(m, q, p.get(BATCH), 1.0, p.get(STABILITY), seed + 3);
        PerModeTraining.Result r = PerModeTraining.train(data.coords(), trained, times, config, progress);
        int show = Math.min(p.get(SHOW), d);
        boolean[] listed = new boolean[d];
        for (int k : Grids.evenIndices(d, show)) listed[k] = true;
        Rows rows = Rows.named(name())
                .integers("mode")
                .reals("lambda", "lambda_population", "tau", "drawn_ode", "drawn_heun", "simulation")
                .reals("tau_star_simulation", "tau_star_drawn_heun", "tau_star_drawn_ode");
        double[][] measured = PerModeTraining.generatedVariances(
                r, new EdmHeunSampler(levels, true), trained, generated, new Rng(seed + 4), progress);
        // ln variance per mode and recorded time: simulation, drawn_heun, drawn_ode
        double[][][] curves = new double[3][d][times.length];
        double[] logErr = new double[times.length * d];
        double gap = 0;
        for (int j = 0; j < times.length; j++)
            for (int k = 0; k < d; k++) {
                double heun = r.gdSamplerLog(levels, j, k, HEUN), ode = m.generatedLog(lh[k], q, 1, times[j], s0, sT);
                curves[0][k][j] = Math.log(measured[j][k]);
                curves[1][k][j] = heun;
                curves[2][k][j] = ode;
                logErr[j * d + k] = Math.abs(Math.log(measured[j][k]) - heun);
                gap = Math.max(gap, Math.abs(ode - heun));
                if (listed[k])
                    rows.row(k, lh[k], pop[k], times[j], Math.exp(ode), Math.exp(heun), measured[j][k], NaN, NaN, NaN);
            }
        // Emergence per mode on the recorded grid from each curve's τ = 0 value (sampler: ψ ≡ Q; ODE: Prop. 4.2's
        // limit)
        double startHeun = GeneratedVariance.samplerLog(levels, sigma -> m.initialWeight(sigma, q), HEUN);
        double[] starts = {startHeun, startHeun, m.initialLog(q, s0, sT)};
        List<double[]> inc = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            Emergence[] e = new Emergence[3];
            for (int c = 0; c < 3; c++)
                e[c] = EmergenceTimes.firstCrossingInterpolated(times, curves[c][k], starts[c], lh[k], GEOMETRIC);
            rows.row(k, lh[k], pop[k], NaN, NaN, NaN, NaN, e[0].tau(), e[1].tau(), e[2].tau());
            if (e[0].increasing() && e[1].found() && e[2].found())
                inc.add(new double[] {lh[k], e[0].tau(), e[1].tau(), e[2].tau()});
        }
        if (inc.size() >= 2) {
            double[] slope = new double[3]; // simulation, drawn_heun, drawn_ode
            for (int c = 0; c < 3; c++)
                slope[c] = SpectralBiasParams.fit(inc, c + 1).slope();
            b.check("slope.simulation", "emergence slope, simulation (geometric, increasing modes)", slope[0]);
            b.check("slope.drawn-heun", "emergence slope, drawn_heun (Heun emulation on lambda-hat)", slope[1]);
            b.check("slope.drawn-ode", "emergence slope, drawn_ode (PF-ODE on lambda-hat)", slope[2]);
            b.check("slope.modes", "modes in the emergence fit", inc.size());
        }
        Arrays.sort(logErr);
        double noiseSd = Math.sqrt(2.0 / generated);
        String variance = MODEL.format(m) + " on " + DATA.format(p.get(DATA))
                + ": generated variance along data eigenvectors (lines: PF-ODE on lambda-hat, "
                + "dashes: Heun emulation on lambda-hat, markers: SGD-trained denoisers run through the Heun sampler)";
        String emergence =
                "Emergence time vs variance (geometric threshold): simulation markers, drawn_heun / drawn_ode lines";
        b.table(rows.table())
                .plot(
                        "variance",
                        varianceCurves(variance, "lambda")
                                .lines("drawn_ode")
                                .add("drawn_heun", PlotSpec.Style.LINES_AND_MARKERS, "drawn_heun")
                                .markers("simulation")
                                .labels("training time eta*tau", "generated variance u_k^T Sigma-tilde u_k"))
                .plot(
                        "emergence-times",
                        PlotSpec.of(emergence, "lambda")
                                .markers("tau_star_simulation")
                                .lines("tau_star_drawn_heun", "tau_star_drawn_ode")
                                .logXY()
                                .labels("mode variance lambda-hat_k", "emergence time eta*tau*"))
                .check("log-gap.median", "median |ln(simulation / drawn_heun)|", logErr[logErr.length / 2])
                .check("log-gap.max", "max |ln(simulation / drawn_heun)|", logErr[logErr.length - 1])
                .check("log-gap.noise-sd", "sampling noise sd of ln variance, sqrt(2/generated)", noiseSd)
                .check("gap.sampler-vs-ode", "max |ln drawn_ode - ln drawn_heun| (20-step sampler vs exact ODE)", gap)
                .check("sgd-steps", "SGD steps", r.steps());
    }

    /** Typed-builder mixin: a built-in data set by its enum constant. */
    public interface DataChoice<B> {
        B data(String source);

        default B data(Data data) {
            return data(Names.kebab(data));
        }
    }
}
