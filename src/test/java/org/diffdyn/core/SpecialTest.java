package org.diffdyn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.diffdyn.core.special.Special;
import org.junit.jupiter.api.Test;

class SpecialTest {
    // Reference values of E1 (Abramowitz & Stegun Table 5.1 / mpmath expint(1, x)).
    @Test
    void e1MatchesReferenceValuesOverItsRange() {
        assertEquals(22.448635265138923, Special.e1(1e-10), 1e-13 * 22.4);
        assertEquals(0.5597735947761608, Special.e1(0.5), 1e-15 * 1);
        assertEquals(0.21938393439552029, Special.e1(1.0), 2e-15 * 0.22);
        assertEquals(0.04890051070806112, Special.e1(2.0), 1e-16);
        assertEquals(1.1482955912753257e-3, Special.e1(5.0), 1e-17);
        assertEquals(4.156968929685324e-6, Special.e1(10.0), 1e-20);
        assertEquals(3.783264029550459e-24, Special.e1(50.0), 1e-37);
        assertEquals(0.0, Special.e1(800));
        assertEquals(Double.POSITIVE_INFINITY, Special.e1(0));
        assertThrows(IllegalArgumentException.class, () -> Special.e1(-1));
    }

    @Test
    void scaledE1IsContinuousAcrossItsSwitch() {
        // References: the continued fraction evaluated backwards in 40-digit decimal arithmetic.
        assertEquals(0.001426538453314060266, Special.scaledE1(699.999), 1e-14 * 0.0014);
        assertEquals(0.001426534383293519174, Special.scaledE1(700.001), 1e-14 * 0.0014);
        assertEquals(0.0009990019940238807150, Special.scaledE1(1000), 1e-14 * 0.001);
    }

    @Test
    void digammaAndLogSumExp() {
        assertEquals(-Special.EULER_GAMMA, Special.digamma(1), 1e-15);
        assertEquals(-Special.EULER_GAMMA - 2 * Math.log(2), Special.digamma(0.5), 1e-14);
        assertEquals(Math.log(1000) - 1 / 2000.0 - 1 / 12e6, Special.digamma(1000), 1e-14);
        assertEquals(1 + 0.5 + 1 / 3.0 - Special.EULER_GAMMA, Special.digamma(4), 1e-14);
        assertEquals(1000 + Math.log(2), Special.logSumExp(new double[] {1000, 1000}), 1e-12);
    }
}
