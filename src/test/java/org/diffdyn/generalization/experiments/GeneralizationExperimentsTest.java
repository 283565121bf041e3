package org.diffdyn.generalization.experiments;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Registry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The paper-B experiments at small sizes: registered, typed builders, tables with theory and simulation, checks. */
class GeneralizationExperimentsTest {

    @Test void allAreRegisteredForDslMagicsAndCli() {
        for (String name : new String[] {"loss-vs-n", "kl-vs-n", "loss-vs-time", "early-stopping", "real-spectrum"}) {
            assertEquals("B", Registry.get(name).paper());
            assertTrue(Registry.describe(name).rowCount() > 3);
        }
    }

    @Test void lossVsNTheoryOverSimulation() {
        ExperimentResult r = GeneralizationDsl.lossVsN().d(60).k(0, 1).c(1e-3).ratios(0.5, 2, 8).theoryPoints(5).draws(3)
                .steps(200).progress(Progress.NONE).run();
        Table t = r.table();
        for (String col : new String[] {"theory_test", "theory_train", "sim_test", "sim_test_sd", "sim_train", "sim_excess", "population"})
            assertTrue(t.columnNames().contains(col), col);
        assertTrue(r.checks().get("min (test - train) over simulated points") > 0);
        assertTrue(r.checks().get("max |sim - DE| / DE for N >= d (test)") < 0.1);
        assertEquals(3, r.plots().size());
        // Test loss decreases towards the population value as N grows.
        double first = t.where(t.doubleColumn("k").isEqualTo(0).and(t.doubleColumn("ratio").isEqualTo(0.5))).doubleColumn("sim_test").get(0);
        double last = t.where(t.doubleColumn("k").isEqualTo(0).and(t.doubleColumn("ratio").isEqualTo(8))).doubleColumn("sim_test").get(0);
        assertTrue(first > last);
    }

    @Test void klVsNFollowsTheLargeNLaw() {
        ExperimentResult r = GeneralizationDsl.klVsN().d(30).k(0, 2).c(1e-4).ratios(1.5, 60).draws(4).steps(300)
                .progress(Progress.NONE).run();
        assertTrue(r.checks().get("max |4N(KL-floor)/d^2 - 1| for N/d >= 20") < 0.15, r.summary());
        Table t = r.table();
        assertTrue(t.doubleColumn("sim_kl").min() > 0);
        assertFalse(t.doubleColumn("wishart").isMissing().isEmpty() && t.doubleColumn("wishart").countMissing() == t.rowCount());
        // Per-dimension option divides by d.
        ExperimentResult pd = GeneralizationDsl.klVsN().d(30).k(0).c(1e-4).ratios(60).draws(4).steps(300).perDimension(true)
                .progress(Progress.NONE).run();
        double total = t.where(t.doubleColumn("k").isEqualTo(0).and(t.intColumn("N").isEqualTo(1800))).doubleColumn("sim_kl").get(0);
        assertEquals(total / 30, pd.table().doubleColumn("sim_kl").get(0), 1e-12);
    }

    @Test void klWithoutRidgeBelowNEqualsDIsLeftMissing() {
        ExperimentResult r = GeneralizationDsl.klVsN().d(20).k(1).c(0).ratios(0.5, 5).draws(2).steps(100).progress(Progress.NONE).run();
        assertEquals(1.0, r.checks().get("points with infinite KL (c = 0, N < d; left missing)"));
        assertTrue(r.table().doubleColumn("sim_kl").isMissing().size() == 1);
        assertEquals(2, r.plots().size()); // building the figures must not choke on the missing point
        // Early stopping keeps the generated law non-degenerate: at finite tau the KL is finite.
        ExperimentResult early = GeneralizationDsl.klVsN().d(20).k(1).c(0).ratios(0.5).tau(30).draws(2).steps(100)
                .progress(Progress.NONE).run();
        assertTrue(Double.isFinite(early.table().doubleColumn("sim_kl").get(0)));
    }

    @Test void lossVsTimeHasAnInteriorOptimumBelowNEqualsD() {
        ExperimentResult r = GeneralizationDsl.lossVsTime().d(80).k(0, 1).c(0).ratios(0.6).tauRange(0.1, 1e5, 25).draws(2)
                .steps(200).progress(Progress.NONE).run();
        assertTrue(r.checks().get("max late-time rise: loss(tau_max)/loss(tau_opt)") > 2, r.summary());
        Table t = r.table();
        assertEquals(2 * 25, t.rowCount());
        double opt = t.doubleColumn("tau_opt").get(0);
        assertTrue(opt > 0.1 && opt < 1e5);
        // At one noise level the loss is per dimension; descent with a small eta agrees with flow.
        ExperimentResult flow = GeneralizationDsl.lossVsTime().d(40).k(1).ratios(0.5).tauRange(0.1, 10, 5).draws(1).steps(50).atStep(10)
                .progress(Progress.NONE).run();
        ExperimentResult gd = GeneralizationDsl.lossVsTime().d(40).k(1).ratios(0.5).tauRange(0.1, 10, 5).draws(1).steps(50).atStep(10)
                .eta(1e-3).dynamics("descent").progress(Progress.NONE).run();
        double a = flow.table().doubleColumn("sim_test").get(4), b = gd.table().doubleColumn("sim_test").get(4);
        assertEquals(a, b, 0.01 * a);
    }

    @Test void earlyStoppingGrowsWithK() {
        ExperimentResult r = GeneralizationDsl.earlyStopping().d(200).k(0, 1, 2).ratios(0.6).tauRange(0.1, 1e5, 36).draws(1).steps(200)
                .progress(Progress.NONE).run();
        Table t = r.table();
        assertTrue(t.doubleColumn("tau_opt").get(2) > t.doubleColumn("tau_opt").get(0));
        assertEquals(0.0, r.checks().get("decreases of tau_opt in k by more than one grid step"));
        assertTrue(t.doubleColumn("heuristic").get(2) > t.doubleColumn("heuristic").get(0));
    }

    @Test void realSpectrumFromFashionMnist() {
        Assumptions.assumeTrue(ImageDataset.isAvailable(ImageDataset.defaultDirectory()), "no MNIST-format data set installed");
        ExperimentResult r = GeneralizationDsl.realSpectrum().images(3000).ratios(2).draws(1).steps(100).progress(Progress.NONE).run();
        int d = (int) Math.round(r.checks().get("dimension kept"));
        assertTrue(d > 600 && d <= 784, "d=" + d);
        Table t = r.table();
        assertEquals(d + 1, t.rowCount());
        double k = r.checks().get("fitted power-law exponent k (ranks 2-100)");
        assertTrue(k > 0.5 && k < 3, "k=" + k);
        Table sweep = t.where(t.stringColumn("panel").isEqualTo("sweep"));
        double sim = sweep.doubleColumn("sim_test").get(0), th = sweep.doubleColumn("theory_test").get(0);
        assertEquals(th, sim, 0.1 * th);
    }

    @Test void cliRunsAnExperiment() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = org.diffdyn.cli.Main.run(new String[] {"run", "kl-vs-n", "d=10", "k=1", "ratios=5", "draws=2", "T=50"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("sim_kl"));
    }

    @Test void badInputIsNamed() {
        assertEquals("d", assertThrows(ParameterException.class, () -> GeneralizationDsl.lossVsN().d(0)).parameter());
        assertEquals("ratios", assertThrows(ParameterException.class, () -> GeneralizationDsl.klVsN().ratios(-1)).parameter());
        assertEquals("c", assertThrows(ParameterException.class, () -> GeneralizationDsl.lossVsN().c(-1e-3)).parameter());
        assertEquals("t", assertThrows(ParameterException.class,
                () -> GeneralizationDsl.lossVsTime().d(10).steps(20).atStep(30).draws(1).progress(Progress.NONE).run()).parameter());
        assertEquals("tauMax", assertThrows(ParameterException.class,
                () -> GeneralizationDsl.earlyStopping().d(10).tauRange(10, 1, 5).progress(Progress.NONE).run()).parameter());
        assertEquals("eta", assertThrows(ParameterException.class,
                () -> GeneralizationDsl.lossVsTime().d(20).ratios(2).steps(20).draws(1).eta(5).dynamics("descent")
                        .progress(Progress.NONE).run()).parameter());
        assertEquals("sampler", assertThrows(ParameterException.class, () -> GeneralizationDsl.klVsN().sampler("ddim")).parameter());
    }
}
