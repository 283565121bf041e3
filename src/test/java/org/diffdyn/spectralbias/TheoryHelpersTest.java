package org.diffdyn.spectralbias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.spectralbias.EmergenceTimes.Emergence;
import org.diffdyn.spectralbias.EmergenceTimes.Threshold;
import org.diffdyn.spectralbias.GeneratedVariance.Sampler;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The theory helpers the experiments call (moved out of the experiment layer): each against an independent
 * computation of the same quantity.
 */
class TheoryHelpersTest {
    static final double S0 = EdmSchedule.DEFAULT_SIGMA_MIN, ST = EdmSchedule.DEFAULT_SIGMA_MAX;
    static final double[] LEVELS = EdmSchedule.standard().karrasSteps(20, EdmSchedule.DEFAULT_RHO);

    @Test
    void circulantCovarianceInvertsFourierVariances() {
        int n = 12;
        double[] s = new double[n];
        for (int k = 0; k < n; k++) s[k] = Math.pow(1 + Math.min(k, n - k), -1.5);
        double[] back = CirculantConvolution.fourierVariances(CirculantConvolution.covariance(s));
        for (int k = 0; k < n; k++) assertEquals(s[k], back[k], 1e-12, "mode " + k);
    }

    @Test
    void samplerLogOfAFunctionEqualsTheArrayForm() {
        double[] psi = new double[LEVELS.length];
        for (int i = 0; i + 1 < LEVELS.length; i++) psi[i] = OneLayerDynamics.weight(0.3, LEVELS[i], 0.1, 1, 2.5);
        for (Sampler sampler : Sampler.values())
            assertEquals(
                    GeneratedVariance.samplerLog(LEVELS, psi, sampler),
                    GeneratedVariance.samplerLog(LEVELS, sg -> OneLayerDynamics.weight(0.3, sg, 0.1, 1, 2.5), sampler),
                    0);
    }

    @Test
    void convolutionFiltersMatchTheirPerModeForms() {
        int n = 9;
        DMatrixRMaj sigma =
                Covariance.randomlyRotated(Spectrum.powerLaw(n, 1.2), 5).matrix();
        double[] s = CirculantConvolution.fourierVariances(sigma);
        ConvolutionFilter circulant = new CirculantConvolution.Filter(s);
        double[] log = circulant.generatedLog(0.1, 1, 0.7, S0, ST);
        for (int k = 0; k < n; k++)
            assertEquals(CirculantConvolution.generatedLog(s[k], 0.1, 1, n, 0.7, S0, ST), log[k], 1e-14);
        // the exact sampler emulation per Fourier mode: the circulant gains are one-layer weights at rate Nη
        double[] heun = circulant.samplerLog(LEVELS, 0.1, 1, 0.7, Sampler.HEUN);
        for (int k = 0; k < n; k++) {
            double sk = s[k];
            double expected = GeneratedVariance.samplerLog(
                    LEVELS, sg -> OneLayerDynamics.weight(sk, sg, 0.1, n * 1.0, 0.7), Sampler.HEUN);
            assertEquals(expected, heun[k], 1e-12, "mode " + k);
        }
        PatchConvolution patch = new PatchConvolution(sigma, 2);
        // emergence: the closed form at τ* sits on the threshold
        double[] tStar = patch.emergenceTimes(s, 0.1, 1, S0, ST, Threshold.HARMONIC);
        double init = GeneratedVariance.initialLog(0.1, S0, ST);
        for (int k = 0; k < n; k++) {
            if (Double.isNaN(tStar[k])) continue;
            double thr = EmergenceTimes.threshold(Threshold.HARMONIC, Math.exp(init), s[k]);
            assertEquals(Math.log(thr), patch.generatedLog(0.1, 1, tStar[k], S0, ST)[k], 1e-8, "mode " + k);
        }
    }

    @Test
    void expectedGradientDescentFollowsTheDiscreteClosedForm() {
        int d = 5;
        double[] lambdas = {2, 1, 0.5, 0.1, 0.01};
        DMatrixRMaj sigmaHat = CommonOps_DDRM.diag(lambdas), basis = CommonOps_DDRM.identity(d);
        long[] record = {0, 1, 10, 100, 400};
        double[][] psi =
                FullMatrixTraining.expectedGradientDescent(sigmaHat, basis, 1.0, 0.1, 0.05, record, Progress.NONE);
        for (int r = 0; r < record.length; r++)
            for (int k = 0; k < d; k++)
                assertEquals(
                        OneLayerDynamics.weightAfterSteps(lambdas[k], 1.0, 0.1, 0.05, record[r]), psi[r][k], 1e-12);
    }

    @Test
    void smoothedFirstCrossingsIsThePerModeProcedure() {
        double[] lambdas = {10, 1, 0.1, 0.01}, taus = org.diffdyn.core.numeric.Grids.logspace(-4, 3, 200);
        double[][] log = GeneratedVariance.oneLayerLog(lambdas, 0.1, 1, taus, S0, ST);
        Emergence[] all = EmergenceTimes.smoothedFirstCrossings(taus, log, lambdas, Threshold.GEOMETRIC, 2);
        for (int k = 0; k < lambdas.length; k++) {
            double[] traj = new double[taus.length];
            for (int j = 0; j < taus.length; j++) traj[j] = Math.exp(log[j][k]);
            assertEquals(EmergenceTimes.smoothedFirstCrossing(taus, traj, lambdas[k], Threshold.GEOMETRIC, 2), all[k]);
        }
    }

    @Test
    void perModeModelsStartFromTheirInitialValue() {
        for (PerModeTraining.Model m : PerModeTraining.Model.values()) {
            double start = m.initialLog(0.1, S0, ST);
            assertEquals(start, m.generatedLog(0.5, 0.1, 1, 0, S0, ST), 1e-9, m.name());
            assertTrue(m.generatedLog(0.5, 0.1, 1, 1e4, S0, ST) > start, m.name() + " learns the mode");
        }
        assertEquals(
                GeneratedVariance.initialLog(0.1, S0, ST), PerModeTraining.Model.ONE_LAYER.initialLog(0.1, S0, ST));
    }
}
