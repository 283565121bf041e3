package org.diffdyn.generalization;

import static org.junit.jupiter.api.Assertions.*;

import org.diffdyn.core.ParameterException;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.junit.jupiter.api.Test;

/** B3 against the §3.4 tables (DERIVED values) and against Monte Carlo over data draws. */
class DeterministicEquivalentTest {
    private static final Conventions.LossAverage PER_DIM = Conventions.LossAverage.MEAN_PER_DIMENSION;

    /** §3.4 "Converged per-dim losses, mean over T=1000 (DERIVED with B3), d = 100": {k, c, N/d, test, train}. */
    private static final double[][] CONVERGED_TABLE = {
        {0, 1e-4, 0.25, 17.43, 0.135}, {0, 1e-4, 0.5, 11.76, 0.219}, {0, 1e-4, 1, 1.093, 0.317},
        {0, 1e-4, 2, 0.441, 0.358}, {0, 1e-4, 4, 0.405, 0.374}, {0, 1e-4, 10, 0.393, 0.382},
        {0, 1e-2, 0.25, 2.322, 0.155}, {0, 1e-2, 0.5, 1.685, 0.232}, {0, 1e-2, 1, 0.684, 0.318},
        {0, 1e-2, 2, 0.436, 0.358}, {0, 1e-2, 4, 0.404, 0.374}, {0, 1e-2, 10, 0.393, 0.382},
        {1, 1e-4, 0.25, 10.22, 0.125}, {1, 1e-4, 0.5, 5.701, 0.192}, {1, 1e-4, 1, 0.718, 0.264},
        {1, 1e-4, 2, 0.358, 0.295}, {1, 1e-4, 4, 0.332, 0.307}, {1, 1e-4, 10, 0.323, 0.314},
        {1, 1e-2, 0.25, 1.410, 0.145}, {1, 1e-2, 0.5, 0.909, 0.206}, {1, 1e-2, 1, 0.468, 0.266},
        {1, 1e-2, 2, 0.352, 0.295}, {1, 1e-2, 4, 0.331, 0.307}, {1, 1e-2, 10, 0.322, 0.314},
        {2, 1e-4, 0.25, 1.136, 0.082}, {2, 1e-4, 0.5, 0.498, 0.107}, {2, 1e-4, 1, 0.202, 0.128},
        {2, 1e-4, 2, 0.158, 0.137}, {2, 1e-4, 4, 0.150, 0.142}, {2, 1e-4, 10, 0.147, 0.144},
        {2, 1e-2, 0.25, 0.239, 0.103}, {2, 1e-2, 0.5, 0.181, 0.122}, {2, 1e-2, 1, 0.160, 0.134},
        {2, 1e-2, 2, 0.153, 0.141}, {2, 1e-2, 4, 0.150, 0.145}, {2, 1e-2, 10, 0.149, 0.147},
    };

    @Test
    void convergedLossTableOfSection34() {
        DdpmSchedule s = DdpmSchedule.standard();
        for (double[] row : CONVERGED_TABLE) {
            DeterministicEquivalent de =
                    new DeterministicEquivalent(Spectrum.powerLaw(100, row[0]), (int) Math.round(row[2] * 100));
            double te = de.testLoss(s, row[1], PER_DIM), tr = de.trainLoss(s, row[1], PER_DIM);
            // The table is printed to 3–4 significant digits: half a unit in the last printed digit, as a relative
            // bound.
            assertEquals(row[3], te, 0.0006 * row[3] + 5e-4, () -> "test " + java.util.Arrays.toString(row));
            assertEquals(row[4], tr, 0.0006 * row[4] + 5e-4, () -> "train " + java.util.Arrays.toString(row));
            assertTrue(te >= tr, "test >= train");
        }
    }

    @Test
    void populationLossTargetsOfFigure1h() {
        DdpmSchedule s = DdpmSchedule.standard();
        double[] expected = {0.3873, 0.3180, 0.1456};
        for (int k = 0; k <= 2; k++) {
            double pop =
                    LinearDenoiser.populationLoss(s, Spectrum.powerLaw(100, k).values(), PER_DIM);
            assertEquals(expected[k], pop, 6e-5);
            // Both losses approach the population value for N ≫ d.
            DeterministicEquivalent de = new DeterministicEquivalent(Spectrum.powerLaw(100, k), 100_000);
            assertEquals(pop, de.testLoss(s, 0, PER_DIM), 2e-3 * pop);
            assertEquals(pop, de.trainLoss(s, 0, PER_DIM), 2e-3 * pop);
        }
    }

    /** §3.4 per-t spot checks, d = 300, N = 150, k = 1, c = 0: DE values and Monte Carlo over draws. */
    @Test
    void perStepSpotChecksAgainstMonteCarlo() {
        Spectrum sp = Spectrum.powerLaw(300, 1);
        DeterministicEquivalent de = new DeterministicEquivalent(sp, 150);
        double[][] cases = {{0.5, 0.5, 0.4284, 0.2211}, {0.999, 1e-3, 199.19, 0.4987}};
        Rng rng = new Rng(11);
        EmpiricalModes[] draws = new EmpiricalModes[4];
        for (int i = 0; i < draws.length; i++) draws[i] = EmpiricalModes.draw(sp, 150, rng.split());
        for (double[] c : cases) {
            double a = c[0], b = c[1];
            double te = de.testLoss(a, b, 0) / 300, tr = de.trainLoss(a, b, 0) / 300;
            assertEquals(c[2], te, 3e-4 * c[2]); // printed to 4–5 digits
            assertEquals(c[3], tr, 3e-4 * c[3]);
            double mcTe = 0, mcTr = 0;
            for (EmpiricalModes m : draws) {
                double[] w = new double[300];
                double[] lh = m.lambdaHat();
                for (int i = 0; i < 300; i++) w[i] = LinearDenoiser.convergedWeight(a, b, 0, lh[i]);
                mcTe += LinearDenoiser.testLoss(m, a, b, w) / 300 / draws.length;
                mcTr += LinearDenoiser.trainLoss(m, a, b, w) / 300 / draws.length;
            }
            assertEquals(te, mcTe, 0.02 * te, "test DE vs MC at a=" + a);
            assertEquals(tr, mcTr, 0.01 * tr, "train DE vs MC at a=" + a);
        }
    }

    @Test
    void tracesAndLogDetAgainstMonteCarlo() {
        Spectrum sp = Spectrum.powerLaw(300, 1);
        for (int n : new int[] {150, 900}) {
            DeterministicEquivalent de = new DeterministicEquivalent(sp, n);
            double ell = 0.05;
            double trR = 0, trR2 = 0, trRSR = 0, logDet = 0, trRS = 0;
            Rng rng = new Rng(5 + n);
            int draws = 3;
            for (int k = 0; k < draws; k++) {
                EmpiricalModes m = EmpiricalModes.draw(sp, n, rng.split());
                double[] lh = m.lambdaHat(), s = m.sigmaOverlap();
                for (int i = 0; i < lh.length; i++) {
                    double g = 1 / (lh[i] + ell);
                    trR += g / draws;
                    trR2 += g * g / draws;
                    trRSR += g * g * s[i] / draws;
                    trRS += g * s[i] / draws;
                    logDet += Math.log(lh[i] + ell) / draws;
                }
            }
            assertEquals(trR, de.traceR(ell), 0.01 * trR, "Tr R, N=" + n);
            assertEquals(trR2, de.traceR2(ell), 0.02 * trR2, "Tr R^2, N=" + n);
            assertEquals(trRSR, de.traceRSigmaR(ell), 0.02 * trRSR, "Tr R Sigma R, N=" + n);
            assertEquals(trRS, de.traceRSigma(ell), 0.01 * trRS, "Tr R Sigma, N=" + n);
            assertEquals(logDet, de.logDet(ell), 0.01 * Math.abs(logDet) + 0.5, "log det, N=" + n);
        }
    }

    @Test
    void kappaSolvesItsEquationInsideTheBracket() {
        DeterministicEquivalent de = new DeterministicEquivalent(Spectrum.powerLaw(200, 2), 80);
        for (double ell : new double[] {1e-12, 1e-6, 1e-2, 1, 1e3}) {
            double k = de.kappa(ell);
            assertTrue(k >= ell && k <= ell + 200.0 / 80, "bracket");
            assertEquals(ell, k - k / 80 * de.df1(k), 1e-9 * k);
        }
        // ℓ → 0 with N < d: κ → κ₀ with df₁(κ₀) = N; the null space carries N κ₀.
        double k0 = de.kappa0();
        assertEquals(80, de.df1(k0), 1e-9);
        assertEquals(k0, de.kappa(1e-13), 1e-6 * k0);
        assertEquals(0.0, new DeterministicEquivalent(Spectrum.powerLaw(50, 1), 80).kappa0());
        // κ' = dκ/dℓ by finite differences.
        double ell = 0.3, h = 1e-6;
        assertEquals((de.kappa(ell + h) - de.kappa(ell - h)) / (2 * h), de.kappaPrime(de.kappa(ell)), 1e-6);
    }

    @Test
    void nullSpaceVarianceAgainstMonteCarlo() {
        Spectrum sp = Spectrum.powerLaw(400, 1);
        DeterministicEquivalent de = new DeterministicEquivalent(sp, 160);
        Rng rng = new Rng(3);
        double mc = 0;
        for (int k = 0; k < 3; k++) {
            EmpiricalModes m = EmpiricalModes.draw(sp, 160, rng.split());
            assertEquals(240, m.nullCount());
            mc += m.nullSpaceVariance() / 3;
        }
        assertEquals(mc, de.nullSpaceVariance(), 0.02 * mc);
        assertEquals(de.nullSpaceVariance() / 240, de.nullDirectionVariance(), 1e-12);
    }

    @Test
    void badInput() {
        assertEquals(
                "lambda[1]",
                assertThrows(ParameterException.class, () -> new DeterministicEquivalent(new double[] {1, -1}, 3))
                        .parameter());
        assertEquals(
                "N",
                assertThrows(ParameterException.class, () -> new DeterministicEquivalent(new double[] {1, 1}, 0))
                        .parameter());
        DeterministicEquivalent de = new DeterministicEquivalent(Spectrum.isotropic(10), 20);
        assertEquals(
                "ell", assertThrows(ParameterException.class, () -> de.kappa(0)).parameter());
        assertEquals(
                "N",
                assertThrows(ParameterException.class, () -> de.earlyStoppingHeuristic(1, 1))
                        .parameter());
    }
}
