package org.diffdyn.spectralbias.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Registry;
import org.diffdyn.spectralbias.PerModeTraining;
import org.junit.jupiter.api.Test;

/** Every paper-A experiment runs through the registry and the DSL, small, and its own checks hold. */
class SpectralBiasExperimentsTest {
    @Test
    void allRegistered() {
        for (String n : List.of(
                "weight-relaxation",
                "spectral-weights",
                "generated-variance",
                "emergence-times",
                "convolution-spectra",
                "linear-simulation",
                "flow-matching",
                "deep-linear")) assertEquals("A", Registry.get(n).paper(), n);
    }

    @Test
    void spectralWeights() {
        ExperimentResult r = SpectralBiasDsl.spectralWeights()
                .lambdas(10, 1, 0.01)
                .points(20)
                .samples(2000)
                .progress(Progress.NONE)
                .run();
        assertTrue(r.table()
                .columnNames()
                .containsAll(List.of("one_layer", "two_layer", "one_layer_sim", "two_layer_sim")));
        assertTrue(r.check("gap.one-layer") < 0.05);
        assertTrue(r.check("gap.two-layer") < 0.05);
        assertEquals(List.of("one-layer", "two-layer"), r.plotNames());
    }

    @Test
    void generatedVariance() {
        ExperimentResult r = SpectralBiasDsl.generatedVariance()
                .points(12)
                .progress(Progress.NONE)
                .run();
        assertTrue(r.check("gap.quadrature") < 1e-9);
        assertEquals(3.33e-5, r.check("initial-variance"), 1e-7);
        assertEquals(List.of("one-layer", "two-layer", "one-layer-heun", "kl"), r.plotNames());
        // item 12: the Heun columns are the sampler's exact (affine-map) emulation, named so; a run of the sampler is
        // linear-simulation
        assertTrue(r.table().columnNames().containsAll(List.of("one_layer_heun_emulated", "two_layer_heun_emulated")));
    }

    @Test
    void emergenceTimesReproduceTheSpecSlopes() {
        ExperimentResult r =
                SpectralBiasDsl.emergenceTimes().qs(0.1).progress(Progress.NONE).run();
        assertEquals(-1.02, r.check("slope.code.one-layer.q0p1.geometric.increase"), 0.05);
        assertEquals(-1.17, r.check("slope.code.one-layer.q0p1.harmonic.increase"), 0.05);
        assertEquals(-1.01, r.check("slope.code.two-layer.q0p1.geometric.increase"), 0.05);
        assertEquals(-1.13, r.check("slope.code.two-layer.q0p1.harmonic.increase"), 0.05);
        assertEquals(
                "-1.02 +- 0.05",
                r.checkRecord("slope.code.one-layer.q0p1.geometric.increase").target());
        assertEquals(List.of("code-procedure", "exact"), r.plotNames());
    }

    @Test
    void convolutionSpectraWithSimulation() {
        ExperimentResult r = SpectralBiasDsl.convolutionSpectra()
                .n(8)
                .radii(1)
                .points(10)
                .simulate(true)
                .record(2)
                .samples(1000)
                .generated(1000)
                .log10TauFrom(-4)
                .log10TauTo(0)
                .progress(Progress.NONE)
                .run();
        assertTrue(r.check("gap.quadrature.patch") < 1e-8);
        assertEquals(-1, r.check("slope.circulant"), 0.3);
        assertTrue(r.check("log-gap.max.circulant") < 0.3);
        assertTrue(r.check("log-gap.max.patch-k3") < 0.3);
        assertTrue(r.table().columnNames().containsAll(List.of("drawn_ode", "drawn_heun", "simulation")));
    }

    /** Notebook 01 §5 in its setting (n = 32, radii 1, 2, 4): the numbers its prose states. */
    @Test
    void convolutionSpectraNotebookClaims() {
        ExperimentResult r = SpectralBiasDsl.convolutionSpectra()
                .n(32)
                .radii(1, 2, 4)
                .points(10)
                .progress(Progress.NONE)
                .run();
        // the circulant filter is the one-layer model with eta -> N eta: the one-layer harmonic slope (spec 2.3: -1.17
        // +- 0.05)
        assertEquals(-1.17, r.check("slope.circulant"), 0.05, r.summary());
        assertTrue(r.check("r2.circulant") > 0.999, r.summary());
        // local filters scatter about their power law: R^2 below 0.9 for K = 3, 5, 9
        for (String k : List.of("patch-k3", "patch-k5", "patch-k9"))
            assertTrue(r.check("r2." + k) < 0.9, k + ": " + r.summary());
        assertTrue(r.check("gap.quadrature.patch") < 1e-12, r.summary());
    }

    @Test
    void linearSimulationGaussian() {
        for (PerModeTraining.Model model : PerModeTraining.Model.values()) {
            ExperimentResult r = SpectralBiasDsl.linearSimulation()
                    .model(model)
                    .d(6)
                    .samples(2000)
                    .record(9)
                    .generated(3000)
                    .progress(Progress.NONE)
                    .run();
            // the measured variances scatter around the Heun-sampler theory at the level of finite sampling + SGD noise
            assertTrue(r.check("log-gap.median") < 0.06, model + ": " + r.summary());
            assertTrue(r.check("log-gap.max") < 0.4, model + ": " + r.summary());
            if (model != PerModeTraining.Model.EDM_SHARED) {
                // the inverse-variance law on the simulated trajectories, and the simulation agrees with its theory
                assertEquals(-1, r.check("slope.simulation"), 0.2, r.summary());
                assertEquals(r.check("slope.drawn-heun"), r.check("slope.simulation"), 0.05, r.summary());
            }
        }
    }

    /** Notebook 01 §6 in its setting: one EDM-preconditioned matrix for all sigma barely orders the modes by lambda. */
    @Test
    void linearSimulationSharedEdmFlattensTheLaw() {
        ExperimentResult r = SpectralBiasDsl.linearSimulation()
                .model(PerModeTraining.Model.EDM_SHARED)
                .d(16)
                .samples(5000)
                .generated(3000)
                .record(13)
                .progress(Progress.NONE)
                .run();
        assertTrue(Math.abs(r.check("slope.simulation")) < 0.3, r.summary());
        assertTrue(Math.abs(r.check("slope.drawn-ode")) < 0.3, r.summary());
    }

    @Test
    void linearSimulationFashionMnist() {
        assumeTrue(ImageDataset.isAvailable(ImageDataset.defaultDirectory()), "Fashion-MNIST not installed");
        ExperimentResult r = SpectralBiasDsl.linearSimulation()
                .data(LinearSimulation.Data.FASHION_MNIST)
                .d(8)
                .samples(3000)
                .record(4)
                .generated(3000)
                .progress(Progress.NONE)
                .run();
        assertTrue(r.check("log-gap.median") < 0.06, r.summary());
        assertFalse(r.table().doubleColumn("lambda").isMissing().size() > 0);
    }

    @Test
    void flowMatchingAndDeepLinear() {
        ExperimentResult f = SpectralBiasDsl.flowMatching()
                .points(12)
                .progress(Progress.NONE)
                .run();
        assertTrue(f.check("gap.quadrature") < 1e-9);
        // notebook 01 §7: a shallower exponent than -1 at the geometric threshold (-0.487 with the defaults; a
        // regression
        // value of the closed form, whose agreement with quadrature is checked above and in AgreementTest)
        assertEquals(-0.487, f.check("slope.geometric.increase"), 0.01, f.summary());
        // notebook 01 §4 in its setting: every depth keeps tau* ~ 1/lambda within 0.05
        ExperimentResult d = SpectralBiasDsl.deepLinear()
                .depths(1, 2, 4)
                .modes(5)
                .points(50)
                .panels(16)
                .progress(Progress.NONE)
                .run();
        for (int l : new int[] {1, 2, 4}) assertEquals(-1, d.check("slope.depth-" + l), 0.05, d.summary());
    }

    @Test
    void sameSeedSameTable() {
        ExperimentResult a = SpectralBiasDsl.linearSimulation()
                .d(4)
                .samples(500)
                .record(3)
                .generated(200)
                .seed(11)
                .progress(Progress.NONE)
                .run();
        ExperimentResult b = SpectralBiasDsl.linearSimulation()
                .d(4)
                .samples(500)
                .record(3)
                .generated(200)
                .seed(11)
                .progress(Progress.NONE)
                .run();
        ExperimentResult c = SpectralBiasDsl.linearSimulation()
                .d(4)
                .samples(500)
                .record(3)
                .generated(200)
                .seed(12)
                .progress(Progress.NONE)
                .run();
        assertEquals(a.table().printAll(), b.table().printAll());
        assertFalse(a.table()
                .doubleColumn("simulation")
                .asList()
                .equals(c.table().doubleColumn("simulation").asList()));
    }
}
