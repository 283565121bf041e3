package org.diffdyn.ridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.MixtureScore;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.progress.Progress;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Targets D1, D2 (§4.7) and the ridge geometry of §4.3. */
class RidgeGeometryTest {
    private static final DMatrixRMaj PM3 = new DMatrixRMaj(new double[][] {{-3, 0}, {3, 0}});

    private static EmpiricalRidge ridge(double t) {
        return new EmpiricalRidge(PM3, t, RidgeDefinition.curve());
    }

    private static void assertRel(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, rel * Math.max(Math.abs(expected), 1e-12), what);
    }

    /** D1: the §4.3 table (eigenvalues ascending, gap, residual), 1e-4 relative. */
    @Test
    void d1TwoPointTableValues() {
        double[][] rows = {
            // t, x, y, lamLow, lamHigh, gap, residual
            {0.5, 0, 0, -1.5820, 6.7041, 8.286, 0},
            {0.5, 1.5, 0, -1.5820, -1.5761, 0.005886, 0},
            {0.5, 1.5, 0.2, -1.5820, -1.5761, 0.005886, 0.3164},
            {1.0, 1.5, 0.2, -1.1565, -1.0209, 0.1356, 0.2313},
            {0.1, 0, 0, -5.5167, 218.7348, 224.3, 0},
        };
        for (double[] r : rows) {
            EmpiricalRidge.Local l = ridge(r[0]).local(new double[] {r[1], r[2]});
            String at = "t=" + r[0] + " x=(" + r[1] + "," + r[2] + ")";
            assertRel(r[3], l.eigenvalues()[0], 1e-4, "lambda_low " + at);
            assertRel(r[4], l.eigenvalues()[1], 1e-4, "lambda_high " + at);
            // the table prints the gap to 4 significant digits
            assertRel(r[5], l.gap(), 5e-4, "gap " + at);
            assertEquals(r[6], l.residual(), 1e-4 * Math.max(r[6], 1), "residual " + at);
        }
        // the degenerate row: gap below 1e-12 at t = 0.1, (1.5, 0)
        assertTrue(ridge(0.1).local(new double[] {1.5, 0}).gap() < 1e-12);
    }

    /** D1 also against the closed forms of §4.3: g = ((c tanh(cx/h) − x)/h, −y/h), H diagonal. */
    @Test
    void d1ClosedFormScoreAndHessian() {
        for (double t : new double[] {0.05, 0.3, 1.0, 2.0}) {
            double c = 3 * OuProcess.a(t), h = OuProcess.h(t);
            for (double[] x : new double[][] {{0.4, -0.3}, {-2.0, 0.7}, {1.1, 0.05}}) {
                EmpiricalRidge.Local l = ridge(t).local(x);
                double th = Math.tanh(c * x[0] / h), sech2 = 1 - th * th;
                assertRel((c * th - x[0]) / h, l.score()[0], 1e-10, "g_x");
                assertRel(-x[1] / h, l.score()[1], 1e-10, "g_y");
                double hxx = -1 / h + c * c / (h * h) * sech2, hyy = -1 / h;
                assertRel(Math.min(hxx, hyy), l.eigenvalues()[0], 1e-9, "low");
                assertRel(Math.max(hxx, hyy), l.eigenvalues()[1], 1e-9, "high");
            }
        }
    }

    /** Hessian of log p̂_t (shared MixtureScore) against central differences of the score, 13 random points. */
    @Test
    void hessianMatchesFiniteDifferencesOfTheScore() {
        DMatrixRMaj pts = ModeConfigurations.points("13", 5);
        MixtureScore p = new EmpiricalRidge(pts, 0.4, RidgeDefinition.curve()).density();
        double[] x = {0.3, -1.2};
        double[] hess = p.hessian(x);
        double eps = 1e-5;
        for (int b = 0; b < 2; b++) {
            double[] up = x.clone(), dn = x.clone();
            up[b] += eps;
            dn[b] -= eps;
            double[] gu = p.score(up), gd = p.score(dn);
            for (int a = 0; a < 2; a++)
                assertEquals(
                        (gu[a] - gd[a]) / (2 * eps), hess[2 * a + b], 1e-5 * Math.max(1, Math.abs(hess[2 * a + b])));
        }
    }

    /** D2: the ridge of two points is {y = 0} and r_t = |y|/h_t wherever the gap exceeds 1e-8 (exact). */
    @Test
    void d2RidgeOfTwoPointsIsTheLineAndResidualIsYOverH() {
        for (double t : new double[] {0.01, 0.1, 0.5, 1.0}) {
            EmpiricalRidge r = ridge(t);
            double h = r.h();
            int checked = 0;
            for (double x = -5; x <= 5; x += 0.37) {
                for (double y = -1; y <= 1; y += 0.23) {
                    EmpiricalRidge.Local l = r.local(new double[] {x, y});
                    if (l.gap() <= 1e-8) continue;
                    checked++;
                    // exact up to round-off in the off-diagonal (~1e-16 |H|) amplified by 1/gap into the frame angle
                    double gNorm = Math.hypot(l.score()[0], l.score()[1]);
                    double tol = 1e-12 * (1 + gNorm) * (1 + Math.abs(l.eigenvalues()[0]) / l.gap());
                    assertEquals(Math.abs(y) / h, l.residual(), tol, "r at " + x + "," + y);
                    assertEquals(Math.abs(y), l.scaledResidual(), tol * h);
                }
            }
            assertTrue(checked > 0 || t < 0.05, "no node with a defined frame at t=" + t);
            // SCMS projects onto y = 0 from any start with a defined frame, the distance being |y|
            EmpiricalRidge.Projection pr = ridge(0.5).project(new double[] {1.0, 0.3}, 1e-10, 200);
            assertTrue(pr.converged());
            assertEquals(0, pr.point()[1], 1e-9);
            assertEquals(1.0, pr.point()[0], 1e-12);
            assertEquals(0.3, pr.distance(), 1e-9);
        }
        // the batch forms on a point set (one point per row) agree with the closed forms row by row
        DMatrixRMaj rows = new DMatrixRMaj(new double[][] {{1.0, 0.3}, {-2.0, -0.4}});
        double[] dist = ridge(0.5).distances(rows, 1e-10, 200), res = ridge(0.5).residuals(rows);
        assertEquals(0.3, dist[0], 1e-9);
        assertEquals(0.4, dist[1], 1e-9);
        assertEquals(0.3 / ridge(0.5).h(), res[0], 1e-9);
        assertEquals(0.4 / ridge(0.5).h(), res[1], 1e-9);
        // at t = 0.5 the whole segment between the modes is ridge (curvature < 0 only away from the saddle? no: the
        // normal eigenvalue is −1/h < 0 everywhere), and the grid scan finds exactly the nodes on y = 0
        RidgeTracer.Scan s = RidgeTracer.scan(ridge(0.5), -4.5, 4.5, -1, 1, 19, 21, 1e-6, Progress.NONE);
        for (int k = 0; k < 21; k++)
            for (int j = 0; j < 19; j++)
                assertEquals(
                        Math.abs(s.ys()[k]) < 1e-9, s.onRidge()[k * 19 + j], "node " + s.xs()[j] + "," + s.ys()[k]);
        // ridgePoints lists exactly those nodes, in index order: the 19 nodes of the row y = 0
        DMatrixRMaj pts = s.ridgePoints();
        assertEquals(19, pts.numRows);
        for (int j = 0; j < 19; j++) {
            assertEquals(s.xs()[j], pts.get(j, 0), 0);
            assertEquals(0, pts.get(j, 1), 1e-9);
        }
    }

    /** SCMS end points on three modes satisfy the ridge definition; the distance is the length of the path's chord. */
    @Test
    void scmsProjectionLandsOnTheRidge() {
        EmpiricalRidge r = new EmpiricalRidge(ModeConfigurations.points("3"), 0.3, new RidgeDefinition(1, 1e-8, true));
        org.diffdyn.core.random.Rng rng = new org.diffdyn.core.random.Rng(4);
        int converged = 0;
        for (int k = 0; k < 40; k++) {
            double[] x0 = {-1 + 7 * rng.uniform(), -1 + 7 * rng.uniform()};
            EmpiricalRidge.Projection p = r.project(x0, 1e-9, 2000);
            if (!p.converged()) continue;
            converged++;
            EmpiricalRidge.Local l = r.local(p.point());
            assertTrue(l.scaledResidual() < 1e-8, "h r = " + l.scaledResidual());
            assertEquals(Math.hypot(p.point()[0] - x0[0], p.point()[1] - x0[1]), p.distance(), 1e-12);
        }
        assertTrue(converged >= 30, converged + " of 40 converged");
        DMatrixRMaj ridgePts = RidgeTracer.trace(r, -1, 6, -1, 6, 12, Progress.NONE);
        assertEquals(2, ridgePts.numCols);
        assertTrue(ridgePts.numRows > 5);
    }

    @Test
    void badInputNamesTheParameter() {
        ParameterException e =
                assertThrows(ParameterException.class, () -> new EmpiricalRidge(PM3, 0, RidgeDefinition.curve()));
        assertEquals("t", e.parameter());
        e = assertThrows(ParameterException.class, () -> new EmpiricalRidge(PM3, 0.1, new RidgeDefinition(2, 0)));
        assertEquals("d-star", e.parameter());
        e = assertThrows(ParameterException.class, () -> new RidgeDefinition(1, -1));
        assertEquals("gapThreshold", e.parameter());
        e = assertThrows(
                ParameterException.class,
                () -> new EmpiricalRidge(
                        new DMatrixRMaj(new double[][] {{1, Double.NaN}}), 0.1, RidgeDefinition.curve()));
        assertEquals("points[0][1]", e.parameter());
        e = assertThrows(ParameterException.class, () -> ModeConfigurations.points("7"));
        assertEquals("modes", e.parameter());
        // point sets are n x d matrices: a set with the wrong number of columns is rejected by name
        DMatrixRMaj threeD = new DMatrixRMaj(4, 3);
        e = assertThrows(ParameterException.class, () -> ridge(0.5).residuals(threeD));
        assertEquals("xs", e.parameter());
        e = assertThrows(ParameterException.class, () -> ridge(0.5).distances(threeD, 1e-8, 10));
        assertEquals("xs", e.parameter());
        e = assertThrows(ParameterException.class, () -> InterMode.tally(threeD, PM3, 0.5, 0.5));
        assertEquals("samples", e.parameter());
    }
}
