package org.diffdyn.core.spectra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpectrumFitTest {
    @Test
    void fittedExponentRecoversAPowerLawAndSkipsNonPositiveRanks() {
        double[] eig = Spectrum.powerLaw(200, 1.3).values();
        assertEquals(1.3, Spectrum.fittedExponent(eig, 2, 100), 1e-12);
        eig[9] = 0; // a zero eigenvalue is passed over, not fitted as log 0
        assertEquals(1.3, Spectrum.fittedExponent(eig, 2, 100), 1e-12);
        // a bent spectrum: the fit over the upper ranks sees the steeper tail
        double[] bent = new double[100];
        for (int r = 1; r <= 100; r++) bent[r - 1] = r <= 10 ? Math.pow(r, -0.5) : Math.pow(10, 1.5) * Math.pow(r, -2);
        assertEquals(2, Spectrum.fittedExponent(bent, 10, 100), 1e-12);
        assertTrue(Spectrum.fittedExponent(bent, 1, 100) < 2);
        assertTrue(Double.isNaN(Spectrum.fittedExponent(bent, 100, 200)), "one rank cannot be fitted");
    }
}
