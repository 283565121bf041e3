package org.diffdyn.spectralbias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffdyn.core.ParameterException;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.spectralbias.experiments.WeightRelaxationBuilder;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class WeightRelaxationTest {
    @Test
    void fullMatrixGradientDescentFollowsThePerModeClosedForm() {
        ExperimentResult r = new WeightRelaxationBuilder()
                .d(24)
                .sigma(0.7)
                .q(0.1)
                .eta(0.01)
                .steps(2000)
                .run();
        Table t = r.table();
        assertTrue(t.rowCount() > 24 * 10);
        // Exact agreement with the discrete-GD form (same recursion, different basis): round-off only.
        assertTrue(r.check("gap.gd") < 1e-12, r.summary());
        // Gradient flow differs from GD by O(eta): visible but small.
        double flowGap = r.check("gap.flow");
        assertTrue(flowGap > 1e-5 && flowGap < 0.02, r.summary());
        // Converged weights approach the optimum λ/(λ+σ²).
        int last = t.rowCount() - 1;
        double lambda = t.doubleColumn("lambda").get(last);
        assertEquals(
                OneLayerDynamics.optimalWeight(lambda, 0.7),
                t.doubleColumn("simulation").get(last),
                0.05);
    }

    @Test
    void finiteSamplesDeviateLikeOneOverRootN() {
        // Against the discrete-GD form, so only the finite-N error of the empirical covariance remains: 100x more
        // samples should shrink it about 10x (measured 4.4-15x over seeds 1-6); 3x is the bound a broken sampler fails.
        double few = gdGap(new WeightRelaxationBuilder()
                .d(8)
                .samples(200)
                .steps(300)
                .eta(0.05)
                .run()
                .table());
        double many = gdGap(new WeightRelaxationBuilder()
                .d(8)
                .samples(20000)
                .steps(300)
                .eta(0.05)
                .run()
                .table());
        assertTrue(few > 3 * many, few + " vs " + many);
        assertTrue(many < 0.02 && few > 0.01, few + " vs " + many);
    }

    private static double gdGap(Table t) {
        return t.doubleColumn("simulation")
                .subtract(t.doubleColumn("theory_gd"))
                .abs()
                .max();
    }

    @Test
    void sameSeedSameTableDifferentSeedDifferentTable() {
        Table a = new WeightRelaxationBuilder().d(6).steps(50).seed(9).run().table();
        Table b = new WeightRelaxationBuilder().d(6).steps(50).seed(9).run().table();
        Table c = new WeightRelaxationBuilder().d(6).steps(50).seed(10).run().table();
        assertEquals(a.printAll(), b.printAll());
        assertTrue(
                !a.doubleColumn("lambda").get(0).equals(c.doubleColumn("lambda").get(0)));
    }

    @Test
    void aDivergingLearningRateIsRejectedWithTheStableRange() {
        ParameterException e = assertThrows(
                ParameterException.class,
                () -> new WeightRelaxationBuilder().d(4).eta(5).run());
        assertEquals("eta", e.parameter());
        assertTrue(e.getMessage().contains("(0, "), e.getMessage());
        assertThrows(ParameterException.class, () -> new WeightRelaxationBuilder().d(-1));
    }

    @Test
    void closedFormLimits() {
        assertEquals(0.1, OneLayerDynamics.weight(2, 1, 0.1, 1, 0), 1e-15);
        assertEquals(2 / 3.0, OneLayerDynamics.weight(2, 1, 0.1, 1, 1e6), 1e-15);
        // Spec §2.3 weight table, one layer, λ = 1, σ = 1, Q = 0.1: 0.11568, 0.23187, 0.49267, 0.50000.
        double[] tau = {0.01, 0.1, 1, 10}, expected = {0.11568, 0.23187, 0.49267, 0.50000};
        for (int i = 0; i < 4; i++)
            assertEquals(expected[i], OneLayerDynamics.weight(1, 1, 0.1, 1, tau[i]), 1e-4 * expected[i]);
    }
}
