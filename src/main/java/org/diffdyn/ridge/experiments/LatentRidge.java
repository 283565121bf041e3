package org.diffdyn.ridge.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.Activation;
import org.diffdyn.experiment.DataParams;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Names;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.nets.ConvAutoencoder;
import org.diffdyn.nets.ScoreNet;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.ridge.EmpiricalRidge;
import org.diffdyn.ridge.LatentData;
import org.diffdyn.ridge.RidgeDefinition;
import org.diffdyn.ridge.SampleResiduals;

/**
 * The ridge residual of generated samples in a high-dimensional latent (paper D D-MNIST, §4.6; target D9, §4.7; residual §4.3): histogram of
 * r_{t_eval}(x)/max r over the samples at t_eval = 10⁻³ with d* = 20 of D = 32 (QUOTED settings). The latent is a
 * PCA stand-in for the paper's VAE latent ({@link LatentData}), or with {@code latent-map=autoencoder} the bottleneck
 * of a small convolutional autoencoder ({@link ConvAutoencoder}) trained on the class's images, scaled as PCA scores.
 *
 * <p>The sampler's score is, by default, a time-conditioned MLP trained by denoising score matching
 * ({@link ScoreNet}, the paper's kind of score network, trained with DJL/PyTorch) and sampled after each of several training checkpoints;
 * alternatively the time-embedded RF of §4.5 or the exact empirical score. r ≈ √((D−d*)/D)·δ/h_t near a training
 * latent (DERIVED, reported as a check; {@link SampleResiduals}) separates copies of training latents from new samples;
 * the histogram is bimodal when the network memorises part of its training set, which an MLP does as training goes
 * on and neither the exact score (copies everything) nor the RF (copies nothing) does.
 */
@TypedBuilder(mixins = RfSetupSetters.class)
public final class LatentRidge implements Experiment {
    /** The map from images to latents. */
    public enum LatentMap {
        /** The first D principal-component scores (the default). */
        PCA,
        /** The bottleneck of a convolutional autoencoder trained on the class's images ({@link ConvAutoencoder}). */
        AUTOENCODER
    }

    /** The sampler's score. */
    public enum Score {
        /** An MLP trained by score matching (the paper's kind of network). */
        MLP,
        /** The time-embedded RF of §4.5. */
        RF,
        /** The exact empirical score. */
        EXACT
    }

    static final String DATA_DEFAULT = "fashion-mnist";
    static final Param<String> DATA = DataParams.data(DATA_DEFAULT);
    static final Param<Integer> LABEL = Param.integer("label", 1, 0, 9, "Fashion-MNIST class (1 = trouser)");
    static final Param<Integer> N = Param.integer(
            "n",
            20,
            2,
            6000,
            "training latents (the first n of the class; the latent map is fitted on all of the class in the pool)");
    static final Param<Integer> LATENT_DIM = Param.integer("latent-dim", 32, 3, 256, "latent dimension D (paper: 32)");
    static final Param<LatentMap> LATENT_MAP = Param.choice(
            "latent-map",
            LatentMap.PCA,
            "latent map fitted on the class's images: pca (first D principal components) or autoencoder (a small "
                    + "convolutional autoencoder, closer to the paper's VAE; needs image data with sides a multiple of 4)");
    static final Param<Integer> AE_STEPS = Param.integer(
            "ae-steps",
            1500,
            1,
            1000000,
            "autoencoder: Adam steps (batch 64, learning rate 3e-3) on the class's images");
    static final Param<Integer> D_STAR =
            Param.integer("d-star", 20, 1, 255, "ridge tangent dimension d* (paper: 20 or 25)");
    static final Param<Double> T_EVAL = Param.realAbove("t-eval", 1e-3, 0, 10, "time t of the ridge (paper: 1e-3)");
    static final Param<Score> SCORE = Param.choice(
            "score",
            Score.MLP,
            "sampler score: an MLP trained by score matching (the paper's kind of network), the time-embedded RF, or the exact empirical score");
    static final Param<Integer> SAMPLES =
            Param.integer("samples", 500, 2, 100000, "generated samples per histogram (paper: 2000)");
    static final Param<Integer> STEPS =
            Param.integer("steps", 300, 10, 100000, "SDE steps on the geometric grid t-max -> t-eval (paper: 1000)");
    static final Param<Integer> BINS = Param.integer("bins", 40, 2, 1000, "histogram bins");
    static final Param<double[]> CHECKPOINTS = Param.reals(
            "checkpoints",
            new double[] {3000, 6000},
            1,
            1e7,
            false,
            "mlp: Adam steps after which the network is sampled (increasing)");
    static final Param<Integer> WIDTH = Param.integer("width", 256, 4, 4096, "mlp: hidden width (paper: 512)");
    static final Param<Integer> LAYERS = Param.integer("layers", 2, 1, 8, "mlp: hidden layers (paper: 2)");
    static final Param<Activation> ACTIVATION =
            Param.choice("activation", Activation.RELU, "mlp: hidden activation (UNSURE: not in the spec)");
    static final Param<Integer> BATCH = Param.integer("batch", 128, 1, 65536, "mlp: minibatch size");
    static final Param<Double> LEARNING_RATE =
            Param.realAbove("learning-rate", 2e-3, 0, 1, "mlp: Adam learning rate (paper: 1e-4, 150 epochs)");
    static final Param<Integer> FREQUENCIES =
            Param.integer("frequencies", 32, 1, 1024, "mlp: Gaussian Fourier time frequencies (paper: 64)");
    static final Param<Double> EMBEDDING_SCALE = Param.realAbove(
            "embedding-scale",
            16,
            0,
            1000,
            "mlp: std of the Fourier frequencies on the log-time scale u in [0,1] (UNSURE; paper: 30 on its own time variable)");
    static final Param<Integer> MLP_LOSS_WEIGHT = Param.integer(
            "mlp-loss-weight",
            0,
            -2,
            2,
            "mlp: loss weight h_t^k on the noise-prediction error (0 = |s sqrt(h) + z|^2; -1 = the authors' extra 1/h_t)");
    static final Param<Double> TAU =
            Param.real("tau", 1e4, 0, 1e12, "rf: training time (Infinity not allowed; use a large value)");

    public static final Spec SPEC = Spec.of(
                    "latent-ridge",
                    Paper.D,
                    "Ridge residual histogram of generated samples in a 32-D image latent (D9)",
                    "Fashion-MNIST PCA latent or convolutional-autoencoder latent (latent-map; stand-ins for the paper's VAE latent), "
                            + "with the map's reconstruction error relative to the data variance beside PCA-D's; an MLP score network trained by score matching and "
                            + "sampled at several training checkpoints (or the RF / exact score); reverse SDE to t-eval; ridge residual r (QUOTED "
                            + "definition) with D - d* normal directions. Columns: source (score and checkpoint), bin (center of r/max r), count, "
                            + "fraction, log10_bin, log_count, log_fraction (histogram of log10 r on a range shared by all checkpoints). Checks "
                            + "per source: the low-residual (near-zero) mode's share from a two-group split of log10 r, Ashman's D of the split "
                            + "(> 2: two separated modes), and the share of copies (within 2 sqrt(h D) of a training latent).",
                    LatentRidgeBuilder.declaredParams())
            .with(RfSetup.params(
                    RfSetup.K.withDefault(16, "rf: " + RfSetup.K.description()),
                    RfSetup.TIME_NODES.withDefault(40, "rf: " + RfSetup.TIME_NODES.description()),
                    RfSetup.MZ.withDefault(4, "rf: " + RfSetup.MZ.description())));

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        int pool = Math.max(6000, 12 * p.get(N));
        ImageDataset images = DATA_DEFAULT.equals(p.get(DATA))
                ? ImageDataset.fashionMnist(ImageDataset.Split.TRAIN, pool)
                : DataParams.load(p, DATA, pool, progress);
        long[] aeParameters = {-1};
        LatentData.Latents lat = p.get(LATENT_MAP) == LatentMap.PCA
                ? LatentData.pca(images, p.get(LABEL), p.get(N), p.get(LATENT_DIM))
                : autoencoded(p, images, aeParameters, progress);
        int d = lat.points().numCols;
        RidgeDefinition def = new RidgeDefinition(p.get(D_STAR), 0);
        def.checkDimension(d);
        Rng rng = new Rng(p.seed());
        double tEval = p.get(T_EVAL), tMax = p.get(RfSetup.T_MAX);
        if (!(tMax > tEval)) throw new ParameterException("t-max", tMax, "greater than t-eval = " + tEval);
        double[] grid = OuProcess.geometricGrid(tMax, tEval, p.get(STEPS));
        EmpiricalRidge ridge = new EmpiricalRidge(lat.points(), tEval, def);
        SampleResiduals.Sampler sampler = new SampleResiduals.Sampler(p.get(SAMPLES), grid, ridge, progress);
        List<SampleResiduals> stages = new ArrayList<>();
        long netParameters = -1;
        if (p.get(SCORE) == Score.MLP) {
            double[] checkpoints = p.get(CHECKPOINTS);
            if (IntStream.range(1, checkpoints.length).anyMatch(c -> !(checkpoints[c] > checkpoints[c - 1])))
                throw new ParameterException(
                        "checkpoints", Arrays.toString(checkpoints), "an increasing list of step counts");
            int[] hidden = new int[p.get(LAYERS)];
            Arrays.fill(hidden, p.get(WIDTH));
            ScoreNet.Config config = new ScoreNet.Config(
                    hidden,
                    p.get(ACTIVATION),
                    p.get(FREQUENCIES),
                    p.get(EMBEDDING_SCALE),
                    p.get(BATCH),
                    p.get(LEARNING_RATE),
                    p.get(RfSetup.T0),
                    tMax,
                    p.get(MLP_LOSS_WEIGHT));
            try (ScoreNet net = new ScoreNet(lat.points(), config, rng.uniformInt(Integer.MAX_VALUE))) {
                netParameters = net.trainableParameterCount();
                long samplingSeed = (long) (rng.uniform() * Long.MAX_VALUE);
                for (double c : checkpoints) {
                    net.train((int) Math.round(c) - (int) net.steps(), progress);
                    // The same starting noise at every checkpoint: histogram differences come from training alone.
                    stages.add(sampler.run("MLP, " + net.steps() + " steps", net, new Rng(samplingSeed)));
                }
            }
        } else if (p.get(SCORE) == Score.EXACT) {
            stages.add(sampler.run("exact empirical score", GaussianMixture.empiricalScore(lat.points()), rng.split()));
        } else {
            RfSetup rf = new RfSetup(p, lat.points(), rng, progress);
            stages.add(sampler.run("RF, tau=" + p.get(TAU), rf.rf.score(rf.flow.weights(p.get(TAU))), rng.split()));
        }
        int bins = p.get(BINS);
        double[] range = SampleResiduals.logRange(stages);
        double lo = range[0], hi = range[1], copyRadius = 2 * Math.sqrt(OuProcess.h(tEval) * d);
        Rows rows = Rows.named("latent-ridge")
                .text("source")
                .reals("bin")
                .integers("count")
                .reals("fraction", "log10_bin")
                .integers("log_count")
                .reals("log_fraction");
        for (SampleResiduals st : stages) {
            int m = st.size();
            int[] hist = st.histogram(bins), logHist = st.logHistogram(lo, hi, bins);
            for (int b = 0; b < bins; b++) {
                double bin = (b + 0.5) / bins, logBin = lo + (b + 0.5) * (hi - lo) / bins;
                rows.row(st.label(), bin, hist[b], (double) hist[b] / m, logBin, logHist[b], (double) logHist[b] / m);
            }
            checks(result, st, copyRadius);
        }
        if (netParameters >= 0) result.check("mlp.parameters", "score network parameters", netParameters);
        if (aeParameters[0] >= 0)
            result.check("ae.parameters", "autoencoder parameters", aeParameters[0])
                    .check("ae.steps", "autoencoder Adam steps", p.get(AE_STEPS));
        String title = "Ridge residual of samples at t=" + tEval + " (D=" + d + ", d*=" + p.get(D_STAR)
                + "), normalised by its max";
        result.table(rows.table())
                .plot(
                        "histogram",
                        PlotSpec.of(title, "bin")
                                .add("fraction", PlotSpec.Style.LINES_AND_MARKERS, "fraction of samples")
                                .groupBy("source")
                                .labels("r / max r", "fraction"))
                .plot(
                        "log-histogram",
                        PlotSpec.of("Ridge residual histogram on a log scale", "log10_bin")
                                .add("log_fraction", PlotSpec.Style.LINES_AND_MARKERS, "fraction of samples")
                                .groupBy("source")
                                .labels("log10 r", "fraction"))
                .check("pca.explained-share", "PCA explained variance share", lat.explainedShare())
                .check(
                        "latent.relative-error",
                        "reconstruction MSE / data variance of the latent map (" + Names.kebab(p.get(LATENT_MAP)) + ")",
                        lat.relativeError(),
                        "< 1: better than the class mean image")
                .check(
                        "pca.relative-error",
                        "reconstruction MSE / data variance of PCA-D (the same images and D)",
                        lat.pcaRelativeError())
                .check("training-latents", "training latents", lat.points().numRows)
                .check(
                        "isotropic-ratio",
                        "sqrt((D - d*)/D): h r / distance for an isotropic (round-off) frame",
                        Math.sqrt((double) (d - p.get(D_STAR)) / d))
                .check("copy-radius", "copy radius 2 sqrt(h D)", copyRadius);
    }

    /** The class's images under a convolutional autoencoder trained on them ({@code parameters[0]}: its size). */
    private static LatentData.Latents autoencoded(Params p, ImageDataset images, long[] parameters, Progress progress) {
        String shape = images.isImage()
                ? images.channels() + " × " + images.imageRows() + " × " + images.imageCols()
                : "not image-shaped";
        if (!images.isImage() || images.imageRows() % 4 != 0 || images.imageCols() % 4 != 0)
            throw new ParameterException(
                    "latent-map",
                    "autoencoder",
                    "pca for " + images.name() + " (the autoencoder needs images whose height and width are "
                            + "multiples of 4; this data is " + shape + ")");
        // Its own seed stream, so the score network's and the sampler's draws are those of the PCA run.
        long seed = new Rng(p.seed()).split().uniformInt(Integer.MAX_VALUE);
        LatentData.Encoder encoder = (x, c, height, width, dim) -> {
            try (ConvAutoencoder ae = new ConvAutoencoder(c, height, width, ConvAutoencoder.Config.of(dim), seed)) {
                parameters[0] = ae.trainableParameterCount();
                ae.train(x, p.get(AE_STEPS), progress);
                return new LatentData.Encoded(ae.encode(x), ae.reconstructionSquaredError(x));
            }
        };
        return LatentData.encoded(images, p.get(LABEL), p.get(N), p.get(LATENT_DIM), "autoencoder", encoder);
    }

    /** The checks of one sample set: keys prefixed by its label's segment, labels tagged with the label. */
    private static void checks(ExperimentResult.Builder result, SampleResiduals st, double copyRadius) {
        double[] split = SampleResiduals.twoGroupSplit(st.r());
        double max = st.max(), lowMax = st.maxBelow(split[2]), copyMedian = st.medianResidual(true, copyRadius);
        String tag = " [" + st.label() + "]", k = RidgeParams.seg(st.label()) + ".";
        Tagged c = (key, label, value) -> result.check(k + key, label + tag, value);
        c.check("low-mode-share", "low-residual mode share", split[0]);
        result.check(k + "ashman-d", "Ashman D of the two residual groups" + tag, split[1], "> 2: two separated modes");
        c.check("low-mode-max-over-max", "low-residual mode: largest r / max r", lowMax / max);
        c.check("copies-share", "copies share (within 2 sqrt(h D) of a training latent)", st.copiesShare(copyRadius));
        double copiesOverOthers = copyMedian / st.medianResidual(false, copyRadius);
        c.check("copies-median-over-others", "median r of copies / median r of the other samples", copiesOverOthers);
        c.check("copies-median-over-max", "median r of copies / max r", copyMedian / max);
        c.check("below-0-1-max", "fraction with r < 0.1 max", st.fractionBelow(0.1));
        c.check("below-0-5-max", "fraction with r < 0.5 max", st.fractionBelow(0.5));
        c.check("curvature", "curvature condition satisfied", (double) st.curved() / st.size());
        c.check("diverged", "diverged trajectories", st.diverged());
        c.check("median-residual", "median residual", DataStats.median(st.r()));
        double nearest = DataStats.median(st.nearest());
        c.check("median-nearest", "median distance to the nearest training latent (a_t x_i)", nearest);
        c.check("median-hr-over-nearest", "median h r / nearest distance", st.medianHrOverNearest());
    }

    /** Adds one sample set's check (key and label completed by {@link #checks}). */
    private interface Tagged {
        void check(String key, String label, double value);
    }
}
