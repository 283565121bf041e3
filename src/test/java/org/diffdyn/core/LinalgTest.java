package org.diffdyn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class LinalgTest {
    @Test
    void eighRecoversARotatedSpectrumInDescendingOrder() {
        Spectrum s = Spectrum.of(0.5, 3, 1, 0.01, 2);
        Covariance c = Covariance.randomlyRotated(s, 7);
        SymmetricEigen e = Dense.eigh(c.matrix());
        assertArrayEquals(new double[] {3, 2, 1, 0.5, 0.01}, e.values(), 1e-12);
        assertTrue(e.residual(c.matrix()) < 1e-13, "residual " + e.residual(c.matrix()));
    }

    @Test
    void multiplyAndGramAgreeWithEjml() {
        Rng rng = new Rng(1);
        DMatrixRMaj a = new DMatrixRMaj(7, 5, true, rng.gaussianMatrix(7, 5));
        DMatrixRMaj b = new DMatrixRMaj(5, 3, true, rng.gaussianMatrix(5, 3));
        DMatrixRMaj ref = new DMatrixRMaj(7, 3);
        CommonOps_DDRM.mult(a, b, ref);
        assertArrayEquals(ref.data, Dense.multiply(a, b).data, 1e-13);
        DMatrixRMaj g = new DMatrixRMaj(5, 5);
        CommonOps_DDRM.multTransA(a, a, g);
        CommonOps_DDRM.scale(1 / 7.0, g);
        assertArrayEquals(g.data, Dense.gram(a, 7).data, 1e-13);
    }

    @Test
    void randomOrthogonalIsOrthogonalAndSeeded() {
        DMatrixRMaj q = Covariance.randomOrthogonal(6, 42);
        DMatrixRMaj qtq = new DMatrixRMaj(6, 6);
        CommonOps_DDRM.multTransA(q, q, qtq);
        assertArrayEquals(CommonOps_DDRM.identity(6).data, qtq.data, 1e-13);
        assertArrayEquals(q.data, Covariance.randomOrthogonal(6, 42).data, 0);
    }

    @Test
    void spectraAreValidatedAndNormalised() {
        assertEquals(50, Spectrum.powerLaw(50, 1.5).trace(), 1e-10);
        assertEquals(20, Spectrum.logNormal(20, 3).trace(), 1e-10);
        ParameterException e = assertThrows(ParameterException.class, () -> Spectrum.of(1, 0, 2));
        assertTrue(e.getMessage().contains("spectrum[1]") && e.getMessage().contains("> 0"), e.getMessage());
        assertThrows(ParameterException.class, () -> Spectrum.powerLaw(-3, 1));
        assertThrows(ParameterException.class, () -> Spectrum.of(1, Double.NaN));
    }

    @Test
    void rngIsDeterministic() {
        assertArrayEquals(new Rng(5).gaussianMatrix(3, 3), new Rng(5).gaussianMatrix(3, 3), 0);
    }
}
