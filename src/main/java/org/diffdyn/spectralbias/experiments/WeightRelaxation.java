package org.diffdyn.spectralbias.experiments;

import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
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
import org.diffdyn.spectralbias.FullMatrixTraining;
import org.diffdyn.spectralbias.OneLayerDynamics;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Per-mode relaxation of the one-layer linear denoiser's weights at one noise level (paper A, Eq. 7): the closed
 * form against full-matrix gradient descent in a randomly rotated basis, measured as ψ_k = u_kᵀ W u_k.
 *
 * <p>The simulation trains the whole d×d matrix W on the DSM loss with the noise expectation taken exactly
 * (Gaussian equivalence F1): ∇L = 2[(W − I)Σ̂ + σ²W], with Σ̂ the population Σ (samples = 0) or the second moment of
 * N drawn samples. Nothing in it knows about eigenmodes, so agreement with the per-mode formula is a real check.
 *
 * <p>Typed DSL: {@code new WeightRelaxationBuilder().d(32).sigma(1).q(0.1).run()}.
 */
@TypedBuilder(mixins = WeightRelaxation.SpectrumChoice.class)
public final class WeightRelaxation implements Experiment {
    /** The covariance spectrum of the synthetic data. */
    public enum SpectrumKind {
        LOGNORMAL,
        POWERLAW
    }

    public static final Param<Integer> D = Param.integer("d", 16, 1, 512, "data dimension");
    public static final Param<String> SPECTRUM = DataParams.spectrum(
            "lognormal",
            "covariance spectrum: log-normal (paper A synthetic data) or power law lambda_nu ~ nu^-k, Tr(Sigma)/d = 1; data: and npy: give the top d eigenvalues",
            "lognormal",
            "powerlaw");
    public static final Param<Double> K = Param.real("k", 1.0, 0, 4, "power-law exponent (spectrum=powerlaw)");
    public static final Param<Double> SIGMA =
            Param.realAbove("sigma", 1.0, 0, 100, "noise level sigma of the denoiser");
    public static final Param<Double> Q = Param.real("q", 0.1, -2, 2, "aligned initialisation W(0) = Q I");
    public static final Param<Double> ETA =
            Param.realAbove("eta", 0.01, 0, 10, "gradient-descent step (must be below 1/(sigma^2 + lambda_max))");
    public static final Param<Integer> STEPS = Param.integer("steps", 1000, 1, 10_000_000, "gradient-descent steps");
    public static final Param<Integer> SAMPLES = Param.integer(
            "samples",
            0,
            0,
            1_000_000,
            "training samples N for the empirical covariance (0 = exact population expectation)");
    public static final Param<Integer> RECORD =
            Param.integer("record", 40, 2, 1000, "recorded training times (log-spaced steps)");

    public static final Spec SPEC = Spec.of(
            "weight-relaxation",
            Paper.A,
            "One-layer linear denoiser: per-mode weight relaxation (Eq. 7) vs gradient descent",
            "Trains W_sigma by full-matrix gradient descent on the denoising loss at one noise level and measures "
                    + "psi_k = u_k^T W u_k along the data eigenvectors. Columns: mode, lambda, step, tau = eta*step, "
                    + "theory (gradient flow, Eq. 7), theory_gd (the same with (1-2*eta*m)^n), simulation. "
                    + "linear-diffusion.md section 2.2.2 (QUOTED; discrete-GD form DERIVED).",
            WeightRelaxationBuilder.declaredParams());

    @Override
    public void run(Params p, ExperimentResult.Builder b, Progress progress) {
        int d = p.get(D), steps = p.get(STEPS), samples = p.get(SAMPLES);
        long seed = p.seed();
        String kind = p.get(SPECTRUM);
        Spectrum spectrum = DataParams.isFromData(kind)
                ? DataParams.spectrum(kind, d, 1e-5, progress)
                : kind.equals("powerlaw") ? Spectrum.powerLaw(d, p.get(K)) : Spectrum.logNormal(d, seed);
        Covariance cov = Covariance.randomlyRotated(spectrum, seed + 1);
        double sigma = p.get(SIGMA), q = p.get(Q), eta = p.get(ETA);
        DMatrixRMaj sigmaHat =
                samples == 0 ? cov.matrix() : DataStats.secondMoment(cov.sample(samples, new Rng(seed + 2)));
        // Stability is set by the matrix actually trained on, i.e. the largest eigenvalue of Σ̂.
        OneLayerDynamics.checkStable(eta, Math.max(spectrum.max(), NormOps_DDRM.normP2(sigmaHat)), sigma);
        long[] recordAt = Grids.logSpacedSteps(steps, p.get(RECORD));
        progress.start("gradient descent (" + d + "x" + d + ")", steps);
        double[][] psi =
                FullMatrixTraining.expectedGradientDescent(sigmaHat, cov.basis(), sigma, q, eta, recordAt, progress);
        progress.finish();

        Rows rows =
                Rows.named(name()).integers("mode").reals("lambda", "step", "tau", "theory", "theory_gd", "simulation");
        double maxGdGap = 0, maxFlowGap = 0;
        for (int r = 0; r < recordAt.length; r++)
            for (int k = 0; k < d; k++) {
                long n = recordAt[r];
                double lam = spectrum.get(k), sim = psi[r][k];
                double gf = OneLayerDynamics.weight(lam, sigma, q, eta, n);
                double gd = OneLayerDynamics.weightAfterSteps(lam, sigma, q, eta, n);
                rows.row(k, lam, n, eta * n, gf, gd, sim);
                maxGdGap = Math.max(maxGdGap, Math.abs(sim - gd));
                maxFlowGap = Math.max(maxFlowGap, Math.abs(sim - gf));
            }
        b.table(rows.table())
                .plot(
                        "weights",
                        PlotSpec.of("One-layer weights at sigma=" + sigma + " (Eq. 7): theory lines, GD markers", "tau")
                                .lines("theory")
                                .markers("simulation")
                                .groupBy("mode")
                                .logX()
                                .labels("training time eta*tau", "weight u_k^T W u_k"))
                .check("gap.flow", "max |simulation - theory (flow)|", maxFlowGap);
        if (samples == 0) b.check("gap.gd", "max |simulation - theory (discrete GD)|", maxGdGap);
    }

    /** Typed-builder mixin: a built-in spectrum by its enum constant. */
    public interface SpectrumChoice<B> {
        B spectrum(String spectrum);

        default B spectrum(SpectrumKind kind) {
            return spectrum(Names.kebab(kind));
        }
    }
}
