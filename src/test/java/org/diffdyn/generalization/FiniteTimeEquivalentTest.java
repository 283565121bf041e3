package org.diffdyn.generalization;

import static org.junit.jupiter.api.Assertions.*;

import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.junit.jupiter.api.Test;

/** B3 finite-τ densities (complex Newton continuation) against Monte Carlo over draws (3 draws, d = 300; DE finite-size error ~1%). */
class FiniteTimeEquivalentTest {
    @Test
    void lossCurvesMatchMonteCarlo() {
        double[] taus = {0.3, 3, 30, 3000, Double.POSITIVE_INFINITY};
        Training tr = Training.flow(DdpmSchedule.linear(200), 0);
        for (double k : new double[] {0, 1, 2}) {
            for (int n : new int[] {180, 900}) {
                Spectrum sp = Spectrum.powerLaw(300, k);
                DeterministicEquivalent de = new DeterministicEquivalent(sp, n);
                FiniteTimeEquivalent fe = new FiniteTimeEquivalent(de, 2000);
                assertEquals(0, fe.massErrors()[0], 3e-3, "mass of rho");
                assertEquals(0, fe.massErrors()[1], 3e-3, "mass of rho_Sigma");
                LinearDenoiser.LossCurves th = fe.lossCurves(tr, taus, Progress.NONE);
                double[] mcTe = new double[taus.length], mcTr = new double[taus.length];
                Rng rng = new Rng(5);
                for (int j = 0; j < 3; j++) {
                    LinearDenoiser.LossCurves lc =
                            LinearDenoiser.lossCurves(EmpiricalModes.draw(sp, n, rng.split()), tr, taus, Progress.NONE);
                    for (int i = 0; i < taus.length; i++) {
                        mcTe[i] += lc.test()[i] / 3;
                        mcTr[i] += lc.train()[i] / 3;
                    }
                }
                for (int i = 0; i < taus.length; i++) {
                    assertEquals(mcTe[i], th.test()[i], 0.015 * mcTe[i], "test k=" + k + " N=" + n + " tau=" + taus[i]);
                    assertEquals(
                            mcTr[i], th.train()[i], 0.015 * mcTr[i], "train k=" + k + " N=" + n + " tau=" + taus[i]);
                }
                // At τ = ∞ the density route reproduces the resolvent formulas of B3.
                double conv = de.testLoss(DdpmSchedule.linear(200), 0, Conventions.LossAverage.MEAN_PER_DIMENSION);
                assertEquals(conv, th.test()[taus.length - 1], 0.005 * conv);
            }
        }
    }
}
