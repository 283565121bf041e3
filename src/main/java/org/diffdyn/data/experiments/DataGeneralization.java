package org.diffdyn.data.experiments;

import java.util.Arrays;
import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.experiment.DataParams;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.generalization.Conventions;
import org.diffdyn.generalization.DeterministicEquivalent;
import org.diffdyn.generalization.KlDivergence;
import org.diffdyn.generalization.Training;
import org.diffdyn.plot.PlotSpec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Paper B's prediction at a data set's spectrum: the linear denoiser's test and training losses (B3, deterministic
 * equivalent) and the KL of the generated Gaussian (B5) against the number of training samples N, with Σ the data's
 * covariance spectrum floored and normalised to Tr Σ/d = 1 (as real-spectrum; QUOTED: the paper takes Σ from
 * CelebA, MNIST and CIFAR-10). Theory only: {@code real-spectrum} adds the simulation.
 *
 * <p>Typed DSL: {@code dataGeneralization().data("npy:/tmp/x.npy").ratios(0.5, 1, 2, 5).run()}.
 */
@TypedBuilder(mixins = DataParams.Source.class)
public final class DataGeneralization implements Experiment {
    public static final Param<String> DATA = DataParams.DATA;
    public static final Param<Double> FLOOR = Param.realAbove(
            "floor",
            1e-5,
            0,
            1,
            "eigenvalues below floor x (mean eigenvalue) are dropped (constant pixels give exact zeros)");
    public static final Param<double[]> RATIOS =
            Param.reals("ratios", new double[] {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100}, 0, 1e5, true, "N/d values");
    public static final Param<Double> C = Param.realAbove("c", 1e-4, 0, 100, "ridge c");
    public static final Param<Integer> STEPS = Param.integer("steps", 1000, 2, 100_000, "DDPM steps T");

    public static final Spec SPEC = Spec.of(
            "data-generalization",
            Paper.B,
            "Predicted generalization curve at a data set's covariance spectrum",
            "Sigma = the data source's covariance spectrum (floored, Tr Sigma/d = 1). Per N = ratio*d: theory_test and theory_train "
                    + "(B3 deterministic equivalent, mean per dimension, linear DDPM schedule with T steps, ridge c), theory_kl (B5, total KL "
                    + "of the generated Gaussian) and law (d^2/(4N) + schedule floor). Columns: ratio, N, theory_test, theory_train, "
                    + "gap (test - train), theory_kl, law.",
            DataGeneralizationBuilder
                    .declaredParams()); // framework-owned; these predictions use no randomness, so it only labels the
    // table

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        DataSource source = DataParams.source(p, DATA);
        Spectrum sp = DataSource.spectrum("data", "data:" + source, p.get(FLOOR), progress);
        int d = sp.dimension();
        double c = p.get(C);
        double[] ratios = p.get(RATIOS);
        Arrays.sort(ratios);
        DdpmSchedule schedule = DdpmSchedule.linear(p.get(STEPS));
        Training training = new Training(schedule, c, 1.0, Training.Dynamics.FLOW, Conventions.defaults());
        double floorKl = KlDivergence.scheduleFloor(sp, training);
        DoubleColumn ratio = DoubleColumn.create("ratio"),
                test = DoubleColumn.create("theory_test"),
                train = DoubleColumn.create("theory_train"),
                gap = DoubleColumn.create("gap"),
                kl = DoubleColumn.create("theory_kl"),
                law = DoubleColumn.create("law");
        IntColumn nCol = IntColumn.create("N");
        progress.start("deterministic equivalents (d=" + d + ")", ratios.length);
        for (int i = 0; i < ratios.length; i++) {
            int n = Math.max(2, (int) Math.round(ratios[i] * d));
            DeterministicEquivalent de = new DeterministicEquivalent(sp, n);
            double te = de.testLoss(schedule, c, Conventions.LossAverage.MEAN_PER_DIMENSION);
            double tr = de.trainLoss(schedule, c, Conventions.LossAverage.MEAN_PER_DIMENSION);
            ratio.append((double) n / d);
            nCol.append(n);
            test.append(te);
            train.append(tr);
            gap.append(te - tr);
            kl.append(KlDivergence.regularizedForward(de, c));
            law.append(KlDivergence.largeNLaw(d, n) + floorKl);
            progress.advance(i + 1);
        }
        progress.finish();
        Table t = Table.create("data-generalization", ratio, nCol, test, train, gap, kl, law);
        result.table(t)
                .plot(
                        "losses",
                        PlotSpec.of(
                                        "Predicted test and training loss at the spectrum of " + source.label() + " (d="
                                                + d + ")",
                                        "ratio")
                                .lines("theory_test", "theory_train")
                                .logX()
                                .labels("N/d", "loss per dimension"))
                .plot(
                        "kl",
                        PlotSpec.of("Predicted KL of the generated Gaussian (c=" + c + ")", "N")
                                .lines("theory_kl")
                                .add("law", PlotSpec.Style.LINES, "d^2/(4N) + floor")
                                .logXY()
                                .labels("N", "KL (total)"))
                .check("dimension", "dimensions kept after the floor", d)
                .check("kl.floor", "schedule floor KL(N = infinity)", floorKl)
                .check("gap.first", "test - train at the smallest N", test.get(0) - train.get(0))
                .check(
                        "gap.last",
                        "test - train at the largest N",
                        test.get(ratios.length - 1) - train.get(ratios.length - 1));
    }
}
