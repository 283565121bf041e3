package org.diffdyn.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

class ZigguratTest {
    @Test
    void momentsAndTailProbabilitiesOfAStandardNormal() {
        Ziggurat z = new Ziggurat(new Rng(42));
        int n = 2_000_000;
        double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
        int[] beyond = new int[4];
        double[] cut = {0.5, 1.5, 2.5, 3.5};
        for (int i = 0; i < n; i++) {
            double x = z.next();
            m1 += x;
            m2 += x * x;
            m3 += x * x * x;
            m4 += x * x * x * x;
            for (int c = 0; c < 4; c++) if (x > cut[c]) beyond[c]++;
        }
        assertEquals(0, m1 / n, 5 * Math.sqrt(1.0 / n));
        assertEquals(1, m2 / n, 5 * Math.sqrt(2.0 / n));
        assertEquals(0, m3 / n, 5 * Math.sqrt(15.0 / n));
        assertEquals(3, m4 / n, 5 * Math.sqrt(96.0 / n));
        for (int c = 0; c < 4; c++) {
            double p = 0.5 * Erf.erfc(cut[c] / Math.sqrt(2));
            assertEquals(p, (double) beyond[c] / n, 5 * Math.sqrt(p * (1 - p) / n) + 1e-6, "P(X > " + cut[c] + ")");
        }
    }

    @Test
    void sameSeedSameDraws() {
        Ziggurat a = new Ziggurat(new Rng(7)), b = new Ziggurat(new Rng(7));
        for (int i = 0; i < 1000; i++) assertEquals(a.next(), b.next(), 0.0);
        assertTrue(new Ziggurat(new Rng(8)).next() != new Ziggurat(new Rng(7)).next());
    }
}
