package org.diffdyn.spectralbias.experiments;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.FlowMatching;

/**
 * Paper A Figs 7–8: the flow-matching variant of the one-layer model (linear-diffusion.md §2.2.9, QUOTED from the
 * authors' notebook; verified by quadrature). Weights w_k(t,τ) at several interpolation times t, generated variance
 * λ̃_k(τ) (closed form and quadrature) and the emergence-time law.
 */
@TypedBuilder
public final class FlowMatchingCurves implements Experiment {
    public static final Param<double[]> LAMBDAS = SpectralBiasParams.lambdas();
    public static final Param<double[]> TS = Param.reals(
            "ts", new double[] {0.1, 0.5, 0.9, 0.99}, 0, 1, false, "interpolation times t of the weight panels");
    public static final Param<Double> Q = Param.real("q", 0.1, -2, 2, "aligned initialisation Q (one-layer: any sign)");
    public static final Param<Double> LOG10_TAU_FROM = SpectralBiasParams.log10TauFrom(-4);
    public static final Param<Double> LOG10_TAU_TO = SpectralBiasParams.log10TauTo(4);
    public static final Param<Integer> POINTS = SpectralBiasParams.points(100);
    static final Param<Double> ETA = SpectralBiasParams.ETA;

    static final Spec SPEC = Spec.of(
                    "flow-matching",
                    Paper.A,
                    "Flow matching: per-mode weights, generated variance and emergence (Figs 7-8)",
                    "Linear flow matching x_t = t x1 + (1-t) x0, v = W_t x_t. Rows of kind 'weight': t, lambda, tau, weight (QUOTED). "
                            + "Rows of kind 'variance': lambda, tau, variance (closed form, QUOTED) and variance_quadrature (2*integral of w dt, "
                            + "independent check). Checks: emergence slope (geometric threshold, exact root finding).",
                    FlowMatchingCurvesBuilder.declaredParams())
            .seed(1);

    @Override
    public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder b = ExperimentResult.builder(this, p);
        double[] lambdas = p.get(LAMBDAS), ts = p.get(TS), taus = SpectralBiasParams.taus(p);
        double q = p.get(Q), eta = p.get(ETA);
        Rows rows = Rows.named(name())
                .text("kind", "curve")
                .reals("t", "lambda", "tau", "weight", "variance", "variance_quadrature");
        for (double t : ts)
            for (double l : lambdas)
                for (double x : taus) {
                    progress.checkCancelled(); // up to 10^6 times per (t, lambda)
                    rows.columns("kind", "curve", "t", "lambda", "tau", "weight")
                            .add("weight", "t=" + t + " lambda=" + l, t, l, x, FlowMatching.weight(l, t, q, eta, x));
                }
        double worst = 0;
        List<double[]> increasing = new ArrayList<>();
        for (double l : lambdas) {
            for (double x : taus) {
                progress.checkCancelled(); // a 64-node quadrature per point
                double c = FlowMatching.generatedLog(l, q, eta, x),
                        qd = FlowMatching.generatedLogByQuadrature(l, q, eta, x, 64);
                worst = Math.max(worst, Math.abs(c - qd));
                rows.columns("kind", "curve", "lambda", "tau", "variance", "variance_quadrature")
                        .add("variance", "lambda=" + l, l, x, Math.exp(c), Math.exp(qd));
            }
            double init = FlowMatching.generatedLog(l, q, eta, 0);
            EmergenceTimes.Emergence e = EmergenceTimes.exact(
                    x -> FlowMatching.generatedLog(l, q, eta, x),
                    init,
                    l,
                    EmergenceTimes.Threshold.GEOMETRIC,
                    1e-8,
                    1e8);
            if (e.found() && e.direction() == EmergenceTimes.Direction.INCREASE)
                increasing.add(new double[] {l, e.tau()});
        }
        EmergenceTimes.PowerLawFit f = SpectralBiasParams.fit(increasing);
        if (f != null)
            b.check("slope.geometric.increase", "emergence slope (geometric, increasing modes)", f.slope())
                    .check("r2.geometric.increase", "emergence R^2", f.rSquared());
        return b.table(rows.table())
                .plot(
                        "variance",
                        PlotSpec.of(
                                        "Flow matching: generated variance (closed form lines, quadrature markers), Q="
                                                + q,
                                        "tau")
                                .lines("variance")
                                .markers("variance_quadrature")
                                .groupBy("lambda")
                                .ordered()
                                .logXY()
                                .labels("training time eta*tau", "generated variance lambda-tilde_k"))
                .plot(
                        "weights",
                        PlotSpec.of("Flow matching: weights w_k(t, tau)", "tau")
                                .lines("weight")
                                .groupBy("curve")
                                .logX()
                                .labels("training time eta*tau", "velocity weight w_k(t)"))
                .check("gap.quadrature", "max |ln closed form - ln quadrature|", worst)
                .build();
    }
}
