package org.diffdyn.spectralbias.experiments;

import static java.lang.Double.NaN;
import static java.lang.Math.exp;
import static org.diffdyn.spectralbias.GeneratedVariance.Sampler.HEUN;
import static org.diffdyn.spectralbias.experiments.SpectralBiasParams.varianceCurves;

import java.util.function.DoubleUnaryOperator;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.spectralbias.GeneratedVariance;
import org.diffdyn.spectralbias.OneLayerDynamics;
import org.diffdyn.spectralbias.TrainingKl;
import org.diffdyn.spectralbias.TwoLayerDynamics;

/**
 * Paper A Fig. 2B/E, 5, 6 (variance rows): the generated variance λ̃_k(τ) of each mode through training, one-layer
 * (Prop. 4.2) and two-layer (Prop. 5.1), each checked against quadrature of the boxed integral and accompanied by
 * what the experiments' 20-step Heun sampler would produce (§2.4 recipe 5), plus the KL through training (§2.2.11).
 */
@TypedBuilder
public final class GeneratedVarianceCurves implements Experiment {
    public static final Param<double[]> LAMBDAS = SpectralBiasParams.LAMBDAS;
    public static final Param<Double> Q = SpectralBiasParams.Q;
    public static final Param<Double> LOG10_TAU_FROM = SpectralBiasParams.LOG10_TAU_FROM;
    public static final Param<Double> LOG10_TAU_TO = SpectralBiasParams.LOG10_TAU_TO;
    public static final Param<Integer> POINTS = SpectralBiasParams.POINTS;
    static final Param<Double> ETA = SpectralBiasParams.ETA;
    static final Param<Double> SIGMA_MIN = SpectralBiasParams.SIGMA_MIN;
    static final Param<Double> SIGMA_MAX = SpectralBiasParams.SIGMA_MAX;
    static final Param<Integer> SAMPLER_STEPS = SpectralBiasParams.SAMPLER_STEPS;

    public static final Spec SPEC = Spec.of(
            "generated-variance",
            Paper.A,
            "Generated variance per mode through training, one- vs two-layer (Fig. 2B/E, 5, 6)",
            "lambda-tilde_k(tau) from the probability-flow ODE with the learned linear denoiser. Columns: lambda, tau, "
                    + "one_layer (Prop. 4.2 Ei closed form, QUOTED), one_layer_quadrature (boxed integral, DERIVED), one_layer_heun_emulated "
                    + "(the variance the discrete 20-step Heun sampler produces, computed exactly: each step is an affine map; no samples drawn; DERIVED), two_layer (Prop. 5.1, QUOTED), two_layer_heun_emulated; rows with lambda "
                    + "missing hold kl_one_layer / kl_two_layer = KL(generated || data) summed over the modes (DERIVED §2.2.11). "
                    + "No randomness: the seed is unused.",
            GeneratedVarianceCurvesBuilder.declaredParams());

    @Override
    public void run(Params p, ExperimentResult.Builder b, Progress progress) {
        double[] lambdas = p.get(LAMBDAS), taus = SpectralBiasParams.taus(p);
        double q = p.get(Q), eta = p.get(ETA), s0 = p.get(SIGMA_MIN), sT = p.get(SIGMA_MAX);
        double[] levels = new EdmSchedule(s0, sT).karrasSteps(p.get(SAMPLER_STEPS), EdmSchedule.DEFAULT_RHO);
        double[][] one = GeneratedVariance.oneLayerLog(lambdas, q, eta, taus, s0, sT);
        double[][] two = TwoLayerDynamics.generatedLog(lambdas, q, eta, taus, s0, sT);
        Rows rows = Rows.named(name())
                .reals("lambda", "tau", "one_layer", "one_layer_quadrature", "one_layer_heun_emulated")
                .reals("two_layer", "two_layer_heun_emulated", "kl_one_layer", "kl_two_layer");
        double worstQuad = 0;
        progress.start("generated variance", lambdas.length);
        for (int k = 0; k < lambdas.length; k++) {
            double l = lambdas[k];
            for (int j = 0; j < taus.length; j++) {
                double t = taus[j];
                DoubleUnaryOperator w1 = s -> OneLayerDynamics.weight(l, s, q, eta, t);
                DoubleUnaryOperator w2 = s -> TwoLayerDynamics.weight(l, s, q, eta, t);
                double qd = GeneratedVariance.logByQuadrature(w1, s0, sT, 64);
                worstQuad = Math.max(worstQuad, Math.abs(qd - one[j][k]));
                double heun1 = GeneratedVariance.samplerLog(levels, w1, HEUN);
                double heun2 = GeneratedVariance.samplerLog(levels, w2, HEUN);
                rows.row(l, t, exp(one[j][k]), exp(qd), exp(heun1), exp(two[j][k]), exp(heun2), NaN, NaN);
            }
            progress.advance(k + 1);
        }
        progress.finish();
        Rows.Adder kl = rows.columns("tau", "kl_one_layer", "kl_two_layer");
        for (int j = 0; j < taus.length; j++)
            kl.add(taus[j], TrainingKl.forward(one[j], lambdas), TrainingKl.forward(two[j], lambdas));
        String oneTitle = "One-layer generated variance, Q=" + q + " (Prop. 4.2 lines, quadrature markers)";
        String twoTitle = "Two-layer generated variance, Q=" + q + " (Prop. 5.1)";
        String heunTitle = "One-layer: exact PF-ODE (lines) vs the " + p.get(SAMPLER_STEPS)
                + "-step Heun sampler, emulated exactly (markers)";
        double init = Math.exp(GeneratedVariance.initialLog(q, s0, sT));
        b.table(rows.table())
                .plot(
                        "one-layer",
                        varianceCurves(oneTitle, "lambda").lines("one_layer").markers("one_layer_quadrature"))
                .plot("two-layer", varianceCurves(twoTitle, "lambda").lines("two_layer"))
                .plot(
                        "one-layer-heun",
                        varianceCurves(heunTitle, "lambda").lines("one_layer").markers("one_layer_heun_emulated"))
                .plot(
                        "kl",
                        PlotSpec.of("KL(generated || data) through training", "tau")
                                .lines("kl_one_layer", "kl_two_layer")
                                .logXY()
                                .labels("training time eta*tau", "KL divergence (nats)"))
                .check("gap.quadrature", "max |ln closed form - ln quadrature|", worstQuad)
                .check("initial-variance", "initial variance (tau=0, every mode)", init);
    }
}
