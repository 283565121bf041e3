package org.diffdyn.measure.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.rf.Activation;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.imbalance.ClassOrder;
import org.diffdyn.measure.ClassTimes;
import org.diffdyn.measure.DenoisingLoss;
import org.diffdyn.measure.Memorization;
import org.diffdyn.plot.PlotSpec;
import org.ejml.data.DMatrixRMaj;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Paper C on a real network: a U-Net (or MLP-UNet) trained on an imbalanced subset of the classes of a labelled data
 * set ({@code data=}, Fashion-MNIST by default; any labelled {@link DataSource}), with
 * per-class train and test denoising loss and per-class memorised fraction at every checkpoint, the per-class
 * generalisation and memorisation times read from them ({@link ClassTimes}), and beside them the order the
 * random-features theory predicts from the same classes' statistics ({@link ClassOrder}, as the
 * {@code fashion-class-order} experiment computes it). Default classes and weights follow the spec's C7 setting
 * (random-features-and-ridge.md §3.5): two classes whose standard deviations are in ratio ≈ 0.8 (Bag σ² = 0.91,
 * T-shirt/top σ² = 0.60 after global normalisation), the higher-variance class the minority at 16:112.
 *
 * <p>Typed DSL: {@code networkClassOrder().classes(8, 0).weights(16, 112).run()}.
 */
@TypedBuilder(mixins = {NetParamsSetters.class, CheckpointsSetters.class})
public final class NetworkClassOrder implements Experiment {
    static final Param<NetParams.Net> NET =
            Param.choice("net", NetParams.Net.CNN, "denoiser: cnn (U-Net, as in paper C) or mlp");
    static final Param<String> DATA = org.diffdyn.experiment.DataParams.data(
            "fashion-mnist",
            "labelled training data: " + org.diffdyn.experiment.DataParams.DESCRIPTION
                    + "; needs labels (fashion-mnist, mnist-idx, cifar10, npz with y, npy with labels=, images in class folders); "
                    + "test images from the source's test split, else the rows after the training rows of each class");
    static final Param<double[]> CLASSES = Param.reals(
            "classes",
            new double[] {8, 0},
            -1,
            1_000_000,
            true,
            "class labels of the subset (default 8, 0: Fashion-MNIST's Bag, T-shirt/top)");
    static final Param<double[]> WEIGHTS = Param.reals(
            "weights",
            new double[] {16, 112},
            0,
            1e9,
            true,
            "relative sampling weights rho_c of those classes (spec C7: 16:112, high-variance minority; 1,1 = balanced)");
    static final Param<Integer> TRAIN_SIZE =
            Param.integer("train-size", 512, 4, 60_000, "training images in total (n_c = rho_c n)");
    static final Param<Integer> STEPS = Param.integer("steps", 1500, 1, 100_000_000, "Adam steps");
    static final Param<Integer> CHECKPOINTS =
            Param.integer("checkpoints", 10, 2, 10_000, "log-spaced checkpoints (plus step 0)");
    static final Param<Integer> SAMPLES =
            Param.integer("samples", 300, 10, 1_000_000, "generated samples per checkpoint (memorisation)");
    static final Param<Integer> EVAL =
            Param.integer("eval", 128, 1, 10_000, "images per class for the train and test losses");
    static final Param<Double> RATIO =
            Param.realAbove("ratio", Memorization.DEFAULT_RATIO, 0, 1, "memorised when d1/d2 < ratio (Bonnaire: 1/3)");
    static final Param<Double> MEM_LEVEL =
            Param.realAbove("mem-level", 0.1, 0, 1, "f_mem level that marks a class's memorisation time (UNSURE)");
    static final Param<Double> T = Param.realAbove(
            "t", 0.1, 0, 20, "theory: OU time at which the GEP coefficients are evaluated (as fashion-class-order)");
    static final Param<Double> PSI_P = Param.realAbove("psi-p", 32, 0, 1e6, "theory: p/d of the random-features model");
    static final Param<Double> PSI_N = Param.realAbove("psi-n", 4, 0, 1e6, "theory: n/d");

    public static final Spec SPEC = Spec.of(
                    "network-class-order",
                    Paper.C,
                    "Per-class learning and memorization order of a network on imbalanced classes (Fashion-MNIST or any labelled data) vs the RF theory's order",
                    "Trains the network (DJL, EDM loss) on n images of the chosen classes drawn with weights rho_c. At every checkpoint: per-class "
                            + "EDM denoising loss on eval training and eval test images (fixed noise, Gauss-Hermite in ln sigma), generated samples "
                            + "assigned to the class of their nearest training image, and the memorised fraction (d1/d2 < 1/3 against that class's "
                            + "training images; Bonnaire's criterion, random-features-and-ridge.md 2.2). tau_gen = first checkpoint with test loss at or "
                            + "below a threshold common to all classes; tau_mem = first checkpoint with f_mem >= mem-level, and the half-gap rule. "
                            + "Theory: ClassOrder (3.3, DERIVED) from the classes' variance, centroid norm and rho after global normalisation. Rows: "
                            + "kind=curve (class, step, train_loss, test_loss, gap, fmem, fmem_se, share), kind=time (class, variance, rho, tau_gen, "
                            + "tau_mem, tau_mem_gap, ranks, theory_tau_gen, theory_tau_mem, theory ranks).",
                    NetworkClassOrderBuilder.declaredParams())
            .with(NetParamsSetters.declaredParams())
            .with(CheckpointsSetters.declaredParams());

    /**
     * Rows of a data set belonging to the classes: of class c, the {@code perClass[c]} rows after its first
     * {@code skip[c]} (in file order); labels remapped to 0..K−1. Too few rows is an error naming {@code parameter}.
     */
    static DMatrixRMaj subset(
            ImageDataset ds, int[] classes, int[] skip, int[] perClass, List<Integer> labelsOut, String parameter) {
        int d = ds.dimension(), k = classes.length;
        int[] seen = new int[k], taken = new int[k];
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < ds.size(); i++) {
            int l = ds.label(i);
            for (int c = 0; c < k; c++)
                if (classes[c] == l && seen[c]++ >= skip[c] && taken[c] < perClass[c]) {
                    taken[c]++;
                    rows.add(i);
                    labelsOut.add(c);
                }
        }
        for (int c = 0; c < k; c++)
            if (taken[c] < perClass[c])
                throw new ParameterException(
                        parameter,
                        perClass[c],
                        "at most " + taken[c] + " images of class " + classes[c] + " in " + ds.name()
                                + (skip[c] > 0 ? " after its " + skip[c] + " training images" : ""));
        DMatrixRMaj out = new DMatrixRMaj(rows.size(), d);
        for (int r = 0; r < rows.size(); r++) System.arraycopy(ds.images().data, rows.get(r) * d, out.data, r * d, d);
        return out;
    }

    /** Image rows padded with the background value −1 from shape {@code raw} to {@code padded} (unchanged for vectors). */
    private static DMatrixRMaj padTo(DMatrixRMaj x, int[] raw, int[] padded) {
        return raw.length != 3 ? x : NetData.pad(x, raw[0], raw[1], raw[2], padded[1], padded[2], -1);
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return false;
        return true;
    }

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        long seed = p.seed();
        int[] classes = Arrays.stream(p.get(CLASSES)).mapToInt(v -> (int) v).toArray();
        double[] w = p.get(WEIGHTS);
        int k = classes.length;
        if (w.length != k)
            throw new ParameterException(
                    "weights", w, k + " weights, one per class in classes=" + Arrays.toString(classes));
        DataSource src = DataSource.parse("data", p.get(DATA));
        ImageDataset trainSet = src.load(progress);
        if (!trainSet.hasLabels())
            throw new ParameterException(
                    "data",
                    src,
                    "a labelled data set (fashion-mnist, mnist-idx:/dir, cifar10:/dir, npz with y, npy with labels=, "
                            + "images:/dir with one subfolder per class)",
                    trainSet.name() + " has no labels");
        if (p.get(NET) == NetParams.Net.CNN && !trainSet.isImage())
            throw new ParameterException(
                    "net", "cnn", "data with an image shape, or net=mlp", trainSet.name() + " is flat vectors");
        int labelCount = trainSet.classCount();
        for (int c = 0; c < k; c++) {
            if (classes[c] < 0 || classes[c] >= labelCount || classes[c] != p.get(CLASSES)[c])
                throw new ParameterException(
                        "classes",
                        p.get(CLASSES),
                        "labels 0.." + (labelCount - 1) + " of data=" + src,
                        "class " + p.get(CLASSES)[c] + " is not one of them");
            for (int c2 = 0; c2 < c; c2++)
                if (classes[c] == classes[c2])
                    throw new ParameterException("classes", p.get(CLASSES), "distinct labels");
        }
        boolean fashion = src.kind() == DataSource.Kind.FASHION_MNIST;
        String[] names = new String[k];
        for (int c = 0; c < k; c++)
            names[c] = fashion && classes[c] < ImageDataset.FASHION_MNIST_CLASSES.length
                    ? ImageDataset.FASHION_MNIST_CLASSES[classes[c]]
                    : trainSet.className(classes[c]);
        double wsum = Arrays.stream(w).sum();
        double[] rho = Arrays.stream(w).map(v -> v / wsum).toArray();
        int n = p.get(TRAIN_SIZE), eval = p.get(EVAL);
        int[] nc = new int[k];
        for (int c = 0; c < k; c++) nc[c] = Math.max(2, (int) Math.round(rho[c] * n));
        // Test images: the source's test split, or (no split) the rows after each class's training rows.
        boolean split = NetData.hasTestSplit(src);
        ImageDataset testSet = split ? src.with("split", "test").load(progress) : trainSet;
        int[] none = new int[k];
        List<Integer> trainLab = new ArrayList<>(), evalTrainLab = new ArrayList<>(), testLab = new ArrayList<>();
        DMatrixRMaj trainRaw = subset(trainSet, classes, none, nc, trainLab, "train-size");
        int[] labels = trainLab.stream().mapToInt(Integer::intValue).toArray();
        int[] evalCount = new int[k];
        for (int c = 0; c < k; c++) evalCount[c] = Math.min(eval, nc[c]);
        DMatrixRMaj evalTrainRaw = subset(trainSet, classes, none, evalCount, evalTrainLab, "eval");
        int[] testCount = new int[k];
        Arrays.fill(testCount, eval);
        DMatrixRMaj testRaw = subset(testSet, classes, split ? none : nc, testCount, testLab, "eval");
        int[] raw = trainSet.isImage()
                ? new int[] {trainSet.channels(), trainSet.imageRows(), trainSet.imageCols()}
                : new int[] {trainSet.dimension()};
        int mult = NetData.unetMultiple(p.get(NET), p.get(NetParams.PRESET));
        int[] shape = raw.length == 3
                ? new int[] {raw[0], (raw[1] + mult - 1) / mult * mult, (raw[2] + mult - 1) / mult * mult}
                : raw;
        DMatrixRMaj train = padTo(trainRaw, raw, shape),
                evalTrain = padTo(evalTrainRaw, raw, shape),
                test = padTo(testRaw, raw, shape);
        int[]
                evalTrainLabels =
                        evalTrainLab.stream().mapToInt(Integer::intValue).toArray(),
                testLabels = testLab.stream().mapToInt(Integer::intValue).toArray();

        // Theory: per-class statistics of the training subset after global normalisation (as fashion-class-order)
        DataStats.ClassStats[] st = DataStats.perClass(train, labels, k);
        double[] mean = DataStats.mean(train);
        double gv = 0;
        int d = train.numCols;
        for (int i = 0; i < train.numRows; i++)
            for (int j = 0; j < d; j++) {
                double r = train.data[i * d + j] - mean[j];
                gv += r * r;
            }
        gv /= (double) train.numRows * d;
        double[] variance = new double[k], norm = new double[k];
        for (int c = 0; c < k; c++) {
            variance[c] = st[c].meanVariance() / gv;
            norm[c] = st[c].centroidNorm() / Math.sqrt(gv) / Math.sqrt(d);
        }
        ClassOrder.Prediction[] pred =
                ClassOrder.predict(variance, norm, rho, p.get(T), p.get(PSI_P), p.get(PSI_N), Activation.TANH);

        DenoisingLoss lossFn = DenoisingLoss.edm(seed + 31);
        List<Double> steps = new ArrayList<>();
        List<double[]> trL = new ArrayList<>(),
                teL = new ArrayList<>(),
                fm = new ArrayList<>(),
                fmSe = new ArrayList<>(),
                share = new ArrayList<>();
        double ratio = p.get(RATIO);
        double[] trained;
        String label;
        try (NetSession s = NetSession.open(p, p.get(NET), shape, seed)) {
            label = s.label();
            trained = s.train(
                    train,
                    p.get(STEPS),
                    p.get(NetParams.BATCH),
                    p.get(NetParams.LR),
                    p.get(CHECKPOINTS),
                    Checkpoints.dir(p),
                    progress,
                    (step, loss, session) -> {
                        steps.add((double) step);
                        trL.add(DenoisingLoss.perClass(
                                lossFn.perImage(session.denoiser(), evalTrain), evalTrainLabels, k));
                        teL.add(DenoisingLoss.perClass(lossFn.perImage(session.denoiser(), test), testLabels, k));
                        DMatrixRMaj gen = session.sample(p.get(SAMPLES), Progress.NONE);
                        Memorization.Neighbours nb = Memorization.nearestTwo(gen, train, labels, k, Progress.NONE);
                        double[] f = nb.fractionPerClass(k, ratio);
                        int[] cnt = nb.countPerClass(k);
                        double[] se = new double[k], sh = new double[k];
                        for (int c = 0; c < k; c++) {
                            se[c] = Memorization.standardError(Double.isNaN(f[c]) ? 0 : f[c], cnt[c]);
                            sh[c] = (double) cnt[c] / gen.numRows;
                        }
                        fm.add(f);
                        fmSe.add(se);
                        share.add(sh);
                        progress.checkCancelled();
                    });
        }
        int m = steps.size();
        double[] stepArr = steps.stream().mapToDouble(Double::doubleValue).toArray();
        double[][] trainC = new double[k][m], testC = new double[k][m], fmemC = new double[k][m];
        for (int j = 0; j < m; j++)
            for (int c = 0; c < k; c++) {
                trainC[c][j] = trL.get(j)[c];
                testC[c][j] = teL.get(j)[c];
                fmemC[c][j] = fm.get(j)[c];
            }
        ClassTimes.Times[] times = ClassTimes.measure(stepArr, trainC, testC, fmemC, p.get(MEM_LEVEL));
        double[] gen = new double[k], mem = new double[k], memGap = new double[k];
        for (int c = 0; c < k; c++) {
            gen[c] = times[c].gen();
            mem[c] = times[c].memFraction();
            memGap[c] = times[c].memGap();
        }
        int[] genRank = ClassTimes.ranks(gen), memRank = ClassTimes.ranks(mem);
        int[] thGen = new int[k], thMem = new int[k];
        for (int c = 0; c < k; c++) {
            thGen[c] = pred[c].genRank();
            thMem[c] = pred[c].memRank();
        }

        StringColumn kind = StringColumn.create("kind"), name = StringColumn.create("name");
        IntColumn cls = IntColumn.create("class"),
                gr = IntColumn.create("gen_rank"),
                mr = IntColumn.create("mem_rank"),
                tgr = IntColumn.create("theory_gen_rank"),
                tmr = IntColumn.create("theory_mem_rank");
        DoubleColumn step = DoubleColumn.create("step"),
                trc = DoubleColumn.create("train_loss"),
                tec = DoubleColumn.create("test_loss"),
                gap = DoubleColumn.create("gap"),
                fmc = DoubleColumn.create("fmem"),
                fse = DoubleColumn.create("fmem_se"),
                shc = DoubleColumn.create("share"),
                varc = DoubleColumn.create("variance"),
                rhoc = DoubleColumn.create("rho"),
                tg = DoubleColumn.create("tau_gen"),
                tm = DoubleColumn.create("tau_mem"),
                tmg = DoubleColumn.create("tau_mem_gap"),
                ttg = DoubleColumn.create("theory_tau_gen"),
                ttm = DoubleColumn.create("theory_tau_mem");
        for (int c = 0; c < k; c++)
            for (int j = 0; j < m; j++) {
                kind.append("curve");
                cls.append(classes[c]);
                name.append(names[c]);
                step.append(stepArr[j]);
                trc.append(trainC[c][j]);
                tec.append(testC[c][j]);
                gap.append(testC[c][j] - trainC[c][j]);
                fmc.append(fmemC[c][j]);
                fse.append(fmSe.get(j)[c]);
                shc.append(share.get(j)[c]);
                varc.append(variance[c]);
                rhoc.append(rho[c]);
                tg.appendMissing();
                tm.appendMissing();
                tmg.appendMissing();
                ttg.appendMissing();
                ttm.appendMissing();
                gr.appendMissing();
                mr.appendMissing();
                tgr.appendMissing();
                tmr.appendMissing();
            }
        for (int c = 0; c < k; c++) {
            kind.append("time");
            cls.append(classes[c]);
            name.append(names[c]);
            step.appendMissing();
            trc.appendMissing();
            tec.appendMissing();
            gap.appendMissing();
            fmc.appendMissing();
            fse.appendMissing();
            shc.appendMissing();
            varc.append(variance[c]);
            rhoc.append(rho[c]);
            tg.append(gen[c]);
            tm.append(mem[c]);
            tmg.append(memGap[c]);
            ttg.append(pred[c].tauGen());
            ttm.append(pred[c].tauMem());
            gr.append(genRank[c]);
            mr.append(memRank[c]);
            tgr.append(thGen[c]);
            tmr.append(thMem[c]);
        }
        for (int c = 0; c < k; c++) {
            String cl = "class-" + classes[c];
            result.check(
                    "tau-gen." + cl, "generalisation step of " + names[c] + " (common test-loss threshold)", gen[c]);
            result.check("tau-mem." + cl, "memorisation step (f_mem >= " + p.get(MEM_LEVEL) + ")", mem[c]);
            result.check("fmem-final." + cl, "memorised fraction at the last checkpoint", fmemC[c][m - 1]);
            result.check(
                    "share-final." + cl,
                    "share of generated samples nearest to this class at the last checkpoint (rho = " + rho[c] + ")",
                    share.get(m - 1)[c]);
        }
        Table table = Table.create(
                "network-class-order",
                kind,
                cls,
                name,
                step,
                trc,
                tec,
                gap,
                fmc,
                fse,
                shc,
                varc,
                rhoc,
                tg,
                tm,
                tmg,
                gr,
                mr,
                ttg,
                ttm,
                tgr,
                tmr);
        result.table(table)
                .plot(
                        "loss",
                        PlotSpec.of(label + ": per-class test and train loss", "step")
                                .add("test_loss", PlotSpec.Style.LINES, "test loss")
                                .add("train_loss", PlotSpec.Style.MARKERS, "train loss")
                                .groupBy("name")
                                .legendPerSeries()
                                .logX()
                                .labels("training step", "EDM denoising loss"))
                .plot(
                        "memorization",
                        PlotSpec.of(
                                        label + ": per-class memorised fraction (d1/d2 < "
                                                + String.format(Locale.ROOT, "%.3g", ratio) + ")",
                                        "step")
                                .add("fmem", PlotSpec.Style.LINES_AND_MARKERS, "f_mem")
                                .errors("fmem_se")
                                .groupBy("name")
                                .logX()
                                .labels("training step", "memorised fraction"))
                .plot(
                        "times",
                        PlotSpec.of("Per-class measured times vs class variance", "variance")
                                .add("tau_gen", PlotSpec.Style.MARKERS, "tau_gen (test loss)")
                                .add("tau_mem", PlotSpec.Style.MARKERS, "tau_mem (f_mem)")
                                .logY()
                                .labels("class variance sigma_c^2 (normalised)", "tau_gen, tau_mem (training step)"))
                .check(
                        "spearman.gen",
                        "Spearman(measured tau_gen ranks, RF theory ranks); NaN when a class never generalises in the run",
                        allFinite(gen) ? ClassTimes.spearman(genRank, thGen) : Double.NaN)
                .check(
                        "spearman.mem",
                        "Spearman(measured tau_mem ranks, RF theory ranks); NaN when a class never memorises in the run",
                        allFinite(mem) ? ClassTimes.spearman(memRank, thMem) : Double.NaN)
                .check(
                        "seconds-per-1000-steps",
                        "training seconds per 1000 steps on this machine",
                        NetParams.perThousand(trained));
    }
}
