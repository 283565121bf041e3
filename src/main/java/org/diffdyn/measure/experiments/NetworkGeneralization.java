package org.diffdyn.measure.experiments;

import java.nio.file.Path;
import java.util.Arrays;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.generalization.EmpiricalModes;
import org.diffdyn.generalization.KlDivergence;
import org.diffdyn.measure.DenoisingLoss;
import org.diffdyn.measure.GaussianFit;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.spectralbias.GeneratedVariance;
import org.ejml.data.DMatrixRMaj;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Paper B with a real network: a denoiser trained on N samples of a Gaussian with a power-law spectrum for several
 * N/d, its test denoising loss and the KL divergence of a Gaussian fitted to its generated samples, beside the linear
 * theory for the same training sets, and the overlap of the leading eigenvectors (where the directions differ).
 *
 * <p>Linear theory (DERIVED here for the EDM setting, from paper B's structure, linear-diffusion.md §3.3–3.5): the
 * converged linear denoiser on N samples is W_σ = Σ̂(Σ̂ + σ²)⁻¹ with Σ̂ = XᵀX/N; in the eigenbasis of Σ̂ (weights
 * w_i = λ̂_i/(λ̂_i + σ²), overlaps s_i = û_iᵀΣû_i) its expected test loss per σ is (1/d)Σ_i[(1 − w_i)²s_i + w_i²σ²], and the
 * exact probability-flow sampler generates Û diag(λ̃(λ̂_i)) Ûᵀ with λ̃ = σ_T²(λ̂ + σ_0²)/(λ̂ + σ_T²)
 * ({@link GeneratedVariance#convergedLog}), whose KL to N(0, Σ) is {@link KlDivergence#generatedToTrue}.
 *
 * <p>Other data ({@code data=}, any {@link DataSource}): the rows are centred by their mean and their empirical
 * covariance plays Σ (the theory's population: overlaps s_i, the KL's reference law N(0, Σ)); each N draws a seeded
 * random subset of the rows, and the test loss uses the source's test split when it has one, else {@code eval} rows
 * held out of every draw (DERIVED convention of this implementation: the finite data set is the population).
 *
 * <p>Typed DSL: {@code networkGeneralization().d(16).ratios(1, 4, 16).run()}.
 */
@TypedBuilder(mixins = {NetParamsSetters.class, CheckpointsSetters.class})
public final class NetworkGeneralization implements Experiment {
    static final Param<NetParams.Net> NET = Param.choice(
            "net", NetParams.Net.MLP, "denoiser: mlp, linear, or cnn (image data, or gaussian with a square d)");
    static final Param<String> DATA = org.diffdyn.experiment.DataParams.data(
            "gaussian",
            "training data: gaussian (d and k below, unless the source states them) or any other source, "
                    + org.diffdyn.experiment.DataParams.DESCRIPTION
                    + "; other data is centred and its empirical covariance is the theory's Sigma");
    static final Param<Integer> D = Param.integer("d", 16, 2, 4096, "dimension of the Gaussian data");
    static final Param<Double> K =
            Param.real("k", 1, 0, 6, "power-law exponent of the spectrum lambda_nu ~ nu^-k (Tr Sigma/d = 1)");
    static final Param<double[]> RATIOS = Param.reals(
            "ratios", new double[] {0.5, 1, 2, 4, 8, 32}, 0, 1e6, true, "N/d values (one training run each)");
    static final Param<Integer> STEPS = Param.integer("steps", 1500, 1, 100_000_000, "Adam steps per run");
    static final Param<Integer> SAMPLES =
            Param.integer("samples", 4000, 10, 1_000_000, "generated samples for the Gaussian fit");
    static final Param<Integer> EVAL = Param.integer("eval", 2000, 10, 1_000_000, "held-out samples for the test loss");
    static final Param<Integer> TOP = Param.integer("top", 3, 1, 4096, "leading eigenvectors compared");

    public static final Spec SPEC = Spec.of(
                    "network-generalization",
                    Paper.B,
                    "Test loss and KL of generated samples vs N/d for a network, beside the linear theory",
                    "For each N = ratio*d: draws N samples of N(0, Sigma) (power law, random basis; or, with data=, N rows of the centred data "
                            + "set, whose empirical covariance is Sigma), trains the network (DJL, EDM loss) and "
                            + "measures its EDM test loss on eval fresh samples and its train loss on the N samples (fixed noise), and the KL "
                            + "KL(N(m, S) || N(0, Sigma)) of a Gaussian fitted to generated samples (fit floor E KL of a fit to exact samples in the "
                            + "column fit_floor). Linear theory on the same draw: converged W = Sigma-hat(Sigma-hat + sigma^2)^-1, its expected test "
                            + "loss and the KL of its PF-ODE law (DERIVED). Overlaps: |u_i . v_i| of the top eigenvectors of the generated covariance "
                            + "with Sigma-hat's and with Sigma's, and the top-k subspace overlap. Rows per (N, source).",
                    NetworkGeneralizationBuilder.declaredParams())
            .with(NetParamsSetters.declaredParams())
            .with(CheckpointsSetters.declaredParams());

    /**
     * The law the training sets are drawn from: the Gaussian N(0, Σ) (fresh draws), or a data set's centred rows with
     * their empirical covariance as Σ (seeded subsets of the rows not held out).
     */
    record Population(Covariance sigma, DMatrixRMaj held, DMatrixRMaj rows, String spec, int[] shape) {
        static Population of(Params p, long seed, Progress progress) {
            DataSource src = DataSource.parse("data", p.get(DATA));
            if (src.kind() == DataSource.Kind.GAUSSIAN) {
                // the historical spec text, so that the default run is unchanged; the source's own options win
                String spec = "gaussian?d=" + src.options().getOrDefault("d", Integer.toString(p.get(D)))
                        + "&spectrum=" + src.options().getOrDefault("spectrum", "powerlaw")
                        + "&k=" + src.options().getOrDefault("k", Double.toString(p.get(K)))
                        + (src.options().containsKey("seed")
                                ? "&seed=" + src.options().get("seed")
                                : "");
                NetData g = NetData.load(spec, 2, seed);
                return new Population(
                        g.population(), g.heldOut(spec, p.get(EVAL), seed).images(), null, spec, g.shape());
            }
            ImageDataset ds = src.load(progress);
            int n = ds.size(), d = ds.dimension();
            int[] shape = ds.isImage() ? new int[] {ds.channels(), ds.imageRows(), ds.imageCols()} : new int[] {d};
            DMatrixRMaj all = ds.images();
            double[] mean = DataStats.mean(all);
            DMatrixRMaj centred = DataStats.centered(all, mean);
            Covariance sigma = null;
            String fault = null;
            try {
                sigma = Covariance.fromMatrix(DataStats.covariance(all));
                double[] v = sigma.spectrum().values();
                double mean0 = Arrays.stream(v).sum() / d,
                        min = Arrays.stream(v).min().orElse(0);
                if (!(min > 1e-12 * mean0)) fault = "smallest covariance eigenvalue " + min + " (mean " + mean0 + ")";
            } catch (IllegalArgumentException e) {
                fault = e.getMessage();
            }
            if (fault != null)
                throw new ParameterException(
                        "data",
                        src,
                        "data whose covariance is positive definite (the theory's KL to N(0, Sigma) needs Sigma^-1): "
                                + "more rows than features and no constant feature",
                        ds.name() + " (" + n + " rows, d = " + d + "): " + fault);
            int eval = p.get(EVAL);
            if (NetData.hasTestSplit(src)) {
                DMatrixRMaj test = src.with("split", "test")
                        .with("limit", eval)
                        .load(progress)
                        .images();
                return new Population(sigma, DataStats.centered(test, mean), centred, src.toString(), shape);
            }
            if (eval >= n)
                throw new ParameterException(
                        "eval",
                        eval,
                        "fewer than the " + n + " rows of data=" + src + " (they are held out of training)");
            // a seeded permutation: the first eval rows are held out, the rest are drawn from
            int[] perm = new org.diffdyn.core.random.Rng(seed + 43).permutation(n);
            DMatrixRMaj held = new DMatrixRMaj(eval, d), rest = new DMatrixRMaj(n - eval, d);
            for (int i = 0; i < n; i++)
                System.arraycopy(
                        centred.data, perm[i] * d, (i < eval ? held : rest).data, (i < eval ? i : i - eval) * d, d);
            return new Population(sigma, held, rest, src.toString(), shape);
        }

        int dimension() {
            return sigma.dimension();
        }

        void checkDraw(int n, double ratio) {
            if (rows != null && n > rows.numRows)
                throw new ParameterException(
                        "ratios",
                        ratio,
                        "N = ratio*d at most " + rows.numRows + " (the rows of data=" + spec
                                + " not held out), i.e. ratio <= " + (double) rows.numRows / dimension());
        }

        /** n training samples: fresh Gaussian draws, or n distinct rows chosen by a seeded permutation. */
        DMatrixRMaj draw(int n, long drawSeed) {
            if (rows == null) return sigma.sample(n, new org.diffdyn.core.random.Rng(drawSeed));
            int d = rows.numCols;
            int[] perm = new org.diffdyn.core.random.Rng(drawSeed).permutation(rows.numRows);
            DMatrixRMaj x = new DMatrixRMaj(n, d);
            for (int i = 0; i < n; i++) System.arraycopy(rows.data, perm[i] * d, x.data, i * d, d);
            return x;
        }
    }

    /** The linear theory's expected EDM test loss on one draw, with the same σ quadrature as the measurement. */
    static double linearTestLoss(EmpiricalModes modes, DenoisingLoss loss) {
        double[] lh = modes.lambdaHat(), s = modes.sigmaOverlap();
        double[][] lv = loss.levels();
        int d = lh.length;
        double out = 0;
        for (int i = 0; i < lv[0].length; i++) {
            double s2 = lv[0][i] * lv[0][i], m = 0;
            for (int q = 0; q < d; q++) {
                double w = lh[q] / (lh[q] + s2);
                m += (1 - w) * (1 - w) * s[q] + w * w * s2;
            }
            out += lv[1][i] * loss.weight(lv[0][i]) * m / d;
        }
        return out;
    }

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        long seed = p.seed();
        Population pop = Population.of(p, seed, progress);
        int d = pop.dimension(), top = Math.min(p.get(TOP), d);
        double[] ratios = p.get(RATIOS).clone();
        Arrays.sort(ratios);
        Covariance sigma = pop.sigma();
        DMatrixRMaj sigmaM = sigma.matrix();
        DMatrixRMaj held = pop.held();
        DenoisingLoss loss = DenoisingLoss.edm(seed + 41);
        double s0 = EdmSchedule.DEFAULT_SIGMA_MIN, sT = EdmSchedule.DEFAULT_SIGMA_MAX;
        StringColumn source = StringColumn.create("source");
        IntColumn nCol = IntColumn.create("N");
        DoubleColumn ratio = DoubleColumn.create("ratio"),
                test = DoubleColumn.create("test_loss"),
                train = DoubleColumn.create("train_loss"),
                kl = DoubleColumn.create("kl"),
                floor = DoubleColumn.create("fit_floor"),
                ovHat = DoubleColumn.create("overlap_top_train"),
                ovPop = DoubleColumn.create("overlap_top_population"),
                sub = DoubleColumn.create("subspace_overlap");
        double worstSec = 0;
        long totalSteps = 0;
        double totalSeconds = 0;
        String label = p.get(NET).name().toLowerCase(java.util.Locale.ROOT);
        for (double r : ratios) {
            int n = Math.max(2, (int) Math.round(r * d));
            pop.checkDraw(n, r);
            DMatrixRMaj x = pop.draw(n, seed + 1000L * n); // the same Sigma, a fresh draw per N
            EmpiricalModes modes = EmpiricalModes.fromSecondMoment(DataStats.secondMoment(x), n, sigma);
            // linear theory on this draw
            double[] v = modes.lambdaHat();
            for (int i = 0; i < v.length; i++) v[i] = Math.exp(GeneratedVariance.convergedLog(v[i], s0, sT));
            source.append("linear theory");
            nCol.append(n);
            ratio.append((double) n / d);
            test.append(linearTestLoss(modes, loss));
            train.appendMissing();
            kl.append(KlDivergence.generatedToTrue(modes, v));
            floor.appendMissing();
            ovHat.append(1);
            ovPop.appendMissing();
            sub.appendMissing();
            // the network
            Path dir = Checkpoints.dir(p) == null ? null : Checkpoints.dir(p).resolve("n-" + n);
            double[] measured = new double[6];
            try (NetSession s = NetSession.open( // the CNN needs the image shape
                    p, p.get(NET), p.get(NET) == NetParams.Net.CNN ? pop.shape() : new int[] {d}, seed + n)) {
                double[] tr = s.train(
                        x,
                        p.get(STEPS),
                        p.get(NetParams.BATCH),
                        p.get(NetParams.LR),
                        1,
                        dir,
                        progress,
                        (step, l, session) -> {
                            if (step < p.get(STEPS)) return;
                            measured[0] = DenoisingLoss.mean(loss.perImage(session.denoiser(), held));
                            measured[1] = DenoisingLoss.mean(loss.perImage(session.denoiser(), x));
                            DMatrixRMaj gen = session.sample(p.get(SAMPLES), Progress.NONE);
                            GaussianFit fit = GaussianFit.of(gen);
                            measured[2] = fit.klTo(new double[d], sigmaM);
                            GaussianFit.Overlap oh =
                                    GaussianFit.topOverlap(fit.covariance(), DataStats.secondMoment(x), top);
                            GaussianFit.Overlap op = GaussianFit.topOverlap(fit.covariance(), sigmaM, top);
                            measured[3] = oh.perVector()[0];
                            measured[4] = op.perVector()[0];
                            measured[5] = op.subspace();
                        });
                totalSeconds += tr[0];
                totalSteps += (long) tr[1];
            }
            source.append(label);
            nCol.append(n);
            ratio.append((double) n / d);
            test.append(measured[0]);
            train.append(measured[1]);
            kl.append(measured[2]);
            floor.append(p.get(SAMPLES) > d ? GaussianFit.expectedKlOfFit(d, p.get(SAMPLES)) : Double.NaN);
            ovHat.append(measured[3]);
            ovPop.append(measured[4]);
            sub.append(measured[5]);
            String key = "n" + n;
            result.check("test-loss." + label + "." + key, "network test loss at N = " + n, measured[0]);
            result.check(
                    "kl." + label + "." + key, "KL of the Gaussian fit to generated samples at N = " + n, measured[2]);
            result.check("kl.linear." + key, "linear theory KL at N = " + n, kl.get(kl.size() - 2));
            progress.checkCancelled();
        }
        Table t =
                Table.create("network-generalization", source, nCol, ratio, test, train, kl, floor, ovHat, ovPop, sub);
        result.table(t)
                .plot(
                        "test-loss",
                        PlotSpec.of("Denoising loss vs N/d: " + label + " and the converged linear model", "ratio")
                                .add("test_loss", PlotSpec.Style.LINES_AND_MARKERS, "test loss")
                                .add("train_loss", PlotSpec.Style.MARKERS, "train loss")
                                .groupBy("source")
                                .legendPerSeries()
                                .logX()
                                .labels("N/d", "EDM denoising loss"))
                .plot(
                        "kl",
                        PlotSpec.of("KL(generated || true) vs N/d (network: Gaussian fit to its samples)", "ratio")
                                .add("kl", PlotSpec.Style.LINES_AND_MARKERS, "KL")
                                .add("fit_floor", PlotSpec.Style.LINES, "fit floor")
                                .groupBy("source")
                                .legendPerSeries()
                                .logXY()
                                .labels("N/d", "KL (nats)"))
                .plot(
                        "overlap",
                        PlotSpec.of("Leading directions of the generated law vs Sigma-hat's and Sigma's", "ratio")
                                .add("overlap_top_train", PlotSpec.Style.MARKERS, "top vector vs Sigma-hat")
                                .add("overlap_top_population", PlotSpec.Style.MARKERS, "top vector vs Sigma")
                                .add("subspace_overlap", PlotSpec.Style.MARKERS, "top-k subspace vs Sigma")
                                .groupBy("source")
                                .legendPerSeries()
                                .logX()
                                .labels("N/d", "overlap"))
                .check(
                        "seconds-per-1000-steps",
                        "training seconds per 1000 steps on this machine",
                        NetParams.perThousand(new double[] {totalSeconds, totalSteps}));
    }
}
