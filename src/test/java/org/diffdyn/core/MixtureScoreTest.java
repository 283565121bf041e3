package org.diffdyn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.MixtureScore;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.ReverseSampler;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class MixtureScoreTest {
    private final GaussianMixture mix = new GaussianMixture(
            new double[] {0.3, 0.7},
            new DMatrixRMaj(new double[][] {{1.5, -0.5, 0.2}, {-1.0, 0.8, 0.1}}),
            new double[] {0.4, 0.9});

    @Test
    void scoreIsTheGradientOfTheLogDensity() {
        MixtureScore p = mix.atTime(0.3);
        double[] x = {0.2, 0.1, -0.4};
        double[] g = p.score(x);
        double h = 1e-6;
        for (int j = 0; j < 3; j++) {
            double[] up = x.clone(), dn = x.clone();
            up[j] += h;
            dn[j] -= h;
            assertEquals((p.logDensity(up) - p.logDensity(dn)) / (2 * h), g[j], 1e-7);
        }
    }

    /** The batched score of a point set (one point per row) is the per-point score, row by row; shapes are checked. */
    @Test
    void batchScoresAreThePointScoresRowByRow() {
        MixtureScore p = mix.atTime(0.4);
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0.2, 0.1, -0.4}, {1.0, -2.0, 0.5}, {-0.3, 0.0, 0.9}});
        DMatrixRMaj out = new DMatrixRMaj(3, 3);
        mix.score().scores(y, 0.4, out);
        for (int r = 0; r < 3; r++) {
            double[] g = p.score(new double[] {y.get(r, 0), y.get(r, 1), y.get(r, 2)});
            for (int j = 0; j < 3; j++) assertEquals(g[j], out.get(r, j), 0, "row " + r);
        }
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> p.scores(new DMatrixRMaj(3, 2), new DMatrixRMaj(3, 2)));
    }

    @Test
    void hessianIsTheJacobianOfTheScoreAndSymmetric() {
        MixtureScore p = mix.atTime(0.2);
        double[] x = {0.7, -0.3, 0.5};
        double[] hess = p.hessian(x);
        double h = 1e-6;
        for (int b = 0; b < 3; b++) {
            double[] up = x.clone(), dn = x.clone();
            up[b] += h;
            dn[b] -= h;
            double[] gu = p.score(up), gd = p.score(dn);
            for (int a = 0; a < 3; a++) {
                assertEquals((gu[a] - gd[a]) / (2 * h), hess[a * 3 + b], 1e-6);
                assertEquals(hess[a * 3 + b], hess[b * 3 + a], 0);
            }
        }
    }

    @Test
    void empiricalHessianEigenvaluesAreBoundedBelowByMinusOneOverH() {
        DMatrixRMaj pts = new DMatrixRMaj(new double[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}});
        double t = 0.5;
        MixtureScore p = GaussianMixture.empirical(pts, t);
        double[] hess = p.hessian(new double[] {0.3, 0.6});
        double tr = hess[0] + hess[3], det = hess[0] * hess[3] - hess[1] * hess[2];
        double lo = tr / 2 - Math.sqrt(tr * tr / 4 - det);
        assertEquals(true, lo >= -1 / OuProcess.h(t) - 1e-12, "smallest eigenvalue " + lo);
    }

    @Test
    void reverseSdeWithTheExactScoreRecoversTheDataVariance() {
        GaussianMixture g = new GaussianMixture(new double[] {1}, new DMatrixRMaj(1, 1), new double[] {0.5});
        double[] times = OuProcess.geometricGrid(8, 1e-3, 800);
        ReverseSampler.Run run =
                ReverseSampler.run(ReverseSampler.Kind.SDE, g.score(), 20000, 1, times, 0, new Rng(3), Progress.NONE);
        double m = 0, v = 0;
        for (double y : run.samples().data) {
            m += y;
            v += y * y;
        }
        m /= 20000;
        v = v / 20000 - m * m;
        assertEquals(0.25, v, 0.02);
        ReverseSampler.Run ode =
                ReverseSampler.run(ReverseSampler.Kind.ODE, g.score(), 20000, 1, times, 0, new Rng(3), Progress.NONE);
        double vo = 0;
        for (double y : ode.samples().data) vo += y * y;
        assertEquals(0.25, vo / 20000, 0.02);
    }
}
