package org.diffdyn.core.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.diffdyn.core.Formats;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.special.Special;
import org.diffdyn.core.spectra.Spectrum;
import org.junit.jupiter.api.Test;

/** The one-of-each helpers of issue #11 item 4: grids, Gauss–Legendre nodes, Φ, log det / trace inverse, csv. */
class GridsTest {
    @Test
    void logspaceIsNumpysLogspace() {
        assertArrayEquals(new double[] {1e-2, 1e-1, 1, 10}, Grids.logspace(-2, 1, 4), 1e-15);
        assertArrayEquals(new double[] {100}, Grids.logspace(2, 5, 1));
        assertEquals(1000, Grids.logspace(-4, 3, 1000)[999], 1e-12);
    }

    @Test
    void geometricHasExactEndsAndValidates() {
        double[] g = Grids.geometric(0.5, 8, 5);
        assertArrayEquals(new double[] {0.5, 1, 2, 4, 8}, g, 0); // the ends and the powers of 2 are exact
        double[] b = Grids.geometric(0.1, 1e6, 71);
        assertEquals(0.1, b[0], 0);
        assertEquals(1e6, b[70], 0);
        assertEquals(1, b[10], 1e-15); // ten points per decade
        assertArrayEquals(new double[] {3, 3}, Grids.geometric(3, 3, 2), 0);
        assertEquals(
                "hi",
                assertThrows(ParameterException.class, () -> Grids.geometric(2, 1, 3))
                        .parameter());
        assertEquals(
                "lo",
                assertThrows(ParameterException.class, () -> Grids.geometric(0, 1, 3))
                        .parameter());
    }

    @Test
    void perDecadeAndSteps() {
        double[] g = Grids.perDecade(1e-3, 1e7, 40);
        assertEquals(401, g.length);
        assertEquals(1, g[120], 1e-12);
        assertEquals(1e7, g[400], 0);
        assertEquals(
                "tauMax",
                assertThrows(ParameterException.class, () -> Grids.perDecade(10, 1, 4))
                        .parameter());
        long[] s = Grids.logSpacedSteps(1000, 5);
        assertArrayEquals(new long[] {0, 1, 10, 100, 1000}, s);
    }

    @Test
    void gaussLegendreIsExactToDegree2nMinus1() {
        GaussLegendre r = GaussLegendre.of(5);
        double sum = 0, x8 = 0;
        for (int i = 0; i < r.size(); i++) {
            sum += r.weight(i);
            x8 += r.weight(i) * Math.pow(r.node(i), 8);
        }
        assertEquals(2, sum, 1e-14);
        assertEquals(2.0 / 9, x8, 1e-14);
        assertEquals(2.0 / 3, Quadrature.composite(x -> x * x, -1, 1, 3), 1e-14);
    }

    @Test
    void normalCdfLogDetTraceInverseCsv() {
        assertEquals(0.975, Special.normalCdf(1.959963984540054), 1e-15);
        assertEquals(0.5, Special.normalCdf(0), 0);
        assertEquals(7.619853024160527e-24, Special.normalCdf(-10), 1e-36); // the lower tail keeps its digits
        Spectrum s = Spectrum.of(4, 2, 0.5);
        assertEquals(Math.log(4), s.logDet(), 1e-15);
        assertEquals(0.25 + 0.5 + 2, s.traceInverse(), 1e-15);
        assertEquals("1.0,0.5,0.1", Formats.csv(1, 0.5, 0.1));
        assertEquals("", Formats.csv());
    }

    @Test
    void evenIndicesSpreadOverTheWholeRange() {
        assertArrayEquals(
                new int[] {0, 3, 5, 8, 10}, Grids.evenIndices(11, 5)); // linspace(0, 10, 5) = 0, 2.5, 5, 7.5, 10
        assertArrayEquals(new int[] {0, 1, 2}, Grids.evenIndices(3, 3));
        assertArrayEquals(new int[] {0}, Grids.evenIndices(7, 1));
        assertArrayEquals(new int[] {}, Grids.evenIndices(7, 0));
        assertThrows(ParameterException.class, () -> Grids.evenIndices(3, 4));
    }
}
