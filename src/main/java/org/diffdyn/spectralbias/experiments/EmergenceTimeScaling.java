package org.diffdyn.spectralbias.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.EmergenceTimes.Emergence;
import org.diffdyn.spectralbias.EmergenceTimes.Threshold;
import org.diffdyn.spectralbias.GeneratedVariance;
import org.diffdyn.spectralbias.TwoLayerDynamics;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Paper A Fig. 2C/F and Fig. 6: emergence time τ* versus mode variance λ with the fitted power law τ* ∝ λ^b, for
 * several initialisations Q, both thresholds and both models; the authors' smoothed first-crossing procedure next
 * to exact root finding (linear-diffusion.md §2.2.5).
 */
public final class EmergenceTimeScaling implements Experiment {
    public static final Param<double[]> QS = Param.reals("qs", new double[] {0.1, 0.5, 1}, 0, 2, true, "initialisations Q (one panel each)");
    public static final Param<String> THRESHOLD = Param.choice("threshold", "both", "threshold between start and target",
            "geometric", "harmonic", "both");
    public static final Param<String> MODEL = Param.choice("model", "both", "denoiser", "one-layer", "two-layer", "both");
    public static final Param<String> SPECTRUM = org.diffdyn.experiment.DataParams.spectrum("grid",
            "variances: the log grid log10-lambda-from..to (grid), or the leading 'modes' eigenvalues of a data set's covariance", "grid");
    public static final Param<Double> LAMBDA_FROM = Param.real("log10-lambda-from", -3, -8, 6, "smallest variance 10^x");
    public static final Param<Double> LAMBDA_TO = Param.real("log10-lambda-to", 2, -8, 8, "largest variance 10^x");
    public static final Param<Integer> MODES = Param.integer("modes", 20, 2, 100_000, "variances on the log grid (spec: 20)");
    public static final Param<Double> TAU_FROM = Param.real("log10-tau-from", -4, -10, 6, "first grid time 10^x");
    public static final Param<Double> TAU_TO = Param.real("log10-tau-to", 3, -8, 8, "last grid time 10^x");
    public static final Param<Integer> POINTS = Param.integer("points", 1000, 10, 1_000_000, "grid times for the smoothed procedure (spec: 1000)");
    public static final Param<Double> SMOOTH = Param.real("smooth", 2, 0, 100, "Gaussian filter width over grid indices (0 = none)");
    public static final Param<Double> ETA = Param.realAbove("eta", 1.0, 0, 100, "gradient-flow learning rate eta");
    public static final Param<Double> SIGMA_MIN = Param.realAbove("sigma-min", EdmSchedule.DEFAULT_SIGMA_MIN, 0, 10, "sigma_0");
    public static final Param<Double> SIGMA_MAX = Param.realAbove("sigma-max", EdmSchedule.DEFAULT_SIGMA_MAX, 0, 1e4, "sigma_T");
    public static final Param<Long> SEED = Param.seed(1);

    @Override public String name() { return "emergence-times"; }
    @Override public String paper() { return "A"; }
    @Override public String title() { return "Emergence time vs variance with fitted power law, per Q and threshold (Fig. 2C/F, 6)"; }
    @Override public String description() {
        return "tau*(lambda) from the generated variance (one-layer Prop. 4.2, two-layer Prop. 5.1). Columns: series "
                + "(model, Q, threshold), branch (increase/decrease), lambda, tau_code (authors' procedure: first grid point as "
                + "start, Gaussian smoothing over indices, first crossing; QUOTED), tau_exact (root finding from the true tau=0 "
                + "value; DERIVED), fit_code / fit_exact (OLS power law of each branch). Checks: the slopes b in tau* ~ lambda^b "
                + "and R^2 (spec §2.3 table).";
    }
    @Override public List<Param<?>> params() {
        return List.of(QS, THRESHOLD, MODEL, SPECTRUM, LAMBDA_FROM, LAMBDA_TO, MODES, TAU_FROM, TAU_TO, POINTS, SMOOTH, ETA, SIGMA_MIN, SIGMA_MAX, SEED);
    }

    public static Builder create() { return new Builder(new EmergenceTimeScaling()); }
    @Override public Builder builder() { return new Builder(this); }

    public static final class Builder extends ExperimentBuilder<Builder> {
        Builder(EmergenceTimeScaling e) { super(e); }
        public Builder qs(double... q) { return set(QS.name(), q); }
        public Builder threshold(String t) { return set(THRESHOLD.name(), t); }
        public Builder model(String m) { return set(MODEL.name(), m); }
        public Builder modes(int n) { return set(MODES.name(), n); }
        public Builder spectrum(String s) { return set(SPECTRUM, s); }
        public Builder points(int n) { return set(POINTS.name(), n); }
        public Builder smooth(double s) { return set(SMOOTH.name(), s); }
        public Builder eta(double eta) { return set(ETA.name(), eta); }
    }

    /** The leading {@code m} of descending values, in ascending order. */
    private static double[] reverse(double[] descending, int m) {
        int k = Math.min(m, descending.length);
        double[] out = new double[k];
        for (int i = 0; i < k; i++) out[i] = descending[k - 1 - i];
        return out;
    }

    /** The smoothed-procedure emergence times of the one- or two-layer model for all modes (grid in, τ* out). */
    public static Emergence[] smoothedTimes(boolean twoLayer, double[] lambdas, double q, double eta, double[] taus, Threshold thr,
                                            double smooth, double s0, double sT) {
        double[][] log = twoLayer ? TwoLayerDynamics.generatedLog(lambdas, q, eta, taus, s0, sT)
                : GeneratedVariance.oneLayerLog(lambdas, q, eta, taus, s0, sT);
        Emergence[] out = new Emergence[lambdas.length];
        double[] traj = new double[taus.length];
        for (int k = 0; k < lambdas.length; k++) {
            for (int j = 0; j < taus.length; j++) traj[j] = Math.exp(log[j][k]);
            out[k] = EmergenceTimes.smoothedFirstCrossing(taus, traj, lambdas[k], thr, smooth);
        }
        return out;
    }

    @Override public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder b = ExperimentResult.builder(name(), p);
        double[] lambdas = org.diffdyn.experiment.DataParams.isFromData(p.get(SPECTRUM)) // the data's leading variances, ascending like the grid
                ? reverse(org.diffdyn.experiment.DataParams.spectrum(p.get(SPECTRUM), 0, progress).values(), p.get(MODES))
                : EmergenceTimes.logspace(p.get(LAMBDA_FROM), p.get(LAMBDA_TO), p.get(MODES));
        double[] taus = EmergenceTimes.logspace(p.get(TAU_FROM), p.get(TAU_TO), p.get(POINTS));
        double eta = p.get(ETA), s0 = p.get(SIGMA_MIN), sT = p.get(SIGMA_MAX), smooth = p.get(SMOOTH);
        List<Threshold> thresholds = p.get(THRESHOLD).equals("both") ? List.of(Threshold.GEOMETRIC, Threshold.HARMONIC)
                : List.of(Threshold.valueOf(p.get(THRESHOLD).toUpperCase(Locale.ROOT)));
        List<Boolean> models = p.get(MODEL).equals("both") ? List.of(false, true) : List.of(p.get(MODEL).equals("two-layer"));
        StringColumn series = StringColumn.create("series"), branch = StringColumn.create("branch");
        DoubleColumn lam = DoubleColumn.create("lambda"), code = DoubleColumn.create("tau_code"), exact = DoubleColumn.create("tau_exact"),
                fitCode = DoubleColumn.create("fit_code"), fitExact = DoubleColumn.create("fit_exact");
        double[] qs = p.get(QS);
        progress.start("emergence times", (long) qs.length * thresholds.size() * models.size());
        int done = 0;
        for (boolean two : models)
            for (double q : qs)
                for (Threshold thr : thresholds) {
                    String label = (two ? "two-layer" : "one-layer") + " Q=" + q + " " + thr.name().toLowerCase(Locale.ROOT);
                    Emergence[] sm = smoothedTimes(two, lambdas, q, eta, taus, thr, smooth, s0, sT);
                    Emergence[] ex = new Emergence[lambdas.length];
                    for (int k = 0; k < lambdas.length; k++)
                        ex[k] = two ? EmergenceTimes.twoLayer(lambdas[k], q, eta, thr, s0, sT) : EmergenceTimes.oneLayer(lambdas[k], q, eta, thr, s0, sT);
                    for (EmergenceTimes.Direction dir : EmergenceTimes.Direction.values()) {
                        List<Integer> idx = new ArrayList<>();
                        for (int k = 0; k < lambdas.length; k++) if (ex[k].direction() == dir) idx.add(k);
                        if (idx.isEmpty()) continue;
                        double[] l = new double[idx.size()], tc = new double[idx.size()], te = new double[idx.size()];
                        for (int i = 0; i < l.length; i++) {
                            int k = idx.get(i);
                            l[i] = lambdas[k];
                            tc[i] = sm[k].direction() == dir ? sm[k].tau() : Double.NaN;
                            te[i] = ex[k].tau();
                        }
                        EmergenceTimes.PowerLawFit fc = fitOrNull(l, tc), fe = fitOrNull(l, te);
                        String br = dir.name().toLowerCase(Locale.ROOT);
                        for (int i = 0; i < l.length; i++) {
                            series.append(label + " " + br); branch.append(br); lam.append(l[i]);
                            code.append(tc[i]); exact.append(te[i]);
                            fitCode.append(fc == null ? Double.NaN : fc.predict(l[i]));
                            fitExact.append(fe == null ? Double.NaN : fe.predict(l[i]));
                        }
                        if (fc != null) b.check("slope " + label + " " + br + " (code procedure)", fc.slope())
                                .check("R^2 " + label + " " + br + " (code procedure)", fc.rSquared());
                        if (fe != null) b.check("slope " + label + " " + br + " (exact)", fe.slope());
                    }
                    progress.advance(++done);
                }
        progress.finish();
        Table t = Table.create(name(), series, branch, lam, code, exact, fitCode, fitExact);
        return b.table(t)
                .plot(PlotSpec.of("Emergence time vs variance: smoothed procedure (markers) and power-law fit (lines)", "lambda")
                        .markers("tau_code").lines("fit_code").groupBy("series").logX().logY()
                        .labels("mode variance lambda_k", "emergence time eta*tau*"))
                .plot(PlotSpec.of("Emergence time vs variance: exact root finding (markers) and fit (lines)", "lambda")
                        .markers("tau_exact").lines("fit_exact").groupBy("series").logX().logY()
                        .labels("mode variance lambda_k", "emergence time eta*tau*"))
                .build();
    }

    private static EmergenceTimes.PowerLawFit fitOrNull(double[] l, double[] t) {
        int ok = 0;
        for (double v : t) if (v > 0) ok++;
        return ok >= 2 ? EmergenceTimes.fit(l, t) : null;
    }
}
