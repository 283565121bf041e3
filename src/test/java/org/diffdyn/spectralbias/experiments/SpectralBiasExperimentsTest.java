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
import org.junit.jupiter.api.Test;

/** Every paper-A experiment runs through the registry and the DSL, small, and its own checks hold. */
class SpectralBiasExperimentsTest {
    @Test void allRegistered() {
        for (String n : List.of("weight-relaxation", "spectral-weights", "generated-variance", "emergence-times",
                "convolution-spectra", "linear-simulation", "flow-matching", "deep-linear"))
            assertEquals("A", Registry.get(n).paper(), n);
    }

    @Test void spectralWeights() {
        ExperimentResult r = SpectralBiasDsl.spectralWeights().lambdas(10, 1, 0.01).points(20).samples(2000).progress(Progress.NONE).run();
        assertTrue(r.table().columnNames().containsAll(List.of("one_layer", "two_layer", "one_layer_sim", "two_layer_sim")));
        assertTrue(r.checks().get("max |simulation - theory| one-layer") < 0.05);
        assertTrue(r.checks().get("max |simulation - theory| two-layer") < 0.05);
        assertEquals(2, r.plots().size());
    }

    @Test void generatedVariance() {
        ExperimentResult r = SpectralBiasDsl.generatedVariance().points(12).progress(Progress.NONE).run();
        assertTrue(r.checks().get("max |ln closed form - ln quadrature|") < 1e-9);
        assertEquals(3.33e-5, r.checks().get("initial variance (tau=0, every mode)"), 1e-7);
        assertEquals(4, r.plots().size());
    }

    @Test void emergenceTimesReproduceTheSpecSlopes() {
        ExperimentResult r = SpectralBiasDsl.emergenceTimes().qs(0.1).progress(Progress.NONE).run();
        assertEquals(-1.02, r.checks().get("slope one-layer Q=0.1 geometric increase (code procedure)"), 0.05);
        assertEquals(-1.17, r.checks().get("slope one-layer Q=0.1 harmonic increase (code procedure)"), 0.05);
        assertEquals(-1.01, r.checks().get("slope two-layer Q=0.1 geometric increase (code procedure)"), 0.05);
        assertEquals(-1.13, r.checks().get("slope two-layer Q=0.1 harmonic increase (code procedure)"), 0.05);
    }

    @Test void convolutionSpectraWithSimulation() {
        ExperimentResult r = SpectralBiasDsl.convolutionSpectra().n(8).radii(1).points(10).simulate(true).record(2)
                .samples(1000).generated(1000).tauRange(-4, 0).progress(Progress.NONE).run();
        assertTrue(r.checks().get("max |ln closed form - ln quadrature| (patch)") < 1e-8);
        assertEquals(-1, r.checks().get("slope tau* ~ s^b, circulant (K=N=8)"), 0.3);
        assertTrue(r.checks().get("max |ln simulation - ln theory_sampler|, circulant (K=N=8)") < 0.3);
        assertTrue(r.checks().get("max |ln simulation - ln theory_sampler|, patch K=3") < 0.3);
    }

    @Test void linearSimulationGaussian() {
        for (String model : List.of("one-layer", "two-layer", "edm-shared")) {
            ExperimentResult r = SpectralBiasDsl.linearSimulation().model(model).d(6).samples(2000).record(9).generated(3000)
                    .progress(Progress.NONE).run();
            // the measured variances scatter around the Heun-sampler theory at the level of finite sampling + SGD noise
            assertTrue(r.checks().get("median |ln(simulation / theory_sampler)|") < 0.06, model + ": " + r.summary());
            assertTrue(r.checks().get("max |ln(simulation / theory_sampler)|") < 0.4, model + ": " + r.summary());
            if (!model.equals("edm-shared")) {
                // the inverse-variance law on the simulated trajectories, and the simulation agrees with its theory
                assertEquals(-1, r.checks().get("emergence slope, simulation (geometric, increasing modes)"), 0.2, r.summary());
                assertEquals(r.checks().get("emergence slope, theory_sampler"),
                        r.checks().get("emergence slope, simulation (geometric, increasing modes)"), 0.05, r.summary());
            }
        }
    }

    @Test void linearSimulationFashionMnist() {
        assumeTrue(ImageDataset.isAvailable(ImageDataset.defaultDirectory()), "Fashion-MNIST not installed");
        ExperimentResult r = SpectralBiasDsl.linearSimulation().data("fashion-mnist").d(8).samples(3000).record(4).generated(3000)
                .progress(Progress.NONE).run();
        assertTrue(r.checks().get("median |ln(simulation / theory_sampler)|") < 0.06, r.summary());
        assertFalse(r.table().doubleColumn("lambda").isMissing().size() > 0);
    }

    @Test void flowMatchingAndDeepLinear() {
        ExperimentResult f = SpectralBiasDsl.flowMatching().points(12).progress(Progress.NONE).run();
        assertTrue(f.checks().get("max |ln closed form - ln quadrature|") < 1e-9);
        ExperimentResult d = SpectralBiasDsl.deepLinear().depths(1, 3).modes(3).points(30).progress(Progress.NONE).run();
        assertEquals(-1, d.checks().get("slope tau* ~ lambda^b, depth 3"), 0.1);
    }

    @Test void sameSeedSameTable() {
        ExperimentResult a = SpectralBiasDsl.linearSimulation().d(4).samples(500).record(3).generated(200).seed(11).progress(Progress.NONE).run();
        ExperimentResult b = SpectralBiasDsl.linearSimulation().d(4).samples(500).record(3).generated(200).seed(11).progress(Progress.NONE).run();
        ExperimentResult c = SpectralBiasDsl.linearSimulation().d(4).samples(500).record(3).generated(200).seed(12).progress(Progress.NONE).run();
        assertEquals(a.table().printAll(), b.table().printAll());
        assertFalse(a.table().doubleColumn("simulation").asList().equals(c.table().doubleColumn("simulation").asList()));
    }
}
