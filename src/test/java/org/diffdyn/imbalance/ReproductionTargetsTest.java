package org.diffdyn.imbalance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The paper-C reproduction targets C1–C10 of random-features-and-ridge.md §3.5 with the spec's tolerances. The
 * spec's numbers come from its own numpy re-implementation (§7), with other random draws: the tests check the
 * robust statements ("robust check" column), not the individual numbers. Setup as §3.5: exact noise-averaged U,
 * tanh, t = 0.1, d = 32, p = 1024, n = 128 unless stated, τ ∈ [1e-3, 1e7] with 40 points per decade, seed 1.
 */
class ReproductionTargetsTest {
    private static final double[] TAUS = org.diffdyn.core.numeric.Grids.perDecade(1e-3, 1e7, 40);
    private static final Map<String, Result> CACHE = new ConcurrentHashMap<>();

    record Result(
            RfClassModel model,
            RfClassModel.LearningCurves curves,
            double[] gen,
            double[] genCommon,
            double[] mem,
            double[] minError) {}

    static Result run(CentroidGeometry g, double[] norms, double[] sigmas, double[] ratios, int n) {
        String key = g + Arrays.toString(norms) + Arrays.toString(sigmas) + Arrays.toString(ratios) + n;
        return CACHE.computeIfAbsent(key, k -> {
            Rng rng = new Rng(1);
            ClassMixture mix = new ClassMixture(32, g, norms, sigmas, ratios, rng.split());
            RfClassModel m =
                    RfClassModel.train(mix, RfClassModel.Config.defaults(n, 1024, 0.1), rng.split(), Progress.NONE);
            RfClassModel.LearningCurves lc = m.curves(TAUS, Progress.NONE);
            double[] minE = new double[2];
            for (int c = 0; c < 2; c++)
                minE[c] = Arrays.stream(lc.error()[c]).min().getAsDouble();
            return new Result(
                    m,
                    lc,
                    LearningTimes.gen(lc, LearningTimes.GenRule.RELATIVE),
                    LearningTimes.gen(lc, LearningTimes.GenRule.COMMON_ABSOLUTE),
                    LearningTimes.mem(lc, LearningTimes.MemRule.HALF_GAP),
                    minE);
        });
    }

    private static final double[] ONE = {1, 1}, BAL = {1, 1};

    /** Grid steps between two grid times. */
    static int steps(double a, double b) {
        return (int) Math.round(Math.abs(Math.log10(a / b)) * 40);
    }

    @Test
    void c1MemorizationTimeDoublesWithNAndGenerationTimeStaysPut() {
        int[] ns = {64, 128, 256, 512};
        double[] mem = new double[4], gen = new double[4];
        for (int i = 0; i < 4; i++) {
            Result r = run(CentroidGeometry.ANTIPODAL, ONE, ONE, BAL, ns[i]);
            mem[i] = r.mem()[0];
            gen[i] = r.gen()[0];
            assertTrue(r.mem()[0] / r.gen()[0] > 50, "tau_mem/tau_gen at n=" + ns[i] + ": " + r.mem()[0] / r.gen()[0]);
        }
        // n ≤ p/8 = 128: doubling n doubles τ_mem within [1.6, 2.4]; growth slows towards p/2.
        for (int i = 0; i < 2; i++) {
            double ratio = mem[i + 1] / mem[i];
            assertTrue(ratio >= 1.6 && ratio <= 2.4, "tau_mem(" + ns[i + 1] + ")/tau_mem(" + ns[i] + ") = " + ratio);
        }
        assertTrue(mem[3] / mem[2] < mem[1] / mem[0], "growth slows as n -> p/2: " + Arrays.toString(mem));
        assertTrue(Math.abs(gen[3] / gen[0] - 1) < 0.5, "tau_gen over 8x in n: " + Arrays.toString(gen));
    }

    @Test
    void c2HigherVarianceClassGeneralisesFirstAndMemorisesNoLater() {
        Result r = run(CentroidGeometry.ANTIPODAL, ONE, new double[] {1.0, 0.5}, BAL, 128);
        assertTrue(r.gen()[1] / r.gen()[0] >= 2, "tau_gen ratio " + Arrays.toString(r.gen()));
        assertTrue(r.mem()[0] <= r.mem()[1], "tau_mem " + Arrays.toString(r.mem()));
        assertTrue(r.minError()[0] < r.minError()[1], "best error " + Arrays.toString(r.minError()));
    }

    @Test
    void c3SmallVarianceDifferenceKeepsTheOrdering() {
        Result r = run(CentroidGeometry.ANTIPODAL, ONE, new double[] {1.0, 0.8}, BAL, 128);
        assertTrue(r.gen()[0] < r.gen()[1], "tau_gen " + Arrays.toString(r.gen()));
    }

    @Test
    void c4CentroidNormIsASecondaryEffect() {
        Result c2 = run(CentroidGeometry.ANTIPODAL, ONE, new double[] {1.0, 0.5}, BAL, 128);
        for (double[] norms : new double[][] {{1.0, 0.5}, {1.5, 0.5}}) {
            Result r = run(CentroidGeometry.ANTIPODAL, norms, ONE, BAL, 128);
            double ratio = r.gen()[0] / r.gen()[1];
            assertTrue(
                    ratio >= 1.05 && ratio <= 1.4,
                    "smaller-norm class slightly earlier, norms " + Arrays.toString(norms) + ": ratio " + ratio);
            assertTrue(ratio < c2.gen()[1] / c2.gen()[0], "weaker than the variance effect of C2");
        }
    }

    @Test
    void c5AntipodalSymmetryMakesImbalanceIrrelevant() {
        Result r = run(CentroidGeometry.ANTIPODAL, ONE, ONE, new double[] {112, 16}, 128);
        assertEquals(112, r.model().count(0));
        assertTrue(steps(r.gen()[0], r.gen()[1]) < 1, "tau_gen " + Arrays.toString(r.gen()));
        assertTrue(steps(r.mem()[0], r.mem()[1]) < 1, "tau_mem " + Arrays.toString(r.mem()));
    }

    @Test
    void c6OrthogonalMinorityHasAWorseFloorAndLaterMemorisation() {
        Result r = run(CentroidGeometry.ORTHOGONAL, ONE, ONE, new double[] {112, 16}, 128);
        assertTrue(
                r.minError()[1] > r.minError()[0] * 1.3,
                "best error majority|minority " + Arrays.toString(r.minError()));
        // Spec: minority memorises later (22.4 | 23.7, one grid step of 40 per decade); on that grid the two are
        // within one step here.
        assertTrue(r.mem()[1] >= r.mem()[0], "tau_mem majority|minority " + Arrays.toString(r.mem()));
        assertTrue(steps(r.mem()[0], r.mem()[1]) <= 1, "tau_mem within a grid step " + Arrays.toString(r.mem()));
        // Resolved on a fine grid (400 per decade around the crossing), the minority memorises strictly later.
        RfClassModel.LearningCurves fine =
                r.model().curves(org.diffdyn.core.numeric.Grids.perDecade(5, 100, 400), Progress.NONE);
        double[] mem = LearningTimes.mem(fine, LearningTimes.MemRule.HALF_GAP);
        assertTrue(mem[1] > mem[0], "fine-grid tau_mem majority|minority " + Arrays.toString(mem));
    }

    @Test
    void c7StrongImbalanceReversesTheFloorOrderAndDelaysMemorisation() {
        double[] sig = {1.0, 0.8};
        Result bal = run(CentroidGeometry.ORTHOGONAL, ONE, sig, new double[] {64, 64}, 128);
        Result mid = run(CentroidGeometry.ORTHOGONAL, ONE, sig, new double[] {16, 112}, 128);
        Result strong = run(CentroidGeometry.ORTHOGONAL, ONE, sig, new double[] {6, 122}, 128);
        assertTrue(
                bal.minError()[0] < bal.minError()[1],
                "balanced: high-variance class lower floor " + Arrays.toString(bal.minError()));
        assertTrue(mid.minError()[0] > mid.minError()[1], "16:112 reversal " + Arrays.toString(mid.minError()));
        assertTrue(strong.minError()[0] > strong.minError()[1], "6:122 reversal " + Arrays.toString(strong.minError()));
        assertTrue(
                bal.mem()[0] < mid.mem()[0] && mid.mem()[0] < strong.mem()[0],
                "memorisation of the high-variance minority delayed monotonically: " + bal.mem()[0] + ", "
                        + mid.mem()[0] + ", " + strong.mem()[0]);
    }

    @Test
    void c8SpectrumSplitsIntoGroupsWithTheHighVarianceClassDominatingTheMemorisationBulk() {
        Result r = run(CentroidGeometry.ORTHOGONAL, ONE, new double[] {1.0, 0.5}, BAL, 128);
        SpectrumAnalysis sa = SpectrumAnalysis.of(r.model());
        SpectrumAnalysis.Group spikes = sa.groups().get(0),
                pop = sa.groups().get(1),
                mem = sa.groups().get(2);
        assertTrue(spikes.size() <= 2, "spikes " + spikes.size());
        assertTrue(
                Math.abs(spikes.size() + pop.size() - 32) <= 2,
                "spikes + population bulk ~ d: " + (spikes.size() + pop.size()));
        assertTrue(sa.gapRatios()[0] > 3 && sa.gapRatios()[1] > 3, "gaps " + Arrays.toString(sa.gapRatios()));
        // The spec's own numbers put the memorization bulk edge at ~0.03 continuing into the floor: no gap there (the
        // finding the README states: ×1.01, not the spec's ×3), so that boundary falls back to the count n.
        assertTrue(sa.gapRatios()[2] < 1.1, "memorization bulk | floor gap " + sa.gapRatios()[2]);
        // §3.5 C8: the memorization bulk spans 0.03–0.35 (×2 either way: the exact average and its seed differ).
        assertTrue(mem.max() > 0.35 / 2 && mem.max() < 0.35 * 2, "memorization bulk top " + mem.max());
        assertTrue(mem.min() > 0.03 / 2 && mem.min() < 0.03 * 2, "memorization bulk bottom " + mem.min());
        assertTrue(mem.classWeights()[0] > 0.55, "class-0 weight of the memorization bulk " + mem.classWeights()[0]);
        assertTrue(mem.dominated()[0] > 96, "eigenvectors dominated by the sigma=1 class: " + mem.dominated()[0]);
        // The top spike belongs to the low-variance class (its features saturate less: larger alpha).
        assertTrue(sa.classWeights(0)[1] > 0.9, "top spike class weights " + Arrays.toString(sa.classWeights(0)));
    }

    @Test
    void c9SpikeRatioFollowsTheSamplingRatio() {
        Result r = run(CentroidGeometry.ORTHOGONAL, ONE, ONE, new double[] {112, 16}, 128);
        double[] lambda = r.model().flow().rates();
        double ratio = lambda[0] / lambda[1];
        assertTrue(Math.abs(ratio / 7 - 1) <= 0.4, "spike ratio " + ratio + " vs rho+/rho- = 7");
        SpectrumAnalysis sa = SpectrumAnalysis.of(r.model());
        assertTrue(sa.classWeights(0)[0] > 0.9 && sa.classWeights(1)[1] > 0.5, "majority spike first, then minority");
    }

    @Test
    void c10SpeciationShiftsByQuadrature() {
        double thr = Speciation.balancedThreshold();
        assertEquals(0.7752, thr, 5e-5);
        double[] pis = {0.5, 0.9, 0.99, 0.999},
                expected = {0, -0.450, -0.686, -0.836},
                bayes = {0, -0.508, -0.740, -0.886};
        for (int i = 0; i < pis.length; i++) {
            assertEquals(expected[i], Speciation.cloneShift(pis[i], false, thr), 0.005, "clone shift pi=" + pis[i]);
            assertEquals(bayes[i], Speciation.bayesShift(pis[i], false), 0.005, "Bayes shift pi=" + pis[i]);
            // The shift does not depend on d.
            for (int d : new int[] {256, 1024, 4096})
                assertEquals(
                        expected[i],
                        Speciation.classSpeciationTime(d, 1, pis[i], false, thr) - Speciation.speciationTime(d),
                        0.005);
        }
        // A majority above the threshold has no crossing.
        assertTrue(Double.isNaN(Speciation.cloneShift(0.9, true, thr)));
        // §3.4 values at t_S for pi+ = 0.9: (all 0.894, +: 0.941, -: 0.470).
        double q = Speciation.q(Speciation.speciationTime(1024), 1024, 1);
        assertEquals(0.894, Speciation.phi(q, 0.9), 0.001);
        assertEquals(0.941, Speciation.phiClass(q, 0.9, true), 0.001);
        assertEquals(0.470, Speciation.phiClass(q, 0.9, false), 0.001);
        // Collapse times of §2.1.
        assertEquals(1.2988, Speciation.collapseTime(20000, 256, 1), 1e-4);
        assertEquals(1.9775, Speciation.collapseTime(20000, 1024, 1), 1e-4);
        assertEquals(2.6671, Speciation.collapseTime(20000, 4096, 1), 1e-4);
    }

    @Test
    void c10SpeciationShiftBySimulationWith20000Trajectories() {
        double tS = Speciation.speciationTime(1024);
        double[] branches = new double[7];
        for (int b = 0; b < 7; b++) branches[b] = tS - 0.8 + 0.1 * b;
        Speciation.CloneCount[] cc = Speciation.cloneOneDimensional(
                1024, 1, 0.9, 20_000, OuProcess.uniformGrid(12, 0, 3000), branches, 11, Progress.NONE);
        double[] t = new double[7], phiMinus = new double[7];
        for (int b = 0; b < 7; b++) {
            t[b] = cc[b].branchTime();
            phiMinus[b] = cc[b].phiClass(1);
            double q = Speciation.q(t[b], 1024, 1);
            assertEquals(Speciation.phi(q, 0.9), cc[b].phi(), 4 * cc[b].phiError() + 1e-3, "phi at t=" + t[b]);
        }
        double crossing = Speciation.crossingTime(t, phiMinus, Speciation.balancedThreshold());
        assertEquals(-0.450, crossing - tS, 0.05);
    }
}
