package org.diffdyn.ridge.experiments;

import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.ReverseSampler;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.ridge.EmpiricalRidge;
import org.diffdyn.ridge.ModeConfigurations;
import org.diffdyn.ridge.RidgeDefinition;
import org.diffdyn.ridge.RidgeTracer;
import org.ejml.data.DMatrixRMaj;

/**
 * The time-indexed ridge R_t of p̂_t for a 2-D training set, drawn at several t, with generated samples on top
 * (paper D Fig. 1 and D-ridge-evolution, §4.3/§4.6). Ridge points come from a grid scan (nodes with h_t r_t below
 * half the grid spacing, curvature and gap conditions) or from SCMS projections of a seed grid.
 */
@TypedBuilder
public final class RidgeMap implements Experiment {
    /** How ridge points are found. */
    public enum Method {
        /** Grid scan of the residual and curvature conditions. */
        SCAN,
        /** SCMS projections of a seed grid. */
        TRACE
    }

    static final Param<String> MODES = RidgeParams.modes("pm3");
    static final Param<double[]> TIMES = Param.reals(
            "times", new double[] {0.001, 0.01, 0.1, 0.5}, 0, 20, true, "diffusion times t of the ridges drawn");
    static final Param<Integer> D_STAR = Param.integer("d-star", 1, 1, 1, "tangent dimension d* (1 in 2-D)");
    static final Param<Double> GAP = RidgeParams.gap(0);
    static final Param<Boolean> RELATIVE_GAP = RidgeParams.relativeGap(false);
    static final Param<Method> METHOD = Param.choice(
            "method", Method.SCAN, "ridge points from a grid scan or from SCMS projections of a seed grid");
    static final Param<Integer> GRID =
            Param.integer("grid", 200, 10, 2000, "grid nodes per axis (scan) or seeds per axis (trace, divided by 5)");
    static final Param<Double> MARGIN =
            Param.realAbove("margin", 1.5, 0, 20, "margin of the plotted box around the training points");
    static final Param<RidgeParams.Score> SCORE = Param.choice(
            "score",
            RidgeParams.Score.EXACT,
            "score of the sampler drawn on top: exact empirical score (memorises), Gaussian mixture around the training points "
                    + "(sigma), or none (rf is not offered here)");
    static final Param<Double> SIGMA = RidgeParams.SIGMA;
    static final Param<Integer> SAMPLES = Param.integer("samples", 500, 1, 100000, "generated samples (reverse SDE)");
    static final Param<Integer> STEPS =
            Param.integer("steps", 1000, 10, 100000, "sampler steps on the geometric grid 10 -> 1e-3");

    static final Spec SPEC = Spec.of(
                    "ridge-map",
                    Paper.D,
                    "Log-density ridge R_t of the smoothed empirical density at several t, with samples",
                    "Ridge of log p^_t (random-features-and-ridge.md 4.3, definition QUOTED from the authors' code; gap option UNSURE) "
                            + "for a 2-D training set at each t in 'times', and samples of the reverse SDE (1.3). Columns: group "
                            + "(ridge t=..., samples, training), t, x, y, scaled_residual (h_t r_t), normal_curvature, gap.",
                    RidgeMapBuilder.declaredParams())
            .seed(1);

    @Override
    public ExperimentResult run(Params p, Progress progress) {
        DMatrixRMaj points = ModeConfigurations.points(p.get(MODES), p.seed());
        double[] x0 = points.data;
        int n = points.numRows;
        RidgeDefinition def = new RidgeDefinition(p.get(D_STAR), p.get(GAP), p.get(RELATIVE_GAP));
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY, yMin = xMin, yMax = xMax;
        for (int i = 0; i < n; i++) {
            xMin = Math.min(xMin, x0[2 * i]);
            xMax = Math.max(xMax, x0[2 * i]);
            yMin = Math.min(yMin, x0[2 * i + 1]);
            yMax = Math.max(yMax, x0[2 * i + 1]);
        }
        double m = p.get(MARGIN);
        xMin -= m;
        xMax += m;
        yMin -= m;
        yMax += m;
        Rows rows = Rows.named("ridge-map")
                .text("group")
                .reals("t", "x", "y", "scaled_residual", "normal_curvature", "gap");
        ExperimentResult.Builder out = ExperimentResult.builder(this, p);
        for (double t : p.get(TIMES)) {
            EmpiricalRidge ridge = new EmpiricalRidge(points, t, def);
            String g = "ridge t=" + t;
            int before = rows.rowCount();
            if (p.get(METHOD) == Method.SCAN) {
                int grid = p.get(GRID);
                RidgeTracer.Scan s = RidgeTracer.scan(ridge, xMin, xMax, yMin, yMax, grid, grid, 0, progress);
                for (int k = 0; k < grid; k++) {
                    progress.checkCancelled(); // grid^2 up to 4e6 rows
                    for (int j = 0; j < grid; j++) {
                        int idx = k * grid + j;
                        if (!s.onRidge()[idx]) continue;
                        rows.row(
                                g,
                                t,
                                s.xs()[j],
                                s.ys()[k],
                                s.scaledResidual()[idx],
                                s.normalCurvature()[idx],
                                s.gap()[idx]);
                    }
                }
            } else {
                double[] pts =
                        RidgeTracer.trace(ridge, xMin, xMax, yMin, yMax, Math.max(2, p.get(GRID) / 5), progress).data;
                for (int i = 0; i < pts.length / 2; i++) {
                    if ((i & 255) == 0) progress.checkCancelled();
                    local(rows, g, t, ridge, pts[2 * i], pts[2 * i + 1]);
                }
            }
            out.check(
                    "ridge-points.t-" + RidgeParams.seg(String.valueOf(t)),
                    "ridge points at t=" + t,
                    rows.rowCount() - before);
        }
        if (p.get(SCORE) == RidgeParams.Score.RF)
            throw new org.diffdyn.core.ParameterException(
                    "score", "rf", "exact, gmm or none", "the RF score is sampled by inter-mode and reach-align-slide");
        if (p.get(SCORE) != RidgeParams.Score.NONE) {
            ScoreFunction score = RidgeParams.score(p.get(SCORE), points, p.get(SIGMA), p, 0, null, progress);
            double tMin = 1e-3;
            ReverseSampler.Run run = ReverseSampler.run(
                    ReverseSampler.Kind.SDE,
                    score,
                    p.get(SAMPLES),
                    2,
                    OuProcess.geometricGrid(10, tMin, p.get(STEPS)),
                    0,
                    new Rng(p.seed()),
                    progress);
            EmpiricalRidge atEnd = new EmpiricalRidge(points, tMin, def);
            int near = 0;
            double[] samples = run.samples().data;
            int count = run.samples().numRows;
            for (int r = 0; r < count; r++) {
                if ((r & 255) == 0)
                    progress.checkCancelled(); // a local ridge evaluation and a scan of the n points each
                double[] y = {samples[2 * r], samples[2 * r + 1]};
                local(rows, "samples", tMin, atEnd, y[0], y[1]);
                for (int i = 0; i < n; i++)
                    if (Math.hypot(y[0] - x0[2 * i], y[1] - x0[2 * i + 1]) < 0.5) {
                        near++;
                        break;
                    }
            }
            out.check(
                    "samples.near-training",
                    "fraction of samples within 0.5 of a training point",
                    (double) near / count);
        }
        for (int i = 0; i < n; i++) rows.add("group", "training", "x", x0[2 * i], "y", x0[2 * i + 1]);
        return out.table(rows.table())
                .plot(
                        "ridge",
                        PlotSpec.of(
                                        "Ridge of log p^_t (" + p.get(MODES) + " modes, d*=" + p.get(D_STAR)
                                                + ") and samples",
                                        "x")
                                .markers("y")
                                .groupBy("group")
                                .labels("x", "y"))
                .build();
    }

    /** A row with the ridge's local quantities at (x, y). */
    private static void local(Rows rows, String group, double t, EmpiricalRidge ridge, double x, double y) {
        EmpiricalRidge.Local l = ridge.local(new double[] {x, y});
        rows.row(group, t, x, y, l.scaledResidual(), l.normalCurvature(), l.gap());
    }
}
