package org.diffdyn.spectralbias.experiments;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.spectralbias.DeepLinearDynamics;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.GeneratedVariance;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Deep linear denoisers of depth L with aligned, balanced layers (linear-diffusion.md §2.2.6; per-mode ODE DERIVED):
 * generated variance through training for L = 1..4 and the emergence-time exponent per depth. Depth changes the
 * shape of the curves (sigmoidal from a small start) but keeps τ* ∝ λ^{-1}.
 */
public final class DeepLinearCurves implements Experiment {
    public static final Param<double[]> DEPTHS = Param.reals("depths", new double[] {1, 2, 3, 4}, 1, 16, false, "network depths L");
    public static final Param<Double> LAMBDA_FROM = Param.real("log10-lambda-from", -2, -6, 6, "smallest variance 10^x");
    public static final Param<Double> LAMBDA_TO = Param.real("log10-lambda-to", 1, -6, 6, "largest variance 10^x");
    public static final Param<Integer> MODES = Param.integer("modes", 7, 2, 1000, "variances on the log grid");
    public static final Param<Double> Q = Param.realAbove("q", 0.1, 0, 2, "balanced initial product gain s(0) = Q");
    public static final Param<Double> ETA = Param.realAbove("eta", 1.0, 0, 100, "gradient-flow learning rate eta");
    public static final Param<Double> TAU_FROM = Param.real("log10-tau-from", -3, -8, 6, "first training time 10^x");
    public static final Param<Double> TAU_TO = Param.real("log10-tau-to", 3, -8, 8, "last training time 10^x");
    public static final Param<Integer> POINTS = Param.integer("points", 80, 2, 10_000, "training times on the log grid (emergence times are interpolated on it)");
    public static final Param<Integer> PANELS = Param.integer("panels", 24, 2, 4096, "16-point Gauss-Legendre panels in ln sigma");
    public static final Param<Long> SEED = Param.seed(1);

    @Override public String name() { return "deep-linear"; }
    @Override public String paper() { return "A"; }
    @Override public String title() { return "Deep linear denoisers: generated variance and emergence exponent vs depth"; }
    @Override public String description() {
        return "Per-mode product gain s(sigma, tau) from s' = -2 eta L (m s - lambda) s^(2-2/L) (DERIVED), generated variance by the "
                + "boxed integral (DERIVED). Columns: depth, lambda, tau, theory (lambda-tilde), tau_star (geometric threshold, exact) on "
                + "the rows with tau missing, interpolated on the grid. Checks: slope of tau* vs lambda per depth.";
    }
    @Override public List<Param<?>> params() { return List.of(DEPTHS, LAMBDA_FROM, LAMBDA_TO, MODES, Q, ETA, TAU_FROM, TAU_TO, POINTS, PANELS, SEED); }

    public static Builder create() { return new Builder(new DeepLinearCurves()); }
    @Override public Builder builder() { return new Builder(this); }

    public static final class Builder extends ExperimentBuilder<Builder> {
        Builder(DeepLinearCurves e) { super(e); }
        public Builder depths(double... l) { return set(DEPTHS.name(), l); }
        public Builder q(double q) { return set(Q.name(), q); }
        public Builder modes(int n) { return set(MODES.name(), n); }
        public Builder points(int n) { return set(POINTS.name(), n); }
    }

    @Override public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder b = ExperimentResult.builder(name(), p);
        double[] lambdas = EmergenceTimes.logspace(p.get(LAMBDA_FROM), p.get(LAMBDA_TO), p.get(MODES));
        double[] taus = EmergenceTimes.logspace(p.get(TAU_FROM), p.get(TAU_TO), p.get(POINTS));
        double q = p.get(Q), eta = p.get(ETA), s0 = EdmSchedule.DEFAULT_SIGMA_MIN, sT = EdmSchedule.DEFAULT_SIGMA_MAX;
        int panels = p.get(PANELS);
        IntColumn depth = IntColumn.create("depth");
        DoubleColumn lam = DoubleColumn.create("lambda"), tau = DoubleColumn.create("tau"), theory = DoubleColumn.create("theory"),
                tauStar = DoubleColumn.create("tau_star");
        double[] depths = p.get(DEPTHS);
        progress.start("deep linear", (long) depths.length * lambdas.length);
        int done = 0;
        for (double dv : depths) {
            int l = (int) Math.round(dv);
            List<Double> el = new ArrayList<>(), et = new ArrayList<>();
            for (double lambda : lambdas) {
                double[] g = DeepLinearDynamics.generatedLog(lambda, q, eta, l, taus, s0, sT, panels);
                for (int j = 0; j < taus.length; j++) {
                    depth.append(l); lam.append(lambda); tau.append(taus[j]); theory.append(Math.exp(g[j])); tauStar.appendMissing();
                }
                // emergence from the computed trajectory: first crossing of the geometric threshold (true τ = 0 start),
                // interpolated linearly in (ln τ, ln λ̃) between grid points
                double init = GeneratedVariance.initialLog(q, s0, sT);
                EmergenceTimes.Emergence e = EmergenceTimes.firstCrossingInterpolated(taus, g, init, lambda, EmergenceTimes.Threshold.GEOMETRIC);
                depth.append(l); lam.append(lambda); tau.appendMissing(); theory.appendMissing(); tauStar.append(e.tau());
                if (e.found() && e.direction() == EmergenceTimes.Direction.INCREASE) { el.add(lambda); et.add(e.tau()); }
                progress.advance(++done);
            }
            if (el.size() >= 2)
                b.check("slope tau* ~ lambda^b, depth " + l, EmergenceTimes.fit(el.stream().mapToDouble(Double::doubleValue).toArray(),
                        et.stream().mapToDouble(Double::doubleValue).toArray()).slope());
        }
        progress.finish();
        b.check("initial variance (tau=0)", Math.exp(GeneratedVariance.initialLog(q, s0, sT)));
        Table t = Table.create(name(), depth, lam, tau, theory, tauStar);
        return b.table(t)
                .plot(PlotSpec.of("Deep linear: generated variance through training (one colour per depth and lambda)", "tau")
                        .lines("theory").groupBy("depth").ordered().logX().logY()
                        .labels("training time eta*tau", "generated variance lambda-tilde_k"))
                .plot(PlotSpec.of("Deep linear: emergence time vs variance per depth", "lambda")
                        .markers("tau_star").groupBy("depth").ordered().logX().logY()
                        .labels("mode variance lambda_k", "emergence time eta*tau*"))
                .build();
    }
}
