package org.diffdyn.ridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.ReverseSampler;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Target D3 (§4.7) and the convergence of the shared samplers on the two-point set. */
class RidgeSamplingTest {
    private static final DMatrixRMaj PM3 = new DMatrixRMaj(new double[][] {{-3, 0}, {3, 0}});

    static double medianAbsY(DMatrixRMaj s) {
        int n = s.numRows;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = Math.abs(s.get(i, 1));
        Arrays.sort(y);
        return 0.5 * (y[(n - 1) / 2] + y[n / 2]);
    }

    /**
     * D3: exact-score SDE, T = 10, geometric grid, 2000 steps, t_min = 1e-3: ≥ 99% within 0.5 of a training point,
     * median |y| = 0.674 √h_{t_min} = 0.0301 within ±10%.
     */
    @Test
    void d3ExactScoreSdeMemorisesAndStaysOnTheRidgeWithinTheNoise() {
        int n = 2000;
        double tMin = 1e-3;
        ReverseSampler.Run run = ReverseSampler.run(
                ReverseSampler.Kind.SDE,
                GaussianMixture.empiricalScore(PM3),
                n,
                2,
                OuProcess.geometricGrid(10, tMin, 2000),
                0,
                new Rng(11),
                Progress.NONE);
        InterMode.Tally t = InterMode.tally(run.samples(), PM3, 0.5, 0.5);
        assertTrue(1 - t.fraction() >= 0.99, "memorised fraction " + (1 - t.fraction()));
        double predicted = 0.6745 * Math.sqrt(OuProcess.h(tMin));
        assertEquals(0.0301, predicted, 1e-4);
        double median = medianAbsY(run.samples());
        assertEquals(predicted, median, 0.10 * predicted, "median |y|");
    }

    /**
     * PF-ODE convergence: in the normal direction of the two-point set the exact flow is y_t = y_T √(h_t/h_T)
     * (§4.4, DERIVED); the Euler error of the median |y| shrinks as the grid is refined.
     */
    @Test
    void probabilityFlowOdeConvergesToTheExactNormalScaling() {
        int n = 400;
        double tMin = 1e-2, tMax = 10;
        DMatrixRMaj start = DMatrixRMaj.wrap(n, 2, new Rng(5).gaussianMatrix(n, 2));
        double[] errors = new double[3];
        int[] steps = {50, 200, 800};
        for (int k = 0; k < 3; k++) {
            ReverseSampler.Run run = ReverseSampler.runFrom(
                    ReverseSampler.Kind.ODE,
                    GaussianMixture.empiricalScore(PM3),
                    start,
                    OuProcess.geometricGrid(tMax, tMin, steps[k]),
                    0,
                    new Rng(1),
                    Progress.NONE);
            double worst = 0;
            double scale = Math.sqrt(OuProcess.h(tMin) / OuProcess.h(tMax));
            for (int i = 0; i < n; i++)
                worst = Math.max(worst, Math.abs(run.samples().get(i, 1) - start.get(i, 1) * scale));
            errors[k] = worst / scale;
        }
        // Euler is first order: 4x the steps, about 1/4 of the error
        assertTrue(errors[1] < 0.4 * errors[0] && errors[2] < 0.4 * errors[1], Arrays.toString(errors));
        assertTrue(errors[2] < 0.05, "relative error at 800 steps " + errors[2]);
    }

    /** Reach–align–slide on the exact two-point SDE: the distance to the ridge stays at the noise scale √h_t. */
    @Test
    void exactScoreDistanceTracksTheNoiseScale() {
        int n = 600;
        ReverseSampler.Kind kind = ReverseSampler.Kind.SDE;
        var score = GaussianMixture.empiricalScore(PM3);
        ReverseSampler.Run run = ReverseSampler.run(
                kind, score, n, 2, OuProcess.geometricGrid(10, 1e-3, 600), 60, new Rng(2), Progress.NONE);
        var snaps = ReachAlignSlide.measure(
                PM3, new RidgeDefinition(1, 1e-8, true), run, kind, score, 1e-3, 0.5, Progress.NONE);
        // at t >= 0.3 the frame is defined everywhere (the gap underflows near the modes only below) and the normal
        // offset is |y| ~ N(0, h_t): median ratio 0.674 (±20% for 600 draws)
        for (var s : snaps) if (s.t() >= 0.3) assertEquals(0.6745, s.tubeRatio(), 0.2 * 0.6745, "t=" + s.t());
        var phases = ReachAlignSlide.phases(snaps, 2, 0.5);
        assertEquals(snaps.get(0).t(), phases.reachEnd(), 0, "an isotropic start is already within the tube");
    }
}
