package org.diffdyn.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Per-class times on curves whose crossings are known in closed form. */
class ClassTimesTest {

    /**
     * Test loss L_c(s) = f + (1 − f) e^{−s/T_c} with a common floor f: the common threshold is f + 0.05(1 − f), met
     * at s = T_c ln 20, so τ_gen,c is the first grid step ≥ T_c ln 20. f_mem of class c jumps from 0 to 0.5 at a
     * known step; the train loss falls below the test loss by a gap that grows like 1 − e^{−s/M_c}, whose half value
     * is reached at M_c ln 2.
     */
    @Test
    void timesAndRanksOfSyntheticCurves() {
        double[] steps = org.diffdyn.core.numeric.Grids.logspace(0, 5, 201);
        double[] tc = {300, 30, 3000}, onset = {5000, 800, 20_000}, mc = {1000, 10_000, 100};
        int k = 3;
        double f = 0.2;
        double[][] test = new double[k][steps.length],
                train = new double[k][steps.length],
                fmem = new double[k][steps.length];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < steps.length; j++) {
                test[c][j] = f + (1 - f) * Math.exp(-steps[j] / tc[c]);
                train[c][j] = test[c][j] - 0.1 * (1 - Math.exp(-steps[j] / mc[c]));
                fmem[c][j] = steps[j] >= onset[c] ? 0.5 : (j % 2 == 0 ? 0 : Double.NaN);
            }
        ClassTimes.Times[] t = ClassTimes.measure(steps, train, test, fmem, 0.1);
        for (int c = 0; c < k; c++) {
            assertEquals(firstAtLeast(steps, tc[c] * Math.log(20)), t[c].gen(), 1e-9 * t[c].gen(), "gen " + c);
            assertEquals(firstAtLeast(steps, onset[c]), t[c].memFraction(), 1e-9, "mem " + c);
            // gap at the last step is slightly below 0.1 for the slowest class: half of that value
            double gInf = 0.1 * (1 - Math.exp(-steps[steps.length - 1] / mc[c]));
            double half = -mc[c] * Math.log(1 - 0.5 * gInf / 0.1);
            assertEquals(firstAtLeast(steps, half), t[c].memGap(), 1e-9 * half, "gap " + c);
        }
        assertArrayEquals(new int[] {2, 1, 3}, ClassTimes.ranks(new double[] {t[0].gen(), t[1].gen(), t[2].gen()}));
        assertArrayEquals(new int[] {1, 3, 2}, ClassTimes.ranks(new double[] {1, Double.NaN, 2}));
        assertEquals(1, ClassTimes.spearman(new int[] {1, 2, 3}, new int[] {1, 2, 3}), 0);
        assertTrue(ClassTimes.spearman(new int[] {1, 2, 3}, new int[] {3, 2, 1}) < 0);
    }

    static double firstAtLeast(double[] grid, double x) {
        for (double g : grid) if (g >= x * (1 - 1e-12)) return g;
        return Double.NaN;
    }
}
