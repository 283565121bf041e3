package org.diffdyn.ridge;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.ejml.data.DMatrixRMaj;

/**
 * Locating the 2-D ridge numerically (§4.3, DERIVED recipes 1 and 2): a grid scan of r_t, λ_{d*+1} and the gap, and
 * a trace of the ridge as SCMS end points of a seed grid.
 */
public final class RidgeTracer {
    private RidgeTracer() {}

    /**
     * A grid scan: for each node (x_j, y_k) (row k, column j, index k·nx + j) the scaled residual h_t r_t, the normal
     * curvature λ_{d*+1}, the gap and whether the node is on the ridge (h_t r_t &lt; tolerance, curvature, gap ≥ β).
     */
    public record Scan(
            double[] xs,
            double[] ys,
            double[] scaledResidual,
            double[] normalCurvature,
            double[] gap,
            boolean[] onRidge,
            double tolerance) {
        public int count() {
            int c = 0;
            for (boolean b : onRidge) c += b ? 1 : 0;
            return c;
        }

        /** The nodes on the ridge (count × 2, one per row, in index order). */
        public DMatrixRMaj ridgePoints() {
            DMatrixRMaj out = new DMatrixRMaj(count(), 2);
            int row = 0;
            for (int idx = 0; idx < onRidge.length; idx++)
                if (onRidge[idx]) {
                    out.set(row, 0, xs[idx % xs.length]);
                    out.set(row++, 1, ys[idx / xs.length]);
                }
            return out;
        }
    }

    /**
     * Scans an nx × ny grid over [xMin, xMax] × [yMin, yMax]. With {@code tolerance} ≤ 0 the tolerance is half the
     * larger grid spacing, so a ridge line between nodes is still caught.
     */
    public static Scan scan(
            EmpiricalRidge ridge,
            double xMin,
            double xMax,
            double yMin,
            double yMax,
            int nx,
            int ny,
            double tolerance,
            Progress progress) {
        if (ridge.dimension() != 2)
            throw new ParameterException("d", ridge.dimension(), "2 (grid scans are for 2-D training sets)");
        Check.inRange("nx", nx, 2, 5000);
        Check.inRange("ny", ny, 2, 5000);
        if (!(xMax > xMin)) throw new ParameterException("xMax", xMax, "a number > xMin = " + xMin);
        if (!(yMax > yMin)) throw new ParameterException("yMax", yMax, "a number > yMin = " + yMin);
        double dx = (xMax - xMin) / (nx - 1), dy = (yMax - yMin) / (ny - 1);
        double tol = tolerance > 0 ? tolerance : 0.5 * Math.max(dx, dy);
        double[] xs = new double[nx], ys = new double[ny];
        for (int j = 0; j < nx; j++) xs[j] = xMin + j * dx;
        for (int k = 0; k < ny; k++) ys[k] = yMin + k * dy;
        int m = nx * ny;
        double[] res = new double[m], curv = new double[m], gap = new double[m];
        boolean[] on = new boolean[m];
        double[] x = new double[2];
        progress.start("ridge grid scan " + nx + "x" + ny, ny);
        for (int k = 0; k < ny; k++) {
            for (int j = 0; j < nx; j++) {
                x[0] = xs[j];
                x[1] = ys[k];
                EmpiricalRidge.Local l = ridge.local(x);
                int idx = k * nx + j;
                res[idx] = l.scaledResidual();
                curv[idx] = l.normalCurvature();
                gap[idx] = l.gap();
                on[idx] = ridge.onRidge(l, tol);
            }
            progress.advance(k + 1);
        }
        progress.finish();
        return new Scan(xs, ys, res, curv, gap, on, tol);
    }

    /** Ridge points (N × 2, one per row) traced by SCMS from a seeds × seeds grid; duplicates closer than 1e-3 dropped. */
    public static DMatrixRMaj trace(
            EmpiricalRidge ridge, double xMin, double xMax, double yMin, double yMax, int seeds, Progress progress) {
        Check.inRange("seeds", seeds, 2, 1000);
        List<double[]> found = new ArrayList<>();
        progress.start("SCMS ridge trace", seeds);
        for (int k = 0; k < seeds; k++) {
            for (int j = 0; j < seeds; j++) {
                double[] x0 = {xMin + (xMax - xMin) * j / (seeds - 1), yMin + (yMax - yMin) * k / (seeds - 1)};
                EmpiricalRidge.Projection p = ridge.project(x0, 1e-8, 400);
                if (!p.onRidge()) continue;
                boolean dup = false;
                for (double[] q : found)
                    if (Math.hypot(q[0] - p.point()[0], q[1] - p.point()[1]) < 1e-3) {
                        dup = true;
                        break;
                    }
                if (!dup) found.add(p.point());
            }
            progress.advance(k + 1);
        }
        progress.finish();
        double[] out = new double[found.size() * 2];
        for (int i = 0; i < found.size(); i++) {
            out[2 * i] = found.get(i)[0];
            out[2 * i + 1] = found.get(i)[1];
        }
        return DMatrixRMaj.wrap(found.size(), 2, out);
    }
}
