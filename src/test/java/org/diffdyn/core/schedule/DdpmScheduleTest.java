package org.diffdyn.core.schedule;

import static org.junit.jupiter.api.Assertions.*;

import org.diffdyn.core.ParameterException;
import org.junit.jupiter.api.Test;

class DdpmScheduleTest {
    @Test
    void standardScheduleEndpointsAndAlphaBar() {
        DdpmSchedule s = DdpmSchedule.standard();
        assertEquals(1000, s.steps());
        assertEquals(1e-4, s.beta(1), 1e-18);
        assertEquals(1e-2, s.beta(1000), 1e-16);
        // §3.2: ᾱ_T ≈ 0.0063 for T = 1000.
        assertEquals(0.0063, s.alphaBar(1000), 5e-5);
        assertEquals(1.0, s.alphaBar(0));
        // b_1 = β_1 without cancellation; a + b = 1.
        assertEquals(1e-4, s.b(1), 1e-18);
        for (int t : new int[] {1, 10, 500, 1000}) assertEquals(1.0, s.a(t) + s.b(t), 1e-15);
        // ᾱ_t is the product of (1 − β_s), checked directly.
        double prod = 1;
        for (int t = 1; t <= 1000; t++) prod *= 1 - s.beta(t);
        assertEquals(prod, s.alphaBar(1000), 1e-14);
    }

    @Test
    void slideIndexingShiftsFirstBeta() {
        DdpmSchedule s = new DdpmSchedule(1000, 1e-4, 1e-2, DdpmSchedule.Indexing.SLIDE_ONE_BASED);
        assertEquals(1e-4 + (1e-2 - 1e-4) / 1000, s.beta(1), 1e-18);
        assertEquals(1e-2, s.beta(1000), 1e-16);
    }

    @Test
    void posteriorVarianceIsZeroAtFirstStepAndBelowBeta() {
        DdpmSchedule s = DdpmSchedule.linear(100);
        assertEquals(0.0, s.posteriorVariance(1));
        for (int t = 2; t <= 100; t++) {
            assertTrue(s.posteriorVariance(t) < s.beta(t));
            assertEquals(s.beta(t) * s.b(t - 1) / s.b(t), s.posteriorVariance(t), 1e-17);
        }
    }

    @Test
    void badInputNamesTheParameter() {
        ParameterException e = assertThrows(ParameterException.class, () -> DdpmSchedule.linear(1));
        assertEquals("T", e.parameter());
        assertEquals(
                "betaMax",
                assertThrows(
                                ParameterException.class,
                                () -> new DdpmSchedule(10, 1e-2, 1e-3, DdpmSchedule.Indexing.ENDPOINTS))
                        .parameter());
        assertEquals(
                "t",
                assertThrows(ParameterException.class, () -> DdpmSchedule.standard()
                                .beta(0))
                        .parameter());
        assertEquals(
                "t",
                assertThrows(ParameterException.class, () -> DdpmSchedule.standard()
                                .a(1001))
                        .parameter());
    }
}
