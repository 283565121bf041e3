package org.diffdyn.spectralbias.experiments;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.FlowMatching;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Paper A Figs 7–8: the flow-matching variant of the one-layer model (linear-diffusion.md §2.2.9, QUOTED from the
 * authors' notebook; verified by quadrature). Weights w_k(t,τ) at several interpolation times t, generated variance
 * λ̃_k(τ) (closed form and quadrature) and the emergence-time law.
 */
public final class FlowMatchingCurves implements Experiment {
    public static final Param<double[]> LAMBDAS = Param.reals("lambdas", new double[] {10, 3, 1, 0.3, 0.1, 0.03, 0.01, 0.001},
            0, 1e6, true, "mode variances lambda_k");
    public static final Param<double[]> TS = Param.reals("ts", new double[] {0.1, 0.5, 0.9, 0.99}, 0, 1, false, "interpolation times t of the weight panels");
    public static final Param<Double> Q = Param.real("q", 0.1, -2, 2, "aligned initialisation Q");
    public static final Param<Double> ETA = Param.realAbove("eta", 1.0, 0, 100, "gradient-flow learning rate eta");
    public static final Param<Double> TAU_FROM = Param.real("log10-tau-from", -4, -10, 6, "first training time 10^x");
    public static final Param<Double> TAU_TO = Param.real("log10-tau-to", 4, -8, 8, "last training time 10^x");
    public static final Param<Integer> POINTS = Param.integer("points", 100, 2, 100_000, "training times on the log grid");
    public static final Param<Long> SEED = Param.seed(1);

    @Override public String name() { return "flow-matching"; }
    @Override public String paper() { return "A"; }
    @Override public String title() { return "Flow matching: per-mode weights, generated variance and emergence (Figs 7-8)"; }
    @Override public String description() {
        return "Linear flow matching x_t = t x1 + (1-t) x0, v = W_t x_t. Rows of kind 'weight': t, lambda, tau, weight (QUOTED). "
                + "Rows of kind 'variance': lambda, tau, variance (closed form, QUOTED) and variance_quadrature (2*integral of w dt, "
                + "independent check). Checks: emergence slope (geometric threshold, exact root finding).";
    }
    @Override public List<Param<?>> params() { return List.of(LAMBDAS, TS, Q, ETA, TAU_FROM, TAU_TO, POINTS, SEED); }

    public static Builder create() { return new Builder(new FlowMatchingCurves()); }
    @Override public Builder builder() { return new Builder(this); }

    public static final class Builder extends ExperimentBuilder<Builder> {
        Builder(FlowMatchingCurves e) { super(e); }
        public Builder lambdas(double... l) { return set(LAMBDAS.name(), l); }
        public Builder ts(double... t) { return set(TS.name(), t); }
        public Builder q(double q) { return set(Q.name(), q); }
        public Builder eta(double eta) { return set(ETA.name(), eta); }
        public Builder tauRange(double log10From, double log10To) { set(TAU_FROM.name(), log10From); return set(TAU_TO.name(), log10To); }
        public Builder points(int n) { return set(POINTS.name(), n); }
    }

    @Override public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder b = ExperimentResult.builder(name(), p);
        double[] lambdas = p.get(LAMBDAS), ts = p.get(TS);
        double q = p.get(Q), eta = p.get(ETA);
        double[] taus = EmergenceTimes.logspace(p.get(TAU_FROM), p.get(TAU_TO), p.get(POINTS));
        StringColumn kind = StringColumn.create("kind"), curve = StringColumn.create("curve");
        DoubleColumn tCol = DoubleColumn.create("t"), lam = DoubleColumn.create("lambda"), tau = DoubleColumn.create("tau"),
                weight = DoubleColumn.create("weight"), variance = DoubleColumn.create("variance"), quad = DoubleColumn.create("variance_quadrature");
        for (double t : ts)
            for (double l : lambdas)
                for (double x : taus) {
                    kind.append("weight"); curve.append("t=" + t + " lambda=" + l); tCol.append(t); lam.append(l); tau.append(x);
                    weight.append(FlowMatching.weight(l, t, q, eta, x)); variance.appendMissing(); quad.appendMissing();
                }
        double worst = 0;
        List<Double> el = new ArrayList<>(), et = new ArrayList<>();
        for (double l : lambdas) {
            for (double x : taus) {
                double c = FlowMatching.generatedLog(l, q, eta, x), qd = FlowMatching.generatedLogByQuadrature(l, q, eta, x, 64);
                worst = Math.max(worst, Math.abs(c - qd));
                kind.append("variance"); curve.append("lambda=" + l); tCol.appendMissing(); lam.append(l); tau.append(x);
                weight.appendMissing(); variance.append(Math.exp(c)); quad.append(Math.exp(qd));
            }
            double init = FlowMatching.generatedLog(l, q, eta, 0);
            EmergenceTimes.Emergence e = EmergenceTimes.exact(x -> FlowMatching.generatedLog(l, q, eta, x), init, l,
                    EmergenceTimes.Threshold.GEOMETRIC, 1e-8, 1e8);
            if (e.found() && e.direction() == EmergenceTimes.Direction.INCREASE) { el.add(l); et.add(e.tau()); }
        }
        if (el.size() >= 2) {
            EmergenceTimes.PowerLawFit f = EmergenceTimes.fit(el.stream().mapToDouble(Double::doubleValue).toArray(),
                    et.stream().mapToDouble(Double::doubleValue).toArray());
            b.check("emergence slope (geometric, increasing modes)", f.slope()).check("emergence R^2", f.rSquared());
        }
        Table table = Table.create(name(), kind, curve, tCol, lam, tau, weight, variance, quad);
        return b.table(table)
                .plot(PlotSpec.of("Flow matching: generated variance (closed form lines, quadrature markers), Q=" + q, "tau")
                        .lines("variance").markers("variance_quadrature").groupBy("lambda").ordered().logX().logY()
                        .labels("training time eta*tau", "generated variance lambda-tilde_k"))
                .plot(PlotSpec.of("Flow matching: weights w_k(t, tau)", "tau")
                        .lines("weight").groupBy("curve").logX()
                        .labels("training time eta*tau", "velocity weight w_k(t)"))
                .check("max |ln closed form - ln quadrature|", worst)
                .build();
    }
}
