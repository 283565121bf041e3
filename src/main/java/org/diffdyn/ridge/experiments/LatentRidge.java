package org.diffdyn.ridge.experiments;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.Activation;
import org.diffdyn.core.sampling.ReverseSampler;
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
import org.ejml.data.DMatrixRMaj;

/**
 * The ridge residual of generated samples in a high-dimensional latent (paper D D-MNIST, §4.6; target D9, §4.7; residual §4.3): histogram of
 * r_{t_eval}(x)/max r over the samples at t_eval = 10⁻³ with d* = 20 of D = 32 (QUOTED settings). The latent is a
 * PCA stand-in for the paper's VAE latent ({@link LatentData}), or with {@code latent-map=autoencoder} the bottleneck
 * of a small convolutional autoencoder ({@link ConvAutoencoder}) trained on the class's images, scaled as the PCA
 * scores are; either way the map's reconstruction error relative to the data variance is reported beside PCA-D's.
 *
 * <p>The sampler's score is, by default, a time-conditioned MLP trained by denoising score matching
 * ({@link ScoreNet}, the paper's kind of score network, trained with DJL/PyTorch) and sampled after each of several training checkpoints;
 * alternatively the time-embedded RF of §4.5 or the exact empirical score. Near a single training latent the Hessian
 * of log p̂_t is ≈ −I/h_t, so r ≈ √((D−d*)/D)·δ/h_t with δ the distance to the nearest (scaled) training latent
 * (DERIVED, reported as a check): the histogram separates copies of training latents (δ ≈ √(h_t D), r near zero on the
 * r/max r scale) from new samples (δ of the order of the latents' nearest-neighbour distance). It is bimodal when the
 * network memorises part of its training set, which an MLP does as training goes on and neither the exact score
 * (copies everything) nor the RF (copies nothing) does.
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
    static final Param<String> DATA = org.diffdyn.experiment.DataParams.data(DATA_DEFAULT);
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

    static final Spec SPEC = Spec.of(
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
                    RfSetup.with(
                            LatentRidgeBuilder.declaredParams(),
                            Param.integer("k", 16, 0, 512, "rf: " + RfSetup.K.description()),
                            Param.integer("time-nodes", 40, 2, 20000, "rf: " + RfSetup.TIME_NODES.description()),
                            Param.integer("mz", 4, 1, 100000, "rf: " + RfSetup.MZ.description())))
            .seed(1);

    /** One sample set's residuals: r at tEval, distance to the nearest scaled training latent, curvature tally. */
    private record Stage(String label, double[] r, double[] nearest, int curved, int diverged) {}

    private static Stage analyse(
            String label,
            DMatrixRMaj sampled,
            DMatrixRMaj training,
            EmpiricalRidge ridge,
            double tEval,
            Progress progress) {
        int m = sampled.numRows, n = training.numRows, d = training.numCols;
        double[] samples = sampled.data, pts = training.data;
        double a = OuProcess.a(tEval);
        double[] x = new double[d];
        List<double[]> kept = new ArrayList<>();
        int curved = 0, diverged = 0;
        progress.start("ridge residuals in D=" + d + " (" + label + ")", m);
        for (int i = 0; i < m; i++) {
            System.arraycopy(samples, i * d, x, 0, d);
            EmpiricalRidge.Local l = ridge.local(x);
            double r = l.residual();
            if (!Double.isFinite(r)) {
                diverged++;
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double s2 = 0;
                for (int k = 0; k < d; k++) {
                    double e = x[k] - a * pts[j * d + k];
                    s2 += e * e;
                }
                best = Math.min(best, s2);
            }
            kept.add(new double[] {r, Math.sqrt(best)});
            if (l.curvatureHolds()) curved++;
            if ((i & 31) == 0) progress.advance(i);
        }
        progress.finish();
        if (kept.isEmpty())
            throw new org.diffdyn.core.NumericalException("learningRate", "every trajectory diverged (" + label + ")");
        double[] r = new double[kept.size()], nearest = new double[kept.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = kept.get(i)[0];
            nearest[i] = kept.get(i)[1];
        }
        return new Stage(label, r, nearest, curved, diverged);
    }

    /**
     * Two-group split of log10 r by Otsu's criterion (the threshold maximising the between-group variance), with
     * Ashman's D = √2 |μ₁ − μ₂| / √(σ₁² + σ₂²) of the two groups: D > 2 is the usual mark of two separated modes.
     * Returns {low-group share, D, threshold (log10 r)}.
     */
    static double[] twoGroupSplit(double[] r) {
        double[] v = new double[r.length];
        for (int i = 0; i < r.length; i++) v[i] = Math.log10(Math.max(r[i], 1e-300));
        java.util.Arrays.sort(v);
        int m = v.length;
        if (m < 4) return new double[] {0, 0, v[0]};
        double[] prefix = new double[m + 1];
        for (int i = 0; i < m; i++) prefix[i + 1] = prefix[i] + v[i];
        int bestK = 1;
        double best = -1;
        for (int k = 2; k <= m - 2; k++) { // low group = v[0..k-1], at least two values in each group
            double mu1 = prefix[k] / k, mu2 = (prefix[m] - prefix[k]) / (m - k);
            double between = (double) k * (m - k) * (mu1 - mu2) * (mu1 - mu2);
            if (between > best) {
                best = between;
                bestK = k;
            }
        }
        double mu1 = prefix[bestK] / bestK, mu2 = (prefix[m] - prefix[bestK]) / (m - bestK), s1 = 0, s2 = 0;
        for (int i = 0; i < m; i++) {
            if (i < bestK) s1 += (v[i] - mu1) * (v[i] - mu1);
            else s2 += (v[i] - mu2) * (v[i] - mu2);
        }
        s1 /= bestK;
        s2 /= m - bestK;
        double ashman = Math.sqrt(2) * Math.abs(mu2 - mu1) / Math.sqrt(s1 + s2 + 1e-300);
        return new double[] {(double) bestK / m, ashman, 0.5 * (v[bestK - 1] + v[bestK])};
    }

    @Override
    public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder result = ExperimentResult.builder(this, p);
        int latentDim = p.get(LATENT_DIM);
        LatentMap latentMap = p.get(LATENT_MAP);
        long aeParameters = -1;
        LatentData.Latents lat;
        if (latentMap == LatentMap.PCA) {
            lat = DATA_DEFAULT.equals(p.get(DATA))
                    ? LatentData.fashionMnistPca(p.get(LABEL), p.get(N), latentDim, Math.max(6000, 12 * p.get(N)))
                    : LatentData.pca(
                            org.diffdyn.experiment.DataParams.load(p, DATA, Math.max(6000, 12 * p.get(N)), progress),
                            p.get(LABEL),
                            p.get(N),
                            latentDim);
        } else {
            int pool = Math.max(6000, 12 * p.get(N));
            ImageDataset images = DATA_DEFAULT.equals(p.get(DATA))
                    ? ImageDataset.fashionMnist(ImageDataset.Split.TRAIN, pool)
                    : org.diffdyn.experiment.DataParams.load(p, DATA, pool, progress);
            if (!images.isImage() || images.imageRows() % 4 != 0 || images.imageCols() % 4 != 0)
                throw new org.diffdyn.core.ParameterException(
                        "latent-map",
                        "autoencoder",
                        "pca for " + images.name() + " (the autoencoder needs images whose height and width are "
                                + "multiples of 4; this data is "
                                + (images.isImage()
                                        ? images.channels() + " × " + images.imageRows() + " × " + images.imageCols()
                                        : "not image-shaped")
                                + ")");
            // Its own seed stream, so the score network's and the sampler's draws are those of the PCA run.
            long aeSeed = new Rng(p.seed()).split().uniformInt(Integer.MAX_VALUE);
            int aeSteps = p.get(AE_STEPS);
            long[] count = {0};
            lat = LatentData.encoded(
                    images, p.get(LABEL), p.get(N), latentDim, "autoencoder", (x, c, height, width, dim) -> {
                        try (ConvAutoencoder ae =
                                new ConvAutoencoder(c, height, width, ConvAutoencoder.Config.of(dim), aeSeed)) {
                            count[0] = ae.trainableParameterCount();
                            ae.train(x, aeSteps, progress);
                            return new LatentData.Encoded(ae.encode(x), ae.reconstructionSquaredError(x));
                        }
                    });
            aeParameters = count[0];
        }
        int d = lat.points().numCols;
        RidgeDefinition def = new RidgeDefinition(p.get(D_STAR), 0);
        def.checkDimension(d);
        Rng rng = new Rng(p.seed());
        double tEval = p.get(T_EVAL), tMax = p.get(RfSetup.T_MAX);
        if (!(tMax > tEval))
            throw new org.diffdyn.core.ParameterException("t-max", tMax, "greater than t-eval = " + tEval);
        double[] grid = OuProcess.geometricGrid(tMax, tEval, p.get(STEPS));
        EmpiricalRidge ridge = new EmpiricalRidge(lat.points(), tEval, def);
        int samples = p.get(SAMPLES);
        List<Stage> stages = new ArrayList<>();
        Score score = p.get(SCORE);
        long netParameters = -1;
        if (score == Score.MLP) {
            double[] checkpoints = p.get(CHECKPOINTS);
            for (int c = 1; c < checkpoints.length; c++)
                if (!(checkpoints[c] > checkpoints[c - 1]))
                    throw new org.diffdyn.core.ParameterException(
                            "checkpoints", java.util.Arrays.toString(checkpoints), "an increasing list of step counts");
            int[] hidden = new int[p.get(LAYERS)];
            java.util.Arrays.fill(hidden, p.get(WIDTH));
            long netSeed = rng.uniformInt(Integer.MAX_VALUE);
            try (ScoreNet net = new ScoreNet(
                    lat.points(),
                    new ScoreNet.Config(
                            hidden,
                            p.get(ACTIVATION),
                            p.get(FREQUENCIES),
                            p.get(EMBEDDING_SCALE),
                            p.get(BATCH),
                            p.get(LEARNING_RATE),
                            p.get(RfSetup.T0),
                            tMax,
                            p.get(MLP_LOSS_WEIGHT)),
                    netSeed)) {
                netParameters = net.trainableParameterCount();
                long samplingSeed = (long) (rng.uniform() * Long.MAX_VALUE);
                for (double c : checkpoints) {
                    net.train((int) Math.round(c) - (int) net.steps(), progress);
                    // The same starting noise at every checkpoint: differences between histograms come from training
                    // alone.
                    ReverseSampler.Run run = ReverseSampler.run(
                            ReverseSampler.Kind.SDE, net, samples, d, grid, 0, new Rng(samplingSeed), progress);
                    stages.add(analyse(
                            "MLP, " + net.steps() + " steps", run.samples(), lat.points(), ridge, tEval, progress));
                }
            }
        } else {
            ScoreFunction f;
            String label;
            if (score == Score.EXACT) {
                f = GaussianMixture.empiricalScore(lat.points());
                label = "exact empirical score";
            } else {
                RfSetup rf = new RfSetup(p, lat.points(), rng, progress);
                f = rf.rf.score(rf.flow.weights(p.get(TAU)));
                label = "RF, tau=" + p.get(TAU);
            }
            ReverseSampler.Run run =
                    ReverseSampler.run(ReverseSampler.Kind.SDE, f, samples, d, grid, 0, rng.split(), progress);
            stages.add(analyse(label, run.samples(), lat.points(), ridge, tEval, progress));
        }

        int bins = p.get(BINS);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Stage st : stages)
            for (double v : st.r) {
                double lv = Math.log10(Math.max(v, 1e-300));
                lo = Math.min(lo, lv);
                hi = Math.max(hi, lv);
            }
        if (!(hi > lo)) hi = lo + 1;
        Rows rows = Rows.named("latent-ridge")
                .text("source")
                .reals("bin")
                .integers("count")
                .reals("fraction", "log10_bin")
                .integers("log_count")
                .reals("log_fraction");
        double h = OuProcess.h(tEval), copyRadius = 2 * Math.sqrt(h * d);
        for (Stage st : stages) {
            int m = st.r.length;
            double max = 0;
            for (double v : st.r) max = Math.max(max, v);
            int[] hist = new int[bins], logHist = new int[bins];
            int below05 = 0, below01 = 0, copies = 0;
            for (int i = 0; i < m; i++) {
                double u = max > 0 ? st.r[i] / max : 0;
                hist[Math.min(bins - 1, (int) (u * bins))]++;
                logHist[Math.min(bins - 1, (int) ((Math.log10(Math.max(st.r[i], 1e-300)) - lo) / (hi - lo) * bins))]++;
                if (u < 0.5) below05++;
                if (u < 0.1) below01++;
                if (st.nearest[i] < copyRadius) copies++;
            }
            for (int b = 0; b < bins; b++)
                rows.row(
                        st.label,
                        (b + 0.5) / bins,
                        hist[b],
                        (double) hist[b] / m,
                        lo + (b + 0.5) * (hi - lo) / bins,
                        logHist[b],
                        (double) logHist[b] / m);
            double[] split = twoGroupSplit(st.r);
            double lowMax = 0;
            for (double v : st.r) if (Math.log10(Math.max(v, 1e-300)) < split[2]) lowMax = Math.max(lowMax, v);
            List<Double> copyR = new ArrayList<>(), otherR = new ArrayList<>();
            for (int i = 0; i < m; i++) (st.nearest[i] < copyRadius ? copyR : otherR).add(st.r[i]);
            double copyMedian = copyR.isEmpty()
                    ? Double.NaN
                    : DataStats.median(
                            copyR.stream().mapToDouble(Double::doubleValue).toArray());
            double otherMedian = otherR.isEmpty()
                    ? Double.NaN
                    : DataStats.median(
                            otherR.stream().mapToDouble(Double::doubleValue).toArray());
            double[] ratio = new double[m];
            for (int i = 0; i < m; i++) ratio[i] = h * st.r[i] / st.nearest[i];
            String tag = " [" + st.label + "]", k = RidgeParams.seg(st.label) + ".";
            result.check(k + "low-mode-share", "low-residual mode share" + tag, split[0])
                    .check(
                            k + "ashman-d",
                            "Ashman D of the two residual groups" + tag,
                            split[1],
                            "> 2: two separated modes")
                    .check(k + "low-mode-max-over-max", "low-residual mode: largest r / max r" + tag, lowMax / max)
                    .check(
                            k + "copies-share",
                            "copies share (within 2 sqrt(h D) of a training latent)" + tag,
                            (double) copies / m)
                    .check(
                            k + "copies-median-over-others",
                            "median r of copies / median r of the other samples" + tag,
                            copyMedian / otherMedian)
                    .check(k + "copies-median-over-max", "median r of copies / max r" + tag, copyMedian / max)
                    .check(k + "below-0-1-max", "fraction with r < 0.1 max" + tag, (double) below01 / m)
                    .check(k + "below-0-5-max", "fraction with r < 0.5 max" + tag, (double) below05 / m)
                    .check(k + "curvature", "curvature condition satisfied" + tag, (double) st.curved / m)
                    .check(k + "diverged", "diverged trajectories" + tag, st.diverged)
                    .check(k + "median-residual", "median residual" + tag, DataStats.median(st.r))
                    .check(
                            k + "median-nearest",
                            "median distance to the nearest training latent (a_t x_i)" + tag,
                            DataStats.median(st.nearest))
                    .check(
                            k + "median-hr-over-nearest",
                            "median h r / nearest distance" + tag,
                            DataStats.median(ratio));
        }
        if (netParameters >= 0) result.check("mlp.parameters", "score network parameters", netParameters);
        if (aeParameters >= 0)
            result.check("ae.parameters", "autoencoder parameters", aeParameters)
                    .check("ae.steps", "autoencoder Adam steps", p.get(AE_STEPS));
        return result.table(rows.table())
                .plot(
                        "histogram",
                        PlotSpec.of(
                                        "Ridge residual of samples at t=" + tEval + " (D=" + d + ", d*=" + p.get(D_STAR)
                                                + "), normalised by its max",
                                        "bin")
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
                        "reconstruction MSE / data variance of the latent map (" + Names.kebab(latentMap) + ")",
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
                .check("copy-radius", "copy radius 2 sqrt(h D)", copyRadius)
                .build();
    }
}
