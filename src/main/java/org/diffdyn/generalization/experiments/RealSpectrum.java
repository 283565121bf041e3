package org.diffdyn.generalization.experiments;

import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.generalization.Conventions;
import org.diffdyn.generalization.DeterministicEquivalent;
import org.diffdyn.generalization.EmpiricalModes;
import org.diffdyn.generalization.KlDivergence;
import org.diffdyn.generalization.LinearDenoiser;
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
    static final Param<String> DATA = org.diffdyn.experiment.DataParams.DATA;
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
    static final Param<Integer> DRAWS = Support.draws(3);
    static final Param<Integer> STEPS = Support.STEPS;
    static final Param<Conventions.SamplerNoise> SAMPLER = Support.SAMPLER;

    static final Spec SPEC = Spec.of(
                    "real-spectrum",
                    Paper.B,
                    "Fashion-MNIST covariance spectrum as Sigma: spectrum, losses and KL vs N (Figs 1a, 1m-o)",
                    "Covariance spectrum of Fashion-MNIST (pixels in [-1,1], centered, 1/n), floored and normalised to "
                            + "Tr Sigma/d = 1. Rows with panel=spectrum hold rank and eigenvalue; rows with panel=sweep hold ratio = "
                            + "N/d, N, drawn_kl (+sd: the exact KL of the converged DDPM sampler's law given each drawn Sigma^, B4), "
                            + "theory_b5, law (d^2/(4N) + floor), drawn_test / drawn_train (+sd: exact losses on drawn data) and "
                            + "theory_test / theory_train (B3). Any MNIST-format set: DIFFDYN_DATA_DIR.",
                    RealSpectrumBuilder.declaredParams())
            .seed(1);

    /** The normalised covariance spectrum of the configured image set (Tr Σ/d = 1 after flooring). */
    /** The normalised covariance spectrum of a data set (Tr Σ/d = 1 after flooring). */
    public static Spectrum dataSpectrum(ImageDataset data, double floor) {
        return Spectrum.fromEigenvalues(DataStats.covarianceSpectrum(data, Progress.NONE), floor)
                .normalized();
    }

    public static Spectrum dataSpectrum(int images, double floor) {
        java.nio.file.Path dir = ImageDataset.defaultDirectory();
        if (!ImageDataset.isAvailable(dir))
            throw new ParameterException(
                    "DIFFDYN_DATA_DIR",
                    dir,
                    "a folder with MNIST-format IDX files (train-images-idx3-ubyte[.gz])",
                    "install Debian's dataset-fashion-mnist or point DIFFDYN_DATA_DIR at an MNIST-format set");
        ImageDataset data = ImageDataset.load(dir, ImageDataset.Split.TRAIN, images);
        double[] eig = Dense.eigh(DataStats.covariance(data.images())).values();
        return Spectrum.fromEigenvalues(eig, floor).normalized();
    }

    /** Least-squares slope of log λ against log rank over ranks [from, to]: the fitted power-law exponent k. */
    public static double fittedExponent(Spectrum s, int from, int to) {
        int hi = Math.min(to, s.dimension());
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (int r = from; r <= hi; r++) {
            double x = Math.log(r), y = Math.log(s.get(r - 1));
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            n++;
        }
        return -(n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    @Override
    public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder result = ExperimentResult.builder(this, p); // started now, so elapsed() covers the run
        Spectrum sp =
                dataSpectrum(org.diffdyn.experiment.DataParams.load(p, DATA, p.get(IMAGES), progress), p.get(FLOOR));
        int d = sp.dimension(), draws = p.get(DRAWS);
        double c = p.get(C);
        double[] ratios = p.get(RATIOS);
        java.util.Arrays.sort(ratios);
        DdpmSchedule schedule = Support.schedule(p);
        Conventions conv = Support.conventions(p);
        Training training = new Training(schedule, c, 1.0, Training.Dynamics.FLOW, conv);
        double floorKl = KlDivergence.scheduleFloor(sp, training);

        Rows rows = Rows.named("real-spectrum")
                .text("panel")
                .integers("rank")
                .reals("eigenvalue")
                .integers("N")
                .reals(
                        "ratio",
                        "drawn_kl",
                        "drawn_kl_sd",
                        "theory_b5",
                        "law",
                        "drawn_test",
                        "drawn_test_sd",
                        "drawn_train",
                        "drawn_train_sd",
                        "theory_test",
                        "theory_train");
        for (int r = 0; r < d; r++) rows.add("panel", "spectrum", "rank", r + 1, "eigenvalue", sp.get(r));
        progress.start("real-spectrum sweep (d=" + d + ")", (long) ratios.length * draws);
        long done = 0;
        for (double r : ratios) {
            int n = Support.samples(r, d);
            double[] kls = new double[draws], tes = new double[draws], trs = new double[draws];
            for (int j = 0; j < draws; j++) {
                EmpiricalModes m = EmpiricalModes.draw(sp, n, Support.drawRng(p.seed(), n, j));
                kls[j] = KlDivergence.ofSampler(m, training, Double.POSITIVE_INFINITY);
                LinearDenoiser.LossCurves lc =
                        LinearDenoiser.lossCurves(m, training, new double[] {Double.POSITIVE_INFINITY}, Progress.NONE);
                tes[j] = lc.test()[0];
                trs[j] = lc.train()[0];
                progress.advance(++done);
            }
            DeterministicEquivalent de = new DeterministicEquivalent(sp, n);
            double[] a = Support.meanSd(kls), b = Support.meanSd(tes), e = Support.meanSd(trs);
            rows.columns(
                            "panel",
                            "N",
                            "ratio",
                            "drawn_kl",
                            "drawn_kl_sd",
                            "theory_b5",
                            "law",
                            "drawn_test",
                            "drawn_test_sd",
                            "drawn_train",
                            "drawn_train_sd",
                            "theory_test",
                            "theory_train")
                    .add(
                            "sweep",
                            n,
                            (double) n / d,
                            a[0],
                            a[1],
                            KlDivergence.regularizedForward(de, c),
                            KlDivergence.largeNLaw(d, n) + floorKl,
                            b[0],
                            b[1],
                            e[0],
                            e[1],
                            de.testLoss(schedule, c, Conventions.LossAverage.MEAN_PER_DIMENSION),
                            de.trainLoss(schedule, c, Conventions.LossAverage.MEAN_PER_DIMENSION));
        }
        progress.finish();
        return result.table(rows.table())
                .plot(
                        "spectrum",
                        PlotSpec.of(
                                        "Covariance spectrum of "
                                                + org.diffdyn.experiment.DataParams.source(p, DATA)
                                                        .label() + " (d=" + d + ", Tr/d = 1)",
                                        "rank")
                                .lines("eigenvalue")
                                .logXY()
                                .labels("rank", "eigenvalue"))
                .plot(
                        "kl",
                        PlotSpec.of("KL vs N with the data spectrum as Sigma (c=" + c + ")", "N")
                                .lines("theory_b5")
                                .add("law", PlotSpec.Style.LINES, "d^2/(4N) + floor")
                                .markers("drawn_kl")
                                .errors("drawn_kl_sd")
                                .logXY()
                                .labels("N", "KL (total)"))
                .plot(
                        "test",
                        PlotSpec.of("Test loss vs N/d with the data spectrum as Sigma", "ratio")
                                .lines("theory_test")
                                .markers("drawn_test")
                                .errors("drawn_test_sd")
                                .logXY()
                                .labels("N/d", "test loss per dim"))
                .plot(
                        "train",
                        PlotSpec.of("Training loss vs N/d with the data spectrum as Sigma", "ratio")
                                .lines("theory_train")
                                .markers("drawn_train")
                                .errors("drawn_train_sd")
                                .logX()
                                .labels("N/d", "training loss per dim"))
                .check("spectrum.dimension", "dimension kept", d)
                .check("spectrum.exponent", "fitted power-law exponent k (ranks 2-100)", fittedExponent(sp, 2, 100))
                .check("kl.floor", "schedule floor KL(inf)", floorKl)
                .build();
    }
}
