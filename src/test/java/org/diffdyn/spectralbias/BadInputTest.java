package org.diffdyn.spectralbias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.experiment.Registry;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Bad input fails early and names the parameter, its value and the valid range. */
class BadInputTest {
    @Test
    void negativeDimension() {
        ParameterException e = assertThrows(ParameterException.class, () -> Spectrum.logNormal(-3, 1));
        assertEquals("d", e.parameter());
        ParameterException e2 = assertThrows(
                ParameterException.class,
                () -> Registry.get("linear-simulation").builder().parse("d", "-4"));
        assertEquals("d", e2.parameter());
        assertTrue(e2.getMessage().contains("[1, 784]"), e2.getMessage());
    }

    @Test
    void nonPositiveSpectrum() {
        ParameterException e = assertThrows(
                ParameterException.class,
                () -> GeneratedVariance.oneLayerLog(new double[] {1, 0}, 0.1, 1, new double[] {1}, 0.002, 80));
        assertEquals("lambda[1]", e.parameter());
        assertThrows(
                ParameterException.class,
                () -> TwoLayerDynamics.generatedLog(new double[] {-1}, 0.1, 1, new double[] {1}, 0.002, 80));
        assertThrows(ParameterException.class, () -> Spectrum.of(1, Double.NaN));
        assertThrows(
                ParameterException.class,
                () -> EmergenceTimes.exact(t -> 0, 0, -1, EmergenceTimes.Threshold.GEOMETRIC, 1e-3, 1));
        ParameterException lam = assertThrows(
                ParameterException.class,
                () -> Registry.get("generated-variance").builder().parse("lambdas", "1,0,3"));
        assertEquals("lambdas", lam.parameter());
    }

    @Test
    void divergingLearningRateNamesEtaAndTheStableRange() {
        ParameterException e = assertThrows(ParameterException.class, () -> OneLayerDynamics.checkStable(1e-3, 1, 80));
        assertEquals("eta", e.parameter());
        assertTrue(e.getMessage().contains("(0, 1.56"), e.getMessage()); // 1/(80² + 1) = 1.5622e-4
        DMatrixRMaj x = Covariance.diagonal(Spectrum.of(2, 1)).sample(200, new Rng(1));
        ParameterException p = assertThrows(
                ParameterException.class,
                () -> FullMatrixTraining.oneLayer(x, 5, 0.1, 0.5, 200, 8, new Rng(2), Progress.NONE));
        assertEquals("eta", p.parameter());
        // the two-layer model has no exact bound up front: divergence is detected and reported with the stable scale
        NumericalException n = assertThrows(
                NumericalException.class,
                () -> FullMatrixTraining.twoLayer(x, 5, 0.1, 0.5, 400, 8, new Rng(2), Progress.NONE));
        assertEquals("eta", n.parameter());
        assertTrue(n.getMessage().contains("stable for eta below"), n.getMessage());
        ParameterException wr = assertThrows(ParameterException.class, () -> Registry.get("weight-relaxation")
                .builder()
                .set("eta", 5.0)
                .set("sigma", 1.0)
                .run());
        assertEquals("eta", wr.parameter());
    }

    @Test
    void sigmaRangeAndModelParameters() {
        assertEquals(
                "sigmaT",
                assertThrows(ParameterException.class, () -> GeneratedVariance.logByQuadrature(s -> 0, 1, 0.5, 8))
                        .parameter());
        assertEquals(
                "q",
                assertThrows(
                                ParameterException.class,
                                () -> new PerModeTraining.Config(PerModeTraining.Model.TWO_LAYER, 0, 8, 1, 0.05, 1))
                        .parameter());
        assertEquals(
                "radius",
                assertThrows(
                                ParameterException.class,
                                () -> new PatchConvolution(
                                        Covariance.diagonal(Spectrum.isotropic(8))
                                                .matrix(),
                                        4))
                        .parameter());
        assertEquals(
                "q",
                assertThrows(
                                ParameterException.class,
                                () -> DeepLinearDynamics.gain(1, 1, -0.1, 1, 3, new double[] {1}))
                        .parameter());
        assertEquals(
                "times",
                assertThrows(
                                ParameterException.class,
                                () -> PerModeTraining.train(
                                        new DMatrixRMaj(4, 1),
                                        new double[] {1},
                                        new double[] {2, 1},
                                        new PerModeTraining.Config(PerModeTraining.Model.ONE_LAYER, 0.1, 2, 1, 0.05, 1),
                                        Progress.NONE))
                        .parameter());
    }
}
