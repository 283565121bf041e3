package org.diffdyn.generalization;

import static org.junit.jupiter.api.Assertions.*;

import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.junit.jupiter.api.Test;

/** The qualitative §3.4 targets of Figs 3–5 (B-F3a–f, B-F4, B-F5). */
class FigureTargetsTest {
    private static final DdpmSchedule S = DdpmSchedule.standard();
    private static final Conventions.LossAverage PER_DIM = Conventions.LossAverage.MEAN_PER_DIMENSION;

    @Test
    void lateTimeOverfittingBelowNEqualsDAndItsRemedies() {
        // B-F3a–f (d = 1000, N = 0.6d, c = 0): per-dim test loss at τ → ∞ ≫ 1 for k ≤ 1; larger c flattens the rise.
        for (double k : new double[] {0, 1}) {
            DeterministicEquivalent de = new DeterministicEquivalent(Spectrum.powerLaw(1000, k), 600);
            double late = de.testLoss(S, 0, PER_DIM);
            assertTrue(late > 3, "k=" + k + ": " + late); // population value ~0.3–0.4
            assertTrue(de.testLoss(S, 1e-3, PER_DIM) < late / 2);
            assertTrue(de.testLoss(S, 1e-2, PER_DIM) < de.testLoss(S, 1e-3, PER_DIM));
        }
        // The interior minimum and the late rise, on one draw at d = 300.
        double[] taus = org.diffdyn.core.numeric.Grids.geometric(0.1, 1e6, 36);
        EmpiricalModes below = EmpiricalModes.draw(Spectrum.powerLaw(300, 1), 180, new Rng(1));
        LinearDenoiser.LossCurves c0 = LinearDenoiser.lossCurves(below, Training.flow(S, 0), taus, Progress.NONE);
        LinearDenoiser.LossCurves c2 = LinearDenoiser.lossCurves(below, Training.flow(S, 1e-2), taus, Progress.NONE);
        int best = c0.argminTest();
        assertTrue(best > 0 && best < taus.length - 1, "interior minimum");
        assertTrue(c0.test()[taus.length - 1] > 3 * c0.test()[best], "late rise");
        assertTrue(
                c2.test()[taus.length - 1] / c2.test()[c2.argminTest()] < c0.test()[taus.length - 1] / c0.test()[best],
                "ridge flattens");
    }

    @Test
    void shallowMinimumAboveNEqualsDAndTheX0Loss() {
        // B-F4: for N > d the late-time loss is close to the minimum; the x0-loss up-weights large t by b_t/a_t.
        double[] taus = org.diffdyn.core.numeric.Grids.geometric(0.1, 1e6, 36);
        EmpiricalModes above = EmpiricalModes.draw(Spectrum.powerLaw(300, 1), 900, new Rng(2));
        LinearDenoiser.LossCurves c = LinearDenoiser.lossCurves(above, Training.flow(S, 0), taus, Progress.NONE);
        assertTrue(c.test()[taus.length - 1] < 1.1 * c.test()[c.argminTest()]);
        int t = 900;
        double eps = LinearDenoiser.testLoss(above, t, Training.flow(S, 0), 10);
        assertEquals(
                S.b(t) / S.a(t) * eps,
                LinearDenoiser.lossCurvesAtStep(above, t, Training.flow(S, 0), new double[] {10})
                        .testX0()[0],
                1e-9 * eps);
        assertTrue(S.b(900) / S.a(900) > 10 * S.b(100) / S.a(100));
    }

    @Test
    void denoiserDifferenceDecreasesWithN() {
        // B-F5: ‖D_N − D_ref‖² (the B6 excess risk, reference = population optimum) decreases with N.
        Spectrum sp = Spectrum.powerLaw(100, 1);
        double prev = Double.POSITIVE_INFINITY;
        int[] ns = {25, 50, 100, 200, 400, 1600};
        double[] means = new double[ns.length];
        for (int i = 0; i < ns.length; i++) {
            int n = ns[i];
            double mean = 0;
            Rng rng = new Rng(n);
            for (int j = 0; j < 3; j++)
                mean += LinearDenoiser.excessRisk(
                                EmpiricalModes.draw(sp, n, rng.split()),
                                Training.flow(S, 1e-3),
                                Double.POSITIVE_INFINITY)
                        / 3;
            assertTrue(mean < prev, "N=" + n);
            prev = mean;
            means[i] = mean;
        }
        // For N >> d the estimation error of Σ̂ is O(d/N): a fourfold N cuts the excess risk about fourfold.
        double ratio = means[5] / means[4];
        assertTrue(ratio > 0.15 && ratio < 0.4, "excess risk N=1600 / N=400 = " + ratio);
    }
}
