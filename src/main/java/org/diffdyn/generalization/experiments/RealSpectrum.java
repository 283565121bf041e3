package org.diffdyn.generalization.experiments;

import static org.diffdyn.generalization.experiments.Support.cells;
import static org.diffdyn.generalization.experiments.Support.drawnMarkers;
import static org.diffdyn.generalization.experiments.Support.theoryAndDrawn;

import java.util.Arrays;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.experiment.DataParams;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.generalization.Conventions;
import org.diffdyn.generalization.DataDraws;
import org.diffdyn.generalization.DeterministicEquivalent;
import org.diffdyn.generalization.KlDivergence;
import org.diffdyn.generalization.LinearDenoiser;
import org.diffdyn.generalization.LinearDenoiser.LossCurves;
import org.diffdyn.generalization.Training;
import org.diffdyn.plot.PlotSpec;

/**
 * Paper B Figs 1a and 1m–o with a real covariance: Σ is the pixel covariance spectrum of Fashion-MNIST (Debian's
 * dataset-fashion-mnist, or any MNIST-format set in DIFFDYN_DATA_DIR), normalised to Tr Σ/d = 1 (QUOTED: the paper
 * uses covariances of CelebA, MNIST and CIFAR-10 as Σ of a Gaussian). Gaussian data with that Σ are drawn, and the
 * same sweeps as loss-vs-n and kl-vs-n are run: simulated mean ± sd over draws against B3 and B5 (DERIVED).
 *
 * <p>Typed DSL: {@code realSpectrum().images(20000).ratios(0.5, 1, 2, 5).draws(3).run()}.
 */
@TypedBuilder
public final class RealSpectrum implements Experiment {
    static final Param<String> DATA = DataParams.DATA;
    static final Param<Integer> IMAGES =
            Param.integer("images", 60_000, 100, 60_000, "training images used to estimate the covariance");
    static final Param<Double> FLOOR = Param.realAbove(
            "floor",
            1e-5,
            0,
            1,
            "eigenvalues below floor x (mean eigenvalue) are dropped (constant border pixels give exact zeros)");
    static final Param<double[]> RATIOS =
            Param.reals("ratios", new double[] {0.5, 1, 2, 5, 10}, 0, 1e4, true, "N/d values");
    static final Param<Double> C = Param.realAbove("c", 1e-4, 0, 100, "ridge c (paper Fig. 1m-o: 1e-4)");
    static final Param<Integer> DRAWS = Support.DRAWS.withDefault(3);
    static final Param<Integer> STEPS = LossConventions.STEPS;
    static final Param<Conventions.SamplerNoise> SAMPLER = Support.SAMPLER;

    public static final Spec SPEC = Spec.of(
            "real-spectrum",
            Paper.B,
            "Fashion-MNIST covariance spectrum as Sigma: spectrum, losses and KL vs N (Figs 1a, 1m-o)",
            "Covariance spectrum of Fashion-MNIST (pixels in [-1,1], centered, 1/n), floored and normalised to "
                    + "Tr Sigma/d = 1. Rows with panel=spectrum hold rank and eigenvalue; rows with panel=sweep hold ratio = "
                    + "N/d, N, drawn_kl (+sd: the exact KL of the converged DDPM sampler's law given each drawn Sigma^, B4), "
                    + "theory_b5, law (d^2/(4N) + floor), drawn_test / drawn_train (+sd: exact losses on drawn data) and "
                    + "theory_test / theory_train (B3). Any MNIST-format set: DIFFDYN_DATA_DIR.",
            RealSpectrumBuilder.declaredParams());

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        ImageDataset data = DataParams.load(p, DATA, p.get(IMAGES), progress);
        Spectrum sp = Spectrum.fromEigenvalues(DataStats.covarianceSpectrum(data, Progress.NONE), p.get(FLOOR))
                .normalized();
        int d = sp.dimension(), draws = p.get(DRAWS);
        double c = p.get(C);
        double[] ratios = Arrays.stream(p.get(RATIOS)).sorted().toArray();
        DdpmSchedule schedule = Support.schedule(p);
        Training training = new Training(schedule, c, 1.0, Training.Dynamics.FLOW, Support.conventions(p));
        double floorKl = KlDivergence.scheduleFloor(sp, training);
        Rows rows = Rows.named("real-spectrum")
                .text("panel")
                .integers("rank")
                .reals("eigenvalue")
                .integers("N")
                .reals("ratio", "drawn_kl", "drawn_kl_sd", "theory_b5", "law", "drawn_test", "drawn_test_sd")
                .reals("drawn_train", "drawn_train_sd", "theory_test", "theory_train");
        for (int r = 0; r < d; r++) rows.add("panel", "spectrum", "rank", r + 1, "eigenvalue", sp.get(r));
        Rows.Adder sweep = rows.columnsExcept("rank", "eigenvalue");
        progress.start("real-spectrum sweep (d=" + d + ")", (long) ratios.length * draws);
        DataDraws drawing = new DataDraws(p.seed(), draws, progress::advance);
        double[] converged = {Double.POSITIVE_INFINITY};
        Conventions.LossAverage perDim = Conventions.LossAverage.MEAN_PER_DIMENSION;
        // Per draw: the exact KL of the converged sampler's law (B4) and the exact test and training losses.
        DataDraws.Measure klAndLosses = (m, j, cell) -> {
            LossCurves lc = LinearDenoiser.lossCurves(m, training, converged, Progress.NONE);
            double kl = KlDivergence.ofSampler(m, training, Double.POSITIVE_INFINITY);
            return new double[] {kl, lc.test()[0], lc.train()[0]};
        };
        for (double r : ratios) {
            int n = Support.samples(r, d);
            double[][] s = drawing.measure(sp, n, 1, klAndLosses).meanSd(0);
            DeterministicEquivalent de = new DeterministicEquivalent(sp, n);
            double b5 = KlDivergence.regularizedForward(de, c), law = KlDivergence.largeNLaw(d, n) + floorKl;
            double theoryTest = de.testLoss(schedule, c, perDim), theoryTrain = de.trainLoss(schedule, c, perDim);
            sweep.add(cells("sweep", n, (double) n / d, s[0], b5, law, s[1], s[2], theoryTest, theoryTrain));
        }
        progress.finish();
        String source = DataParams.source(p, DATA).label();
        PlotSpec spectrum = PlotSpec.of("Covariance spectrum of " + source + " (d=" + d + ", Tr/d = 1)", "rank");
        String asSigma = " with the data spectrum as Sigma", klTitle = "KL vs N" + asSigma + " (c=" + c + ")";
        PlotSpec kl = PlotSpec.of(klTitle, "N").lines("theory_b5").add("law", PlotSpec.Style.LINES, "d^2/(4N) + floor");
        PlotSpec test = theoryAndDrawn("Test loss vs N/d" + asSigma, "test");
        PlotSpec train = theoryAndDrawn("Training loss vs N/d" + asSigma, "train");
        double exponent = Spectrum.fittedExponent(sp.values(), 2, 100);
        result.table(rows.table())
                .plot("spectrum", spectrum.lines("eigenvalue").logXY().labels("rank", "eigenvalue"))
                .plot("kl", drawnMarkers(kl, "drawn_kl").logXY().labels("N", "KL (total)"))
                .plot("test", test.logXY().labels("N/d", "test loss per dim"))
                .plot("train", train.logX().labels("N/d", "training loss per dim"))
                .check("spectrum.dimension", "dimension kept", d)
                .check("spectrum.exponent", "fitted power-law exponent k (ranks 2-100)", exponent)
                .check("kl.floor", "schedule floor KL(inf)", floorKl);
    }
}
