package org.diffdyn.imbalance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.imbalance.experiments.ImbalanceDsl;
import org.diffdyn.experiment.Registry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The paper-C experiments run small through the DSL and the registry, return their columns, plots and checks. */
class ImbalanceExperimentsTest {

    @Test void registryListsThePaperCExperiments() {
        for (String n : new String[] {"class-learning-curves", "rf-spectrum", "memorization-time", "speciation", "fashion-class-order"}) {
            assertEquals("C", Registry.get(n).paper());
            assertTrue(Registry.describe(n).rowCount() > 3);
        }
    }

    @Test void classLearningCurvesTheoryAgreesWithTheMeasuredNetwork() {
        ExperimentResult r = ImbalanceDsl.classLearningCurves().p(256).n(64).geometry("orthogonal").sigmas(1, 0.6).ratios(3, 1)
                .perDecade(10).simTimes(5).simSamples(3000).gdStep(0.5).progress(Progress.NONE).run();
        assertEquals(2 * 101, r.table().rowCount());
        for (String c : new String[] {"tau", "class", "train", "test", "score_error", "gap", "train_sim", "test_sim", "score_error_sim"})
            assertTrue(r.table().columnNames().contains(c), c);
        assertTrue(r.checks().get("max relative |measured - theory| (train, test, score error)") < 0.05, r.summary());
        assertEquals(3, r.plots().size());
        // Gradient descent with half the stability limit tracks gradient flow once tau spans many steps.
        var errFlow = r.table().doubleColumn("score_error").asDoubleArray();
        var errGd = r.table().doubleColumn("score_error_gd").asDoubleArray();
        assertEquals(errFlow[errFlow.length - 1], errGd[errGd.length - 1], 1e-3 * errFlow[errFlow.length - 1]);
        assertEquals(48.0, r.checks().get("n_c class 0"));
    }

    @Test void rfSpectrumGroupsAndGep() {
        ExperimentResult r = ImbalanceDsl.rfSpectrum().p(256).n(64).geometry("orthogonal").sigmas(1, 0.5).progress(Progress.NONE).run();
        assertEquals(256, r.table().rowCount());
        assertEquals(256.0, r.checks().get("spikes: size") + r.checks().get("population bulk: size")
                + r.checks().get("memorization bulk: size") + r.checks().get("floor: size"), 1e-12);
        assertTrue(r.checks().get("median |log(lambda_gep/lambda)|") < 0.3, r.summary());
    }

    @Test void memorizationTimeGrowsWithN() {
        ExperimentResult r = ImbalanceDsl.memorizationTime().p(256).sizes(16, 32).scoreSamples(200).progress(Progress.NONE).run();
        assertEquals(4, r.table().rowCount());
        double ratio = r.checks().get("tau_mem(32)/tau_mem(16) class 0");
        assertTrue(ratio > 1.4 && ratio < 2.6, "ratio " + ratio);
    }

    @Test void speciationSmallRunsEveryScoreKind() {
        ExperimentResult r = ImbalanceDsl.speciation().d(64).piPlus(0.5, 0.9).trajectories(2000).steps(600).tMax(8).branches(6)
                .progress(Progress.NONE).run();
        assertTrue(r.checks().get("max |phi_sim - phi| (total)") < 0.05, r.summary());
        assertEquals(-0.450, r.checks().get("shift t_S(-) - t_S clone theory, pi+=0.9"), 0.005);
        ExperimentResult full = ImbalanceDsl.speciation().d(16).piPlus(0.9).score("exact-full").trajectories(400).steps(200)
                .tMax(6).branches(4).progress(Progress.NONE).run();
        assertTrue(full.checks().get("max |phi_sim - phi| (total)") < 0.1, full.summary());
        ExperimentResult learned = ImbalanceDsl.speciation().d(16).piPlus(0.9).score("learned").p(64).nodes(6).trajectories(200)
                .steps(100).tMax(6).branches(3).progress(Progress.NONE).run();
        assertEquals(4, learned.table().rowCount());
        assertEquals("T", assertThrows(ParameterException.class, () -> ImbalanceDsl.speciation().d(1024).tMax(3).progress(Progress.NONE).run()).parameter());
    }

    @Test void fashionClassOrderPutsVarianceFirst() {
        Assumptions.assumeTrue(ImageDataset.isAvailable(ImageDataset.defaultDirectory()), "Fashion-MNIST not installed");
        ExperimentResult r = ImbalanceDsl.fashionClassOrder().limit(6000).progress(Progress.NONE).run();
        assertEquals(10, r.table().rowCount());
        assertTrue(r.checks().get("Spearman(variance rank, tau_gen rank)") > 0.8, r.summary());
        assertTrue(r.checks().get("Spearman(variance rank, tau_mem rank)") > 0.8, r.summary());
        // The RF model trained on a Gaussian surrogate with the same class statistics learns in the predicted order.
        assertTrue(r.checks().get("Spearman(tau_gen proxy rank, RF surrogate rank)") > 0.8, r.summary());
    }

    @Test void builderRejectsBadValuesWhereTheyAreWritten() {
        assertEquals("ratios", assertThrows(ParameterException.class, () -> ImbalanceDsl.classLearningCurves().ratios(1, -1)).parameter());
        assertEquals("p", assertThrows(ParameterException.class, () -> ImbalanceDsl.rfSpectrum().p(0)).parameter());
        assertEquals("sigmas", assertThrows(ParameterException.class,
                () -> ImbalanceDsl.classLearningCurves().sigmas(1, 1, 1).progress(Progress.NONE).run()).parameter());
        assertEquals("geometry", assertThrows(ParameterException.class,
                () -> ImbalanceDsl.classLearningCurves().geometry("antipodal").ratios(1, 1, 1).sigmas(1).norms(1).progress(Progress.NONE).run()).parameter());
    }
}
