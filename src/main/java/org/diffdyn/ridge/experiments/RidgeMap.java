package org.diffdyn.ridge.experiments;

import org.diffdyn.core.ParameterException;
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
import org.diffdyn.ridge.InterMode;
import org.diffdyn.ridge.ModeConfigurations;
import org.diffdyn.ridge.RidgeDefinition;
import org.diffdyn.ridge.RidgeTracer;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

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
    static final Param<Double> GAP = RidgeParams.GAP;
    static final Param<Boolean> RELATIVE_GAP = RidgeParams.RELATIVE_GAP;
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

    public static final Spec SPEC = Spec.of(
            "ridge-map",
            Paper.D,
            "Log-density ridge R_t of the smoothed empirical density at several t, with samples",
            "Ridge of log p^_t (random-features-and-ridge.md 4.3, definition QUOTED from the authors' code; gap option UNSURE) "
                    + "for a 2-D training set at each t in 'times', and samples of the reverse SDE (1.3). Columns: group "
                    + "(ridge t=..., samples, training), t, x, y, scaled_residual (h_t r_t), normal_curvature, gap.",
            RidgeMapBuilder.declaredParams());

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        DMatrixRMaj points = ModeConfigurations.points(p.get(MODES), p.seed());
        RidgeDefinition def = new RidgeDefinition(p.get(D_STAR), p.get(GAP), p.get(RELATIVE_GAP));
        DMatrixRMaj lo = CommonOps_DDRM.minCols(points, null), hi = CommonOps_DDRM.maxCols(points, null);
        double m = p.get(MARGIN), xMin = lo.get(0) - m, xMax = hi.get(0) + m;
        double yMin = lo.get(1) - m, yMax = hi.get(1) + m;
        Rows rows = Rows.named("ridge-map")
                .text("group")
                .reals("t", "x", "y", "scaled_residual", "normal_curvature", "gap");
        for (double t : p.get(TIMES)) {
            EmpiricalRidge ridge = new EmpiricalRidge(points, t, def);
            int grid = p.get(GRID);
            DMatrixRMaj pts = p.get(METHOD) == Method.SCAN
                    ? RidgeTracer.scan(ridge, xMin, xMax, yMin, yMax, grid, grid, 0, progress)
                            .ridgePoints()
                    : RidgeTracer.trace(ridge, xMin, xMax, yMin, yMax, Math.max(2, grid / 5), progress);
            local(rows, "ridge t=" + t, ridge, pts, progress);
            result.check("ridge-points.t-" + RidgeParams.seg(String.valueOf(t)), "ridge points at t=" + t, pts.numRows);
        }
        if (p.get(SCORE) == RidgeParams.Score.RF)
            throw new ParameterException(
                    "score", "rf", "exact, gmm or none", "the RF score is sampled by inter-mode and reach-align-slide");
        if (p.get(SCORE) != RidgeParams.Score.NONE) {
            ScoreFunction score = RidgeParams.score(p.get(SCORE), points, p, 0, null, progress);
            double tMin = 1e-3;
            double[] grid = OuProcess.geometricGrid(10, tMin, p.get(STEPS));
            DMatrixRMaj samples = ReverseSampler.run(
                            ReverseSampler.Kind.SDE, score, p.get(SAMPLES), 2, grid, 0, new Rng(p.seed()), progress)
                    .samples();
            local(rows, "samples", new EmpiricalRidge(points, tMin, def), samples, progress);
            InterMode.Tally tally = InterMode.tally(samples, points, 0.5, 0.5);
            double share = (double) (samples.numRows - tally.interMode()) / samples.numRows;
            result.check("samples.near-training", "fraction of samples within 0.5 of a training point", share);
        }
        for (int i = 0; i < points.numRows; i++)
            rows.add("group", "training", "x", points.get(i, 0), "y", points.get(i, 1));
        String title = "Ridge of log p^_t (" + p.get(MODES) + " modes, d*=" + p.get(D_STAR) + ") and samples";
        result.table(rows.table())
                .plot(
                        "ridge",
                        PlotSpec.of(title, "x").markers("y").groupBy("group").labels("x", "y"));
    }

    /** A row per point (x, y) of pts (one per row) with the ridge's time and local quantities there. */
    private static void local(Rows rows, String group, EmpiricalRidge ridge, DMatrixRMaj pts, Progress progress) {
        for (int i = 0; i < pts.numRows; i++) {
            if ((i & 255) == 0) progress.checkCancelled(); // a local ridge evaluation, O(n), per point
            double x = pts.get(i, 0), y = pts.get(i, 1);
            EmpiricalRidge.Local l = ridge.local(new double[] {x, y});
            rows.row(group, ridge.time(), x, y, l.scaledResidual(), l.normalCurvature(), l.gap());
        }
    }
}
