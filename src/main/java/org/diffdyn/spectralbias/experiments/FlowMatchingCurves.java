package org.diffdyn.spectralbias.experiments;

import static java.lang.Double.NaN;
import static org.diffdyn.spectralbias.EmergenceTimes.Threshold.GEOMETRIC;
import static org.diffdyn.spectralbias.experiments.SpectralBiasParams.varianceCurves;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
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
import org.diffdyn.spectralbias.EmergenceTimes.Emergence;
import org.diffdyn.spectralbias.FlowMatching;

/**
 * Paper A Figs 7–8: the flow-matching variant of the one-layer model (linear-diffusion.md §2.2.9, QUOTED from the
 * authors' notebook; verified by quadrature). Weights w_k(t,τ) at several interpolation times t, generated variance
 * λ̃_k(τ) (closed form and quadrature) and the emergence-time law.
 */
@TypedBuilder
public final class FlowMatchingCurves implements Experiment {
    public static final Param<double[]> LAMBDAS = SpectralBiasParams.LAMBDAS;
    public static final Param<double[]> TS = Param.reals(
            "ts", new double[] {0.1, 0.5, 0.9, 0.99}, 0, 1, false, "interpolation times t of the weight panels");
    public static final Param<Double> Q = Param.real("q", 0.1, -2, 2, "aligned initialisation Q (one-layer: any sign)");
    public static final Param<Double> LOG10_TAU_FROM = SpectralBiasParams.LOG10_TAU_FROM;
    public static final Param<Double> LOG10_TAU_TO = SpectralBiasParams.LOG10_TAU_TO.withDefault(4.0);
    public static final Param<Integer> POINTS = SpectralBiasParams.POINTS;
    static final Param<Double> ETA = SpectralBiasParams.ETA;

    public static final Spec SPEC = Spec.of(
            "flow-matching",
            Paper.A,
            "Flow matching: per-mode weights, generated variance and emergence (Figs 7-8)",
            "Linear flow matching x_t = t x1 + (1-t) x0, v = W_t x_t. Rows of kind 'weight': t, lambda, tau, weight (QUOTED). "
                    + "Rows of kind 'variance': lambda, tau, variance (closed form, QUOTED) and variance_quadrature (2*integral of w dt, "
                    + "independent check). Checks: emergence slope (geometric threshold, exact root finding).",
            FlowMatchingCurvesBuilder.declaredParams());

    @Override
    public void run(Params p, ExperimentResult.Builder b, Progress progress) {
        double[] lambdas = p.get(LAMBDAS), ts = p.get(TS), taus = SpectralBiasParams.taus(p);
        double q = p.get(Q), eta = p.get(ETA);
        Rows rows = Rows.named(name())
                .text("kind", "curve")
                .reals("t", "lambda", "tau", "weight", "variance", "variance_quadrature");
        for (double t : ts)
            for (double l : lambdas)
                for (double x : taus) {
                    progress.checkCancelled(); // up to 10^6 times per (t, lambda)
                    String curve = "t=" + t + " lambda=" + l;
                    rows.row("weight", curve, t, l, x, FlowMatching.weight(l, t, q, eta, x), NaN, NaN);
                }
        double worst = 0;
        List<double[]> increasing = new ArrayList<>();
        for (double l : lambdas) {
            for (double x : taus) {
                progress.checkCancelled(); // a 64-node quadrature per point
                double c = FlowMatching.generatedLog(l, q, eta, x);
                double qd = FlowMatching.generatedLogByQuadrature(l, q, eta, x, 64);
                worst = Math.max(worst, Math.abs(c - qd));
                rows.row("variance", "lambda=" + l, NaN, l, x, NaN, Math.exp(c), Math.exp(qd));
            }
            DoubleUnaryOperator log = x -> FlowMatching.generatedLog(l, q, eta, x);
            Emergence e = EmergenceTimes.exact(log, log.applyAsDouble(0), l, GEOMETRIC, 1e-8, 1e8);
            if (e.increasing()) increasing.add(new double[] {l, e.tau()});
        }
        EmergenceTimes.PowerLawFit f = SpectralBiasParams.fit(increasing, 1);
        if (f.points() >= 2)
            b.check("slope.geometric.increase", "emergence slope (geometric, increasing modes)", f.slope())
                    .check("r2.geometric.increase", "emergence R^2", f.rSquared());
        String title = "Flow matching: generated variance (closed form lines, quadrature markers), Q=" + q;
        b.table(rows.table())
                .plot(
                        "variance",
                        varianceCurves(title, "lambda").lines("variance").markers("variance_quadrature"))
                .plot(
                        "weights",
                        PlotSpec.of("Flow matching: weights w_k(t, tau)", "tau")
                                .lines("weight")
                                .groupBy("curve")
                                .logX()
                                .labels("training time eta*tau", "velocity weight w_k(t)"))
                .check("gap.quadrature", "max |ln closed form - ln quadrature|", worst);
    }
}
