package org.diffdyn.imbalance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.Activation;
import org.diffdyn.core.rf.RandomFeatures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class ImbalanceTheoryTest {

    /** The §3.3 tanh coefficient table (80-node Gauss–Hermite), to its printed 5 decimals. */
    @Test
    void gepCoefficientsReproduceTheSpecTable() {
        double[][] table = {
            // t, sigma, Gamma, alpha, ell, b2, v2, s2, Esigma2
            {0.01, 0.5, 0.26485, 0.81918, 0.16444, 0.01329, 0.00242, 0.00066, 0.18082},
            {0.01, 1.0, 1.00000, 0.60571, 0.35961, 0.00726, 0.02554, 0.00187, 0.39429},
            {0.01, 1.5, 2.22525, 0.46128, 0.46927, 0.00421, 0.06289, 0.00235, 0.53872},
            {0.1, 0.5, 0.38595, 0.76676, 0.12034, 0.10657, 0.00088, 0.00544, 0.23324},
            {0.1, 1.0, 1.00000, 0.60571, 0.30038, 0.06650, 0.01384, 0.01357, 0.39429},
            {0.1, 1.5, 2.02341, 0.47797, 0.42084, 0.04141, 0.04162, 0.01816, 0.52203},
            {0.5, 0.5, 0.72409, 0.66355, 0.04049, 0.27832, 0.00003, 0.01760, 0.33645},
            {0.5, 1.0, 1.00000, 0.60571, 0.13497, 0.23191, 0.00112, 0.02629, 0.39429},
            {0.5, 1.5, 1.45985, 0.53665, 0.23838, 0.18204, 0.00634, 0.03659, 0.46335}
        };
        for (double[] r : table) {
            GepCoefficients g = GepCoefficients.of(Activation.TANH, r[0], r[1], 0);
            String at = "t=" + r[0] + " sigma=" + r[1];
            assertEquals(r[2], g.gamma(), 6e-6, at);
            assertEquals(r[3], g.alpha(), 6e-6, at);
            assertEquals(r[4], g.linearData(), 6e-6, at);
            assertEquals(r[5], g.linearNoise(), 6e-6, at);
            assertEquals(r[6], g.perSample(), 6e-6, at);
            assertEquals(r[7], g.perNoise(), 6e-6, at);
            assertEquals(r[8], g.secondMoment(), 6e-6, at);
            assertEquals(0, g.kappa0(), 1e-14, "tanh is odd");
        }
        // With a feature shift mu = a_t at t = 0.1.
        GepCoefficients s05 = GepCoefficients.of(Activation.TANH, 0.1, 0.5, Math.exp(-0.1));
        assertEquals(0.60976, s05.kappa0(), 6e-6);
        assertEquals(0.51128, s05.alpha(), 6e-6);
        assertEquals(0.05351, s05.linearData(), 6e-6);
        assertEquals(0.00428, s05.perSample(), 6e-6);
        GepCoefficients s1 = GepCoefficients.of(Activation.TANH, 0.1, 1.0, Math.exp(-0.1));
        assertEquals(0.50643, s1.kappa0(), 6e-6);
        assertEquals(0.47441, s1.alpha(), 6e-6);
        assertEquals(0.18427, s1.linearData(), 6e-6);
        assertEquals(0.02690, s1.perSample(), 6e-6);
    }

    @Test
    void gepCoefficientsOfReluAgreeWithBruteForceQuadrature() {
        GepCoefficients g = GepCoefficients.of(Activation.RELU, 0.3, 0.8, 0.2);
        // v² + κ₀² + ℓ = E_u[(E_v σ)²] by a fine 2-D Riemann sum.
        double a = Math.exp(-0.3), delta = 1 - Math.exp(-0.6), s = 0, dz = 0.01;
        for (double u = -8; u < 8; u += dz) {
            double inner = 0;
            for (double v = -8; v < 8; v += dz)
                inner += Math.max(0, 0.2 + a * 0.8 * u + Math.sqrt(delta) * v) * Math.exp(-0.5 * v * v) * dz;
            inner /= Math.sqrt(2 * Math.PI);
            s += inner * inner * Math.exp(-0.5 * u * u) * dz / Math.sqrt(2 * Math.PI);
        }
        assertEquals(s, g.perSample() + g.kappa0() * g.kappa0() + g.linearData(), 1e-4);
        // s² + b² = E σ² − E_u[(E_v σ)²], with E σ² = E max(0, 0.2 + √Γ Z)² by a 1-D Riemann sum (Γ = a²σ_c² + Δ).
        double gamma = a * a * 0.8 * 0.8 + delta, second = 0;
        for (double z = -10; z < 10; z += 1e-4) {
            double r = Math.max(0, 0.2 + Math.sqrt(gamma) * z);
            second += r * r * Math.exp(-0.5 * z * z) * 1e-4 / Math.sqrt(2 * Math.PI);
        }
        assertEquals(second - s, g.perNoise() + g.linearNoise(), 1e-4);
        // α = E σ'(0.2 + √Γ Z) = P(Z > −0.2/√Γ) for ReLU.
        double alpha = 0;
        for (double z = -0.2 / Math.sqrt(gamma); z < 10; z += 1e-5)
            alpha += Math.exp(-0.5 * z * z) * 1e-5 / Math.sqrt(2 * Math.PI);
        assertEquals(alpha, g.alpha(), 1e-4);
    }

    @Test
    void gepMatrixWithPerFeatureShiftsMatchesTheRfSpectrum() {
        Rng rng = new Rng(3);
        ClassMixture mix = new ClassMixture(
                32,
                CentroidGeometry.ORTHOGONAL,
                new double[] {1, 1},
                new double[] {1, 0.5},
                new double[] {1, 1},
                rng.split());
        RfClassModel m = RfClassModel.train(
                mix, RfClassModel.Config.defaults(128, 256, 0.1).withScoreSamples(10), rng.split(), Progress.NONE);
        double[] rf = m.flow().rates();
        double[] gep = Dense.eigh(GepTheory.matrix(
                        mix, m.features(), new int[] {64, 64}, 0.1, GepTheory.Shift.PER_FEATURE, rng.split()))
                .values();
        // Spikes within 10 %, and the eigenvalue profile over the spikes and both bulks within 30 % in median.
        assertEquals(1, gep[0] / rf[0], 0.1);
        assertEquals(1, gep[1] / rf[1], 0.1);
        double[] r = new double[160];
        for (int i = 0; i < 160; i++) r[i] = Math.abs(Math.log(gep[i] / rf[i]));
        Arrays.sort(r);
        assertTrue(r[80] < 0.3, "median |log ratio| over the top 160 eigenvalues " + r[80]);
    }

    @Test
    void spectralScalesFollowTheGepTable() {
        ClassMixture mix = new ClassMixture(
                32,
                CentroidGeometry.ORTHOGONAL,
                new double[] {1, 1},
                new double[] {1, 0.5},
                new double[] {3, 1},
                new Rng(1));
        GepTheory.ClassScales[] s = GepTheory.scales(mix, 128, 1024, 0.1, Activation.TANH);
        GepCoefficients c0 = GepCoefficients.of(Activation.TANH, 0.1, 1, 0);
        assertEquals(128 / (1024 * c0.perSample()), s[0].tauMemProxy(), 1e-12);
        assertEquals(0.75 * 1024 * Math.exp(-0.2) * c0.alpha() * c0.alpha(), s[0].spikeLinear(), 1e-9);
        assertTrue(s[0].tauMemProxy() < s[1].tauMemProxy(), "higher variance memorises first");
        assertTrue(s[0].tauGenProxy() < s[1].tauGenProxy(), "higher variance (and majority) generalises first");
    }

    /** The 1-D reduction of the cloning simulation is the exact mixture score projected on m̂; its slope is m̂ᵀ H m̂. */
    @Test
    void oneDimensionalScoreIsTheProjectedMixtureScoreAndHessian() {
        int d = 6;
        ClassMixture mix = new ClassMixture(
                d,
                CentroidGeometry.ANTIPODAL,
                new double[] {1, 1},
                new double[] {0.7, 0.7},
                new double[] {0.8, 0.2},
                new Rng(9));
        double[] m = mix.mean(0);
        double norm = Math.sqrt(Arrays.stream(m).map(x -> x * x).sum());
        double[] u = Arrays.stream(m).map(x -> x / norm).toArray();
        double t = 0.4, y = 0.3;
        double[] x = new double[d];
        double[] orth = {0.2, -0.1, 0.4, 0.0, -0.3, 0.1};
        double dot = 0;
        for (int j = 0; j < d; j++) dot += orth[j] * u[j];
        for (int j = 0; j < d; j++) x[j] = y * u[j] + orth[j] - dot * u[j];
        org.diffdyn.core.diffusion.MixtureScore ms = mix.population().atTime(t);
        double[] g = ms.score(x), hess = ms.hessian(x);
        double proj = 0, curv = 0;
        for (int i = 0; i < d; i++) {
            proj += g[i] * u[i];
            for (int j = 0; j < d; j++) curv += u[i] * hess[i * d + j] * u[j];
        }
        double normSq = norm * norm;
        assertEquals(proj, Speciation.oneDimensionalScore(y, t, normSq, 0.7, 0.8), 1e-12);
        double h = 1e-5;
        double slope = (Speciation.oneDimensionalScore(y + h, t, normSq, 0.7, 0.8)
                        - Speciation.oneDimensionalScore(y - h, t, normSq, 0.7, 0.8))
                / (2 * h);
        assertEquals(curv, slope, 1e-6);
    }

    @Test
    void classCountsAndGeometries() {
        ClassMixture mix = new ClassMixture(
                16,
                CentroidGeometry.ORTHOGONAL,
                new double[] {1, 2, 0.5},
                new double[] {1, 1, 1},
                new double[] {0.7, 0.2, 0.1},
                new Rng(2));
        assertArrayEquals(new int[] {70, 20, 10}, mix.counts(100));
        assertArrayEquals(new int[] {1, 1, 1}, mix.counts(3));
        int[] c = mix.counts(7);
        assertEquals(7, Arrays.stream(c).sum());
        for (int i = 0; i < 3; i++) {
            double[] mu = mix.mean(i);
            assertEquals(
                    mix.norm(i) * 4, Math.sqrt(Arrays.stream(mu).map(x -> x * x).sum()), 1e-12);
            for (int j = 0; j < i; j++) {
                double dot = 0;
                double[] nu = mix.mean(j);
                for (int k = 0; k < 16; k++) dot += mu[k] * nu[k];
                assertEquals(0, dot, 1e-10);
            }
        }
        ClassMixture anti = new ClassMixture(
                8,
                CentroidGeometry.ANTIPODAL,
                new double[] {1, 0.5},
                new double[] {1, 1},
                new double[] {1, 1},
                new Rng(2));
        double[] a = anti.mean(0), b = anti.mean(1);
        for (int k = 0; k < 8; k++) assertEquals(-0.5 * a[k], b[k], 1e-12);
        GaussianMixture.Sample s = mix.trainingSet(100, new Rng(3));
        assertEquals(70, ClassMixture.rowsOfClass(s, 0).numRows);
    }

    @Test
    void learningTimeRules() {
        double[] taus = {1, 2, 3, 4, 5};
        double[] err = {1.0, 0.5, 0.2, 0.1, 0.12};
        assertEquals(4, LearningTimes.genRelative(taus, err, 1.0, 0.05));
        assertEquals(3, LearningTimes.genAbsolute(taus, err, 0.2));
        assertEquals(Double.NaN, LearningTimes.genAbsolute(taus, err, 0.01));
        double[] gap = {0, 0.01, 0.03, 0.05, 0.06};
        assertEquals(3, LearningTimes.memHalfGap(taus, gap, 0.06));
        assertEquals(3, LearningTimes.firstAtOrAbove(taus, gap, LearningTimes.GAP_THRESHOLD));
        assertEquals(4, LearningTimes.memTestArgmin(taus, err));
        assertEquals(
                0.1 + 0.05 * 0.9,
                LearningTimes.commonThreshold(
                        new double[][] {err, {1, 0.3, 0.05, 0.04, 0.04}}, new double[] {1, 1}, 0.05),
                1e-12);
        assertThrows(ParameterException.class, () -> LearningTimes.genAbsolute(taus, new double[] {1}, 0.1));
    }

    @Test
    void learnedPopulationScoreApproximatesTheExactScore() {
        ClassMixture mix = new ClassMixture(
                16,
                CentroidGeometry.ANTIPODAL,
                new double[] {1, 1},
                new double[] {1, 1},
                new double[] {0.8, 0.2},
                new Rng(1));
        RandomFeatures rf = RandomFeatures.draw(256, 16, Activation.RELU, new Rng(2));
        LearnedScore ls = LearnedScore.onPopulation(
                mix.population(), rf, new double[] {0.3, 1.0}, Double.POSITIVE_INFINITY, 6, Progress.NONE);
        assertEquals(0, ls.nodeFor(0.1));
        assertEquals(1, ls.nodeFor(0.6));
        for (double t : new double[] {0.3, 1.0}) {
            GaussianMixture.Sample s = mix.population().sample(1000, new Rng(4));
            double a = Math.exp(-t), h = 1 - Math.exp(-2 * t);
            Rng r = new Rng(5);
            DMatrixRMaj ym = s.x().copy();
            double[] y = ym.data;
            for (int i = 0; i < y.length; i++) y[i] = a * y[i] + Math.sqrt(h) * r.gaussian();
            DMatrixRMaj learnedM = new DMatrixRMaj(1000, 16), exactM = new DMatrixRMaj(1000, 16);
            ls.scores(ym, t, learnedM);
            mix.population().score().scores(ym, t, exactM);
            double[] learned = learnedM.data, exact = exactM.data;
            double e = 0, n = 0;
            for (int i = 0; i < y.length; i++) {
                e += (learned[i] - exact[i]) * (learned[i] - exact[i]);
                n += exact[i] * exact[i];
            }
            assertTrue(e / n < 0.1, "relative squared score error at t=" + t + ": " + e / n);
        }
    }

    @Test
    void monteCarloNoiseWithManyDrawsApproachesTheExactCurves() {
        Rng rng = new Rng(1);
        ClassMixture mix = new ClassMixture(
                16,
                CentroidGeometry.ANTIPODAL,
                new double[] {1, 1},
                new double[] {1, 0.5},
                new double[] {1, 1},
                rng.split());
        RfClassModel.Config exact = RfClassModel.Config.defaults(16, 128, 0.3).withScoreSamples(500);
        RfClassModel ex = RfClassModel.train(mix, exact, new Rng(7), Progress.NONE);
        RfClassModel mc = RfClassModel.train(mix, exact.withMonteCarlo(2000), new Rng(7), Progress.NONE);
        double[] taus = org.diffdyn.core.numeric.Grids.perDecade(1e-2, 1e2, 5);
        RfClassModel.LearningCurves a = ex.curves(taus, Progress.NONE), b = mc.curves(taus, Progress.NONE);
        for (int c = 0; c < 2; c++)
            for (int j = 0; j < taus.length; j++) {
                assertEquals(a.train()[c][j], b.train()[c][j], 0.02, "train loss class " + c + " tau " + taus[j]);
                assertEquals(a.test()[c][j], b.test()[c][j], 0.02, "test loss class " + c + " tau " + taus[j]);
            }
    }

    @Test
    void classOrderRanksAndSpearman() {
        assertArrayEquals(new int[] {2, 1, 3}, ClassOrder.ranks(new double[] {0.5, 0.1, 0.9}, true));
        assertArrayEquals(new int[] {2, 3, 1}, ClassOrder.ranks(new double[] {0.5, 0.1, 0.9}, false));
        assertEquals(1, ClassOrder.spearman(new int[] {1, 2, 3}, new int[] {1, 2, 3}), 1e-15);
        assertEquals(-1, ClassOrder.spearman(new int[] {1, 2, 3}, new int[] {3, 2, 1}), 1e-15);
        ClassOrder.Prediction[] p = ClassOrder.predict(
                new double[] {0.3, 1.0, 0.6},
                new double[] {0, 0, 0},
                new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0},
                0.1,
                32,
                4,
                Activation.TANH);
        assertEquals(1, p[1].genRank());
        assertEquals(1, p[1].memRank());
        assertEquals(3, p[0].genRank());
    }

    @Test
    void badInputNamesTheParameter() {
        Rng r = new Rng(1);
        assertEquals(
                "geometry",
                assertThrows(
                                ParameterException.class,
                                () -> new ClassMixture(
                                        8,
                                        CentroidGeometry.ANTIPODAL,
                                        new double[] {1, 1, 1},
                                        new double[] {1, 1, 1},
                                        new double[] {1, 1, 1},
                                        r))
                        .parameter());
        assertEquals(
                "sigmas[1]",
                assertThrows(
                                ParameterException.class,
                                () -> new ClassMixture(
                                        8,
                                        CentroidGeometry.RANDOM,
                                        new double[] {1, 1},
                                        new double[] {1, -1},
                                        new double[] {1, 1},
                                        r))
                        .parameter());
        assertEquals(
                "norms",
                assertThrows(
                                ParameterException.class,
                                () -> new ClassMixture(
                                        8,
                                        CentroidGeometry.RANDOM,
                                        new double[] {1},
                                        new double[] {1, 1},
                                        new double[] {1, 1},
                                        r))
                        .parameter());
        assertEquals(
                "classes",
                assertThrows(
                                ParameterException.class,
                                () -> new ClassMixture(
                                        2,
                                        CentroidGeometry.ORTHOGONAL,
                                        new double[] {1, 1, 1},
                                        new double[] {1, 1, 1},
                                        new double[] {1, 1, 1},
                                        r))
                        .parameter());
        ClassMixture ok = new ClassMixture(
                8, CentroidGeometry.RANDOM, new double[] {1, 1}, new double[] {1, 1}, new double[] {1, 1}, r);
        assertEquals(
                "n", assertThrows(ParameterException.class, () -> ok.counts(1)).parameter());
        assertEquals(
                "piPlus",
                assertThrows(ParameterException.class, () -> Speciation.phi(1, 1.0))
                        .parameter());
        assertEquals(
                "p",
                assertThrows(ParameterException.class, () -> RfClassModel.Config.defaults(10, 0, 0.1))
                        .parameter());
        assertEquals(
                "t",
                assertThrows(ParameterException.class, () -> RfClassModel.Config.defaults(10, 10, 0))
                        .parameter());
        assertEquals(
                "geometry",
                assertThrows(ParameterException.class, () -> CentroidGeometry.parse("ring"))
                        .parameter());
    }

    @Test
    void learningCurvesAreFiniteAndTrainLossFallsBelowTest() {
        Rng rng = new Rng(4);
        ClassMixture mix = new ClassMixture(
                16,
                CentroidGeometry.RANDOM,
                new double[] {1, 1},
                new double[] {1, 1},
                new double[] {1, 1},
                rng.split());
        RfClassModel m = RfClassModel.train(
                mix, RfClassModel.Config.defaults(32, 256, 0.1).withScoreSamples(500), rng.split(), Progress.NONE);
        RfClassModel.LearningCurves lc =
                m.curves(org.diffdyn.core.numeric.Grids.perDecade(1e-3, 1e7, 10), Progress.NONE);
        for (int c = 0; c < 2; c++) {
            assertEquals(lc.test()[c][0], lc.train()[c][0], 0.02, "train and test coincide early");
            assertTrue(lc.trainInf()[c] < lc.testInf()[c], "memorisation: train below test at the end");
            assertEquals(lc.errorZero()[c], lc.error()[c][0], 0.05 * lc.errorZero()[c]);
        }
    }

    /** The Monte-Carlo measurement of the network agrees with the closed-form curves (flow and explicit descent). */
    @Test
    void measuredNetworkFollowsTheClosedFormCurves() {
        Rng rng = new Rng(5);
        double[] ones = {1, 1};
        ClassMixture mix = new ClassMixture(16, CentroidGeometry.RANDOM, ones, ones, ones, rng.split());
        RfClassModel m = RfClassModel.train(
                mix, RfClassModel.Config.defaults(32, 256, 0.1).withScoreSamples(2000), rng.split(), Progress.NONE);
        double[] taus = {0.1, 10, 1000};
        int[] at = {1, 2};
        RfClassModel.LearningCurves lc = m.curves(taus, Progress.NONE);
        RfClassModel.Probe probe = new RfClassModel.Probe(32, 4000);
        double[][][] flow = m.measureFlow(taus, at, probe, rng.split(), Progress.NONE);
        double step = 0.5 * m.flow().maxStableStep();
        double[][][] descent = m.measureDescent(taus, at, step, 100_000, probe, rng.split(), Progress.NONE);
        double[][] gd = m.scoreErrorDescent(taus, step, Progress.NONE);
        for (int c = 0; c < 2; c++) {
            assertTrue(Double.isNaN(flow[c][0][0]) && Double.isNaN(descent[c][2][0]), "time 0 is not measured");
            for (int j : at) {
                double[] theory = {lc.train()[c][j], lc.test()[c][j], lc.error()[c][j]};
                for (int o = 0; o < 3; o++)
                    assertEquals(theory[o], flow[c][o][j], 0.05 * theory[o], "class " + c + " observable " + o);
                assertEquals(gd[c][j], descent[c][2][j], 0.05 * gd[c][j], "descent class " + c + " at " + taus[j]);
            }
        }
    }

    @Test
    void crossingTimeInterpolatesTheFirstFallThroughTheLevel() {
        double[] t = {0, 1, 2, 3}, phi = {1, 0.8, 0.4, 0.9};
        assertEquals(1.5, Speciation.crossingTime(t, phi, 0.6), 1e-12);
        assertTrue(Double.isNaN(Speciation.crossingTime(t, phi, 0.3)), "never falls below 0.3");
    }
}
