package org.diffdyn.ridge.experiments;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ReverseSampler;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.ridge.EmpiricalRidge;
import org.diffdyn.ridge.ModeConfigurations;
import org.diffdyn.ridge.RidgeDefinition;
import org.diffdyn.ridge.RidgeTracer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The time-indexed ridge R_t of p̂_t for a 2-D training set, drawn at several t, with generated samples on top
 * (paper D Fig. 1 and D-ridge-evolution, §4.3/§4.6). Ridge points come from a grid scan (nodes with h_t r_t below
 * half the grid spacing, curvature and gap conditions) or from SCMS projections of a seed grid.
 */
public final class RidgeMap implements Experiment {
    public static final Param<String> MODES = Param.choice("modes", "pm3", "training set (config.py MODE_CONFIGS; pm3 = (+-3, 0); 13 = random stand-in for Fig. 1)",
            "1", "2", "3", "4", "4.5", "5", "9", "pm3", "13");
    public static final Param<double[]> TIMES = Param.reals("times", new double[] {0.001, 0.01, 0.1, 0.5}, 0, 20, true, "diffusion times t of the ridges drawn");
    public static final Param<Integer> D_STAR = Param.integer("dStar", 1, 1, 1, "tangent dimension d* (1 in 2-D)");
    public static final Param<Double> GAP = Param.real("gap", 0, 0, 1e6, "eigengap threshold beta (0 = none, the authors' code; UNSURE)");
    public static final Param<Boolean> RELATIVE_GAP = Param.flag("relativeGap", false, "compare beta with h_t * gap instead of the gap");
    public static final Param<String> METHOD = Param.choice("method", "scan", "ridge points from a grid scan or from SCMS projections of a seed grid", "scan", "trace");
    public static final Param<Integer> GRID = Param.integer("grid", 200, 10, 2000, "grid nodes per axis (scan) or seeds per axis (trace, divided by 5)");
    public static final Param<Double> MARGIN = Param.realAbove("margin", 1.5, 0, 20, "margin of the plotted box around the training points");
    public static final Param<String> SCORE = Param.choice("score", "exact", "score of the sampler drawn on top: exact empirical score (memorises), "
            + "Gaussian mixture around the training points (sigma), or none", "exact", "gmm", "none");
    public static final Param<Double> SIGMA = Param.realAbove("sigma", 0.5, 0, 10, "component standard deviation of the gmm score");
    public static final Param<Integer> SAMPLES = Param.integer("samples", 500, 1, 100000, "generated samples (reverse SDE)");
    public static final Param<Integer> STEPS = Param.integer("steps", 1000, 10, 100000, "sampler steps on the geometric grid 10 -> 1e-3");
    public static final Param<Long> SEED = Param.seed(1);

    @Override public String name() { return "ridge-map"; }
    @Override public String paper() { return "D"; }
    @Override public String title() { return "Log-density ridge R_t of the smoothed empirical density at several t, with samples"; }
    @Override public String description() {
        return "Ridge of log p^_t (random-features-and-ridge.md 4.3, definition QUOTED from the authors' code; gap option UNSURE) "
                + "for a 2-D training set at each t in 'times', and samples of the reverse SDE (1.3). Columns: group "
                + "(ridge t=..., samples, training), t, x, y, scaled_residual (h_t r_t), normal_curvature, gap.";
    }
    @Override public List<Param<?>> params() {
        return List.of(MODES, TIMES, D_STAR, GAP, RELATIVE_GAP, METHOD, GRID, MARGIN, SCORE, SIGMA, SAMPLES, STEPS, SEED);
    }

    public static Builder create() { return new Builder(new RidgeMap()); }
    @Override public Builder builder() { return new Builder(this); }

    public static final class Builder extends ExperimentBuilder<Builder> {
        Builder(RidgeMap e) { super(e); }
        public Builder modes(String name) { return set(MODES.name(), name); }
        public Builder times(double... t) { return set(TIMES.name(), t); }
        public Builder gap(double beta) { return set(GAP.name(), beta); }
        public Builder relativeGap(boolean relative) { return set(RELATIVE_GAP.name(), relative); }
        public Builder method(String method) { return set(METHOD.name(), method); }
        public Builder grid(int nodes) { return set(GRID.name(), nodes); }
        public Builder score(String score) { return set(SCORE.name(), score); }
        public Builder sigma(double sigma) { return set(SIGMA.name(), sigma); }
        public Builder samples(int n) { return set(SAMPLES.name(), n); }
        public Builder steps(int n) { return set(STEPS.name(), n); }
    }

    @Override public ExperimentResult run(Params p, Progress progress) {
        double[] x0 = ModeConfigurations.points(p.get(MODES), p.seed());
        int n = x0.length / 2;
        RidgeDefinition def = new RidgeDefinition(p.get(D_STAR), p.get(GAP), p.get(RELATIVE_GAP));
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY, yMin = xMin, yMax = xMax;
        for (int i = 0; i < n; i++) {
            xMin = Math.min(xMin, x0[2 * i]); xMax = Math.max(xMax, x0[2 * i]);
            yMin = Math.min(yMin, x0[2 * i + 1]); yMax = Math.max(yMax, x0[2 * i + 1]);
        }
        double m = p.get(MARGIN);
        xMin -= m; xMax += m; yMin -= m; yMax += m;
        StringColumn group = StringColumn.create("group");
        DoubleColumn tc = DoubleColumn.create("t"), xc = DoubleColumn.create("x"), yc = DoubleColumn.create("y"),
                rc = DoubleColumn.create("scaled_residual"), cc = DoubleColumn.create("normal_curvature"), gc = DoubleColumn.create("gap");
        ExperimentResult.Builder out = ExperimentResult.builder(name(), p);
        for (double t : p.get(TIMES)) {
            EmpiricalRidge ridge = new EmpiricalRidge(x0, n, 2, t, def);
            String g = "ridge t=" + t;
            int before = group.size();
            if (p.get(METHOD).equals("scan")) {
                int grid = p.get(GRID);
                RidgeTracer.Scan s = RidgeTracer.scan(ridge, xMin, xMax, yMin, yMax, grid, grid, 0, progress);
                for (int k = 0; k < grid; k++)
                    for (int j = 0; j < grid; j++) {
                        int idx = k * grid + j;
                        if (!s.onRidge()[idx]) continue;
                        group.append(g); tc.append(t); xc.append(s.xs()[j]); yc.append(s.ys()[k]);
                        rc.append(s.scaledResidual()[idx]); cc.append(s.normalCurvature()[idx]); gc.append(s.gap()[idx]);
                    }
            } else {
                double[] pts = RidgeTracer.trace(ridge, xMin, xMax, yMin, yMax, Math.max(2, p.get(GRID) / 5), progress);
                for (int i = 0; i < pts.length / 2; i++) {
                    EmpiricalRidge.Local l = ridge.local(new double[] {pts[2 * i], pts[2 * i + 1]});
                    group.append(g); tc.append(t); xc.append(pts[2 * i]); yc.append(pts[2 * i + 1]);
                    rc.append(l.scaledResidual()); cc.append(l.normalCurvature()); gc.append(l.gap());
                }
            }
            out.check("ridge points at t=" + t, group.size() - before);
        }
        if (!p.get(SCORE).equals("none")) {
            ScoreFunction score;
            if (p.get(SCORE).equals("exact")) {
                score = GaussianMixture.empiricalScore(x0, n, 2);
            } else {
                double[] w = new double[n], s = new double[n];
                java.util.Arrays.fill(w, 1);
                java.util.Arrays.fill(s, p.get(SIGMA));
                score = new GaussianMixture(w, x0, s, 2).score();
            }
            double tMin = 1e-3;
            ReverseSampler.Run run = ReverseSampler.run(ReverseSampler.Kind.SDE, score, p.get(SAMPLES), 2,
                    OuProcess.geometricGrid(10, tMin, p.get(STEPS)), 0, new Rng(p.seed()), progress);
            EmpiricalRidge atEnd = new EmpiricalRidge(x0, n, 2, tMin, def);
            int near = 0;
            for (int r = 0; r < run.n(); r++) {
                double[] y = {run.samples()[2 * r], run.samples()[2 * r + 1]};
                EmpiricalRidge.Local l = atEnd.local(y);
                group.append("samples"); tc.append(tMin); xc.append(y[0]); yc.append(y[1]);
                rc.append(l.scaledResidual()); cc.append(l.normalCurvature()); gc.append(l.gap());
                for (int i = 0; i < n; i++) if (Math.hypot(y[0] - x0[2 * i], y[1] - x0[2 * i + 1]) < 0.5) { near++; break; }
            }
            out.check("fraction of samples within 0.5 of a training point", (double) near / run.n());
        }
        for (int i = 0; i < n; i++) {
            group.append("training"); tc.append(Double.NaN); xc.append(x0[2 * i]); yc.append(x0[2 * i + 1]);
            rc.append(Double.NaN); cc.append(Double.NaN); gc.append(Double.NaN);
        }
        Table table = Table.create("ridge-map", group, tc, xc, yc, rc, cc, gc);
        return out.table(table)
                .plot(PlotSpec.of("Ridge of log p^_t (" + p.get(MODES) + " modes, d*=" + p.get(D_STAR) + ") and samples", "x")
                        .markers("y").groupBy("group").labels("x", "y"))
                .build();
    }

    static List<String> groups(Table t) {
        return new ArrayList<>(t.stringColumn("group").unique().asList());
    }
}
