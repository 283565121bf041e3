package org.diffdyn.generalization;

import static org.junit.jupiter.api.Assertions.*;

import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** B1, B2, B6: closed forms against explicit-matrix gradient descent, sampled trajectories and dense identities. */
class DynamicsTest {

    @Test
    void explicitMatrixGradientDescentMatchesPerModeClosedForm() {
        Spectrum sp = Spectrum.powerLaw(30, 1);
        // N < d: 10 null directions are part of the check.
        DMatrixRMaj x = EmpiricalModes.sample(sp, 20, new Rng(8));
        EmpiricalModes modes =
                EmpiricalModes.fromDiagonalPopulation(org.diffdyn.core.data.DataStats.secondMoment(x), 20, sp.values());
        DdpmSchedule s = DdpmSchedule.linear(50);
        for (int t : new int[] {1, 25, 50}) {
            for (double q : new double[] {0, 0.3}) {
                double a = s.a(t), b = s.b(t), c = 1e-3, eta = 0.1;
                int steps = 150;
                ExplicitTraining.Result sim = ExplicitTraining.train(x, sp, a, b, c, q, eta, steps, Progress.NONE);
                Training tr = new Training(
                        s,
                        c,
                        eta,
                        Training.Dynamics.DESCENT,
                        Conventions.defaults().withInitialWeight(q));
                double te = LinearDenoiser.testLoss(modes, t, tr, steps),
                        trn = LinearDenoiser.trainLoss(modes, t, tr, steps);
                assertEquals(sim.testLoss(), te, 1e-9 * Math.abs(te), "test, t=" + t + ", q=" + q);
                assertEquals(sim.trainLoss(), trn, 1e-9 * Math.abs(trn), "train, t=" + t + ", q=" + q);
                // The matrix's eigenvalues along û_i are the per-mode weights.
                double[] w = LinearDenoiser.weights(modes, t, tr, steps);
                DMatrixRMaj v = modes.vectors();
                for (int i : new int[] {0, 5, 19, 25}) {
                    double proj = 0;
                    for (int r = 0; r < 30; r++)
                        for (int k = 0; k < 30; k++)
                            proj += v.get(r, i) * sim.weights().get(r, k) * v.get(k, i);
                    assertEquals(w[i], proj, 1e-9, "mode " + i);
                }
            }
        }
    }

    @Test
    void gradientDescentApproachesGradientFlowAndBothConverge() {
        EmpiricalModes m = EmpiricalModes.draw(Spectrum.powerLaw(40, 1), 30, new Rng(2));
        DdpmSchedule s = DdpmSchedule.standard();
        Training flow = Training.flow(s, 0).withEta(1e-3);
        Training gd = flow.withDynamics(Training.Dynamics.DESCENT);
        int t = 300;
        double tau = 500; // ητ = 0.5
        assertEquals(
                LinearDenoiser.testLoss(m, t, flow, tau),
                LinearDenoiser.testLoss(m, t, gd, tau),
                2e-3 * LinearDenoiser.testLoss(m, t, flow, tau));
        double conv = LinearDenoiser.testLoss(m, t, flow, Double.POSITIVE_INFINITY);
        assertEquals(conv, LinearDenoiser.testLoss(m, t, flow, 1e9), 1e-9 * conv);
        // B1 at τ = ∞: w* = √b/(aλ̂ + b + c); at τ = 0 the isotropic initial weight.
        double[] lh = m.lambdaHat();
        double[] w = LinearDenoiser.weights(m, t, flow.withRidge(0.01), Double.POSITIVE_INFINITY);
        for (int i = 0; i < lh.length; i++)
            assertEquals(Math.sqrt(s.b(t)) / (s.a(t) * lh[i] + s.b(t) + 0.01), w[i], 1e-15);
        double[] w0 = LinearDenoiser.weights(
                m, t, flow.withConventions(Conventions.defaults().withInitialWeight(0.7)), 0);
        for (double wi : w0) assertEquals(0.7, wi, 1e-15);
    }

    @Test
    void nullDirectionsMemoriseWithoutRidge() {
        DdpmSchedule s = DdpmSchedule.standard();
        EmpiricalModes m = EmpiricalModes.draw(Spectrum.powerLaw(60, 1), 20, new Rng(5));
        assertEquals(40, m.nullCount());
        int t = 1;
        double a = s.a(t), b = s.b(t);
        double[] w = LinearDenoiser.weights(m, t, Training.flow(s, 0), Double.POSITIVE_INFINITY);
        double[] su = m.sigmaOverlap(), lh = m.lambdaHat();
        for (int i = 0; i < 60; i++) {
            if (lh[i] != 0) continue;
            assertEquals(1 / Math.sqrt(b), w[i], 1e-9 / Math.sqrt(b));
            assertEquals(a / b * su[i], LinearDenoiser.nullDirectionTestCost(a, b, 0, su[i]), 1e-9 * a / b * su[i]);
            assertEquals(a / b * su[i], LinearDenoiser.modeLoss(a, b, w[i], su[i]), 1e-6 * a / b * su[i]);
        }
        // Null directions learn at rate b + c only: early stopping acts like a ridge. The best null-direction weight
        // √b/(a s + b) is reached at τ = ln(1 + b/(a s))/(2ηb).
        double sBar = 0.01, tau = LinearDenoiser.nullDirectionOptimalTime(a, b, sBar, 1);
        double wAt = LinearDenoiser.weight(a, b, 0, 0, 0, 1, tau, Training.Dynamics.FLOW);
        assertEquals(LinearDenoiser.nullDirectionOptimalWeight(a, b, sBar), wAt, 1e-12);
        assertEquals(1 / (2 * a * sBar), tau, 0.01 / (2 * a * sBar));
    }

    @Test
    void fastLossCurvesEqualThePerStepSums() {
        DdpmSchedule s = DdpmSchedule.linear(40);
        EmpiricalModes m = EmpiricalModes.draw(Spectrum.powerLaw(25, 1.5), 15, new Rng(6));
        double[] taus = {0, 0.3, 2, 50, 1e4, Double.POSITIVE_INFINITY};
        for (Training tr : new Training[] {
            Training.flow(s, 1e-3),
            new Training(
                    s,
                    0,
                    0.08,
                    Training.Dynamics.DESCENT,
                    Conventions.defaults().withInitialWeight(0.2)),
            Training.flow(s, 0)
                    .withConventions(Conventions.defaults()
                            .withTrainingLoss(Conventions.TrainingLoss.X0)
                            .withLossAverage(Conventions.LossAverage.SUM))
        }) {
            LinearDenoiser.LossCurves lc = LinearDenoiser.lossCurves(m, tr, taus, Progress.NONE);
            double f = tr.conventions().lossAverage().factor(40, 25);
            for (int k = 0; k < taus.length; k++) {
                double te = 0, trn = 0, x0 = 0, ex = 0;
                for (int t = 1; t <= 40; t++) {
                    double lt = LinearDenoiser.testLoss(m, t, tr, taus[k]);
                    te += lt;
                    trn += LinearDenoiser.trainLoss(m, t, tr, taus[k]);
                    x0 += s.b(t) / s.a(t) * lt;
                    ex += LinearDenoiser.excessRisk(m, t, tr, taus[k]);
                }
                assertEquals(te * f, lc.test()[k], 1e-10 * te * f);
                assertEquals(trn * f, lc.train()[k], 1e-10 * trn * f);
                assertEquals(x0 * f, lc.testX0()[k], 1e-10 * x0 * f);
                assertEquals(ex * f, lc.excess()[k], 1e-9 * Math.abs(te * f));
            }
        }
    }

    @Test
    void excessRiskIsTheDenoiserDifference() {
        // B6: E‖(W_N − W*)x_t‖² with x_t ~ N(0, aΣ + bI), computed with dense matrices.
        Spectrum sp = Spectrum.powerLaw(10, 1);
        EmpiricalModes m = EmpiricalModes.draw(sp, 6, new Rng(12));
        DdpmSchedule s = DdpmSchedule.linear(20);
        int t = 4;
        double a = s.a(t), b = s.b(t);
        Training tr = Training.flow(s, 1e-3);
        double[] w = LinearDenoiser.weights(m, t, tr, 3.0);
        DMatrixRMaj v = m.vectors();
        double dense = 0;
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++) {
                double wn = 0;
                for (int k = 0; k < 10; k++) wn += v.get(i, k) * w[k] * v.get(j, k);
                double diff = wn - (i == j ? LinearDenoiser.optimalWeight(a, b, sp.get(i)) : 0);
                dense += diff * diff * (a * sp.get(j) + b);
            }
        assertEquals(dense, LinearDenoiser.excessRisk(m, t, tr, 3.0), 1e-9 * dense);
    }

    @Test
    void sampledTrajectoriesMatchTheVarianceRecursion() {
        Spectrum sp = Spectrum.powerLaw(12, 1);
        EmpiricalModes m = EmpiricalModes.draw(sp, 30, new Rng(21));
        DdpmSchedule s = DdpmSchedule.linear(200);
        for (Conventions.SamplerNoise noise : Conventions.SamplerNoise.values()) {
            Training tr = Training.flow(s, 1e-3)
                    .withConventions(Conventions.defaults().withSamplerNoise(noise));
            double tau = 5;
            double[] v0 = AncestralSampler.generatedVariances(m, tr, tau);
            int samples = 4000;
            SamplerSimulation.Result sim = SamplerSimulation.run(m, tr, tau, samples, new Rng(33), Progress.NONE);
            double tol = 5 * Math.sqrt(2.0 / samples); // five standard errors of a sample variance
            for (int i = 0; i < 12; i++) assertEquals(v0[i], sim.modeVariances()[i], tol * v0[i], noise + " mode " + i);
        }
    }

    @Test
    void unstableLearningRatesAreNamed() {
        DdpmSchedule s = DdpmSchedule.linear(50);
        EmpiricalModes m = EmpiricalModes.draw(Spectrum.powerLaw(20, 1), 40, new Rng(1));
        Training gd = new Training(s, 0, 2.0, Training.Dynamics.DESCENT, Conventions.defaults());
        ParameterException e = assertThrows(
                ParameterException.class, () -> LinearDenoiser.lossCurves(m, gd, new double[] {1, 10}, Progress.NONE));
        assertEquals("eta", e.parameter());
        assertEquals(
                "eta",
                assertThrows(ParameterException.class, () -> AncestralSampler.generatedVariances(m, gd, 10))
                        .parameter());
        // The explicit simulation has no closed-form guard: it diverges and says which parameter is responsible.
        DMatrixRMaj x = EmpiricalModes.sample(Spectrum.powerLaw(20, 1), 40, new Rng(1));
        NumericalException ne = assertThrows(
                NumericalException.class,
                () -> ExplicitTraining.train(x, Spectrum.powerLaw(20, 1), 0.9, 0.1, 0, 0, 5.0, 5000, Progress.NONE));
        assertEquals("eta", ne.parameter());
        assertEquals(
                "c",
                assertThrows(ParameterException.class, () -> Training.flow(s, -1))
                        .parameter());
        assertEquals(
                "eta",
                assertThrows(ParameterException.class, () -> Training.flow(s, 0).withEta(0))
                        .parameter());
        assertEquals(
                "tau",
                assertThrows(ParameterException.class, () -> LinearDenoiser.testLoss(m, 3, Training.flow(s, 0), -1))
                        .parameter());
        assertEquals(
                "N",
                assertThrows(ParameterException.class, () -> EmpiricalModes.draw(Spectrum.isotropic(3), 0, new Rng(1)))
                        .parameter());
    }

    @Test
    void rotatedPopulationGivesTheSameModes() {
        // Rotation equivariance (§3.2): data X R^T from Σ = R diag(λ) R^T has Σ̂_rot = R Σ̂ R^T, the same λ̂ and s_i.
        Spectrum sp = Spectrum.powerLaw(20, 1.5);
        DMatrixRMaj x = EmpiricalModes.sample(sp, 14, new Rng(3));
        org.diffdyn.core.spectra.Covariance rotated = org.diffdyn.core.spectra.Covariance.randomlyRotated(sp, 9);
        DMatrixRMaj rt = new DMatrixRMaj(20, 20);
        org.ejml.dense.row.CommonOps_DDRM.transpose(rotated.basis(), rt);
        DMatrixRMaj xr = org.diffdyn.core.linalg.Dense.multiply(x, rt);
        EmpiricalModes plain =
                EmpiricalModes.fromDiagonalPopulation(org.diffdyn.core.data.DataStats.secondMoment(x), 14, sp.values());
        EmpiricalModes rot =
                EmpiricalModes.fromSecondMoment(org.diffdyn.core.data.DataStats.secondMoment(xr), 14, rotated);
        double[] a = plain.lambdaHat(), b = rot.lambdaHat(), sa = plain.sigmaOverlap(), sb = rot.sigmaOverlap();
        for (int i = 0; i < 14; i++) {
            assertEquals(a[i], b[i], 1e-10 * a[0]);
            assertEquals(sa[i], sb[i], 1e-8 * sp.max());
        }
        assertEquals(plain.nullSpaceVariance(), rot.nullSpaceVariance(), 1e-8);
    }

    @Test
    void drawsAreDeterministicGivenTheSeed() {
        Spectrum sp = Spectrum.powerLaw(30, 1);
        assertArrayEquals(
                EmpiricalModes.draw(sp, 20, new Rng(77)).lambdaHat(),
                EmpiricalModes.draw(sp, 20, new Rng(77)).lambdaHat());
    }
}
