package org.diffdyn.imbalance.experiments;

import java.util.Arrays;
import java.util.List;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.imbalance.ClassOrder;
import org.diffdyn.plot.PlotSpec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Fashion-MNIST per-class statistics (variance σ_c² = tr Cov(x|c)/d, centroid norm m_c = ‖μ_c − μ‖/√d) and the
 * learning order the random-features theory predicts from them (paper C, random-features-and-ridge.md §3.2/§3.3,
 * DERIVED; the paper's own Fashion-MNIST protocol is UNSURE, §6).
 */
public final class FashionClassOrder implements Experiment {
    static final Param<String> DATA = org.diffdyn.experiment.DataParams.DATA;
    static final Param<Integer> LIMIT = Param.integer("limit", 60_000, 10, 60_000, "training images to read");
    static final Param<Double> T = Param.realAbove("t", 0.1, 0, 20, "OU diffusion time at which the GEP coefficients are evaluated");
    static final Param<Double> PSI_P = Param.realAbove("psiP", 32, 0, 1e6, "p/d of the random-features model");
    static final Param<Double> PSI_N = Param.realAbove("psiN", 4, 0, 1e6, "n/d of the training set");
    static final Param<Integer> MINORITY = Param.integer("minority", -1, -1, 9, "class made a minority (-1: balanced)");
    static final Param<Double> MINORITY_RATIO = Param.realAbove("minorityRatio", 0.1, 0, 1, "sampling ratio of the minority relative to the others");
    static final Param<String> NORMALISE = Param.choice("normalise", "global",
            "scale pixels so the global per-pixel variance is 1 (global) or keep [-1,1] pixels (none); UNSURE which paper C uses",
            "global", "none");
    static final Param<Boolean> SHIFT = Param.flag("centroidShift", true,
            "average the GEP coefficients over the per-feature shifts induced by the class centroid (m_c)");
    static final Param<Boolean> SURROGATE = Param.flag("surrogate", true,
            "also train the RF model on a Gaussian surrogate (10 isotropic classes with these sigma_c, m_c, rho_c in random directions) and read its per-class times");
    static final Param<Integer> SURROGATE_D = Param.integer("surrogateD", 32, 2, 1024, "dimension of the Gaussian surrogate");
    static final Param<Integer> SURROGATE_P = Param.integer("surrogateP", 512, 10, 4096, "random features of the surrogate RF model");
    static final Param<Integer> SURROGATE_N = Param.integer("surrogateN", 320, 10, 100_000, "training points of the surrogate (n_c = rho_c n)");
    static final Param<Long> SEED = Param.seed(1);

    @Override public String name() { return "fashion-class-order"; }

    @Override public String paper() { return "C"; }

    @Override public String title() { return "Fashion-MNIST per-class variance and centroid norm, and the learning order the RF theory predicts"; }

    @Override public String description() {
        return "Reads Fashion-MNIST (Debian dataset-fashion-mnist), computes per-class variance sigma_c^2 = tr Cov(x|c)/d and centroid "
                + "norm m_c = |mu_c - mu|/sqrt(d) (optionally after scaling to unit global per-pixel variance), and evaluates the "
                + "per-class GEP coefficients of random-features-and-ridge.md section 3.3 at each class's sigma_c (and m_c): the "
                + "generalization proxy tau_gen = 1/(psi_p rho_c alpha_c^2 a^2 sigma_c^2) and memorization proxy tau_mem = psi_n/(psi_p v_c^2). "
                + "Columns: class, name, count, variance, centroid_norm, rho, alpha, v2, tau_gen_proxy, tau_mem_proxy, gen_rank, mem_rank, "
                + "variance_rank (1 = first / largest); with surrogate=true also tau_gen_rf (common threshold), tau_mem_rf (half gap) and their "
                + "ranks from RF learning curves on a Gaussian surrogate mixture with the same class statistics (simulation). "
                + "DERIVED prediction; the U-Net experiment of paper C is not reproduced.";
    }

    @Override public List<Param<?>> params() { return List.of(DATA, LIMIT, T, PSI_P, PSI_N, MINORITY, MINORITY_RATIO, NORMALISE, SHIFT,
            SURROGATE, SURROGATE_D, SURROGATE_P, SURROGATE_N, SEED); }

    public static Builder create() { return new Builder(new FashionClassOrder()); }

    @Override public Builder builder() { return new Builder(this); }

    /** Typed DSL: {@code fashionClassOrder().limit(20000).minority(6, 0.1).run()}. */
    public static final class Builder extends ExperimentBuilder<Builder> {
        Builder(FashionClassOrder e) { super(e); }
        public Builder limit(int n) { return set("limit", n); }
        public Builder data(String source) { return set(DATA, source); }
        public Builder t(double t) { return set("t", t); }
        public Builder psiP(double v) { return set("psiP", v); }
        public Builder psiN(double v) { return set("psiN", v); }
        public Builder minority(int c, double ratio) { return set("minority", c).set("minorityRatio", ratio); }
        public Builder normalise(String s) { return set("normalise", s); }
        public Builder centroidShift(boolean b) { return set("centroidShift", b); }
        public Builder surrogate(boolean b) { return set("surrogate", b); }
        public Builder surrogateSize(int d, int p, int n) { return set("surrogateD", d).set("surrogateP", p).set("surrogateN", n); }
    }

    @Override public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder result = ExperimentResult.builder(name(), p); // started now: measures the run time
        ImageDataset data = org.diffdyn.experiment.DataParams.load(p, DATA, p.get(LIMIT), progress);
        if (!data.hasLabels() || data.classCount() != 10)
            throw new ParameterException("data", p.get(DATA), "a labelled set with 10 classes (data-class-order takes any number)", data.toString());
        progress.start("class statistics", 2);
        progress.advance(1);
        DataStats.ClassStats[] st = DataStats.perClass(data.images(), data.labels(), 10);
        progress.advance(2);
        progress.finish();
        double scale = 1;
        if (p.get(NORMALISE).equals("global")) {
            double[] mean = DataStats.mean(data.images());
            double var = 0;
            int n = data.size(), d = data.dimension();
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) { double r = data.images().data[i * d + j] - mean[j]; var += r * r; }
            var /= (double) n * d;
            scale = 1 / Math.sqrt(var);
        }
        int d = data.dimension();
        double[] variance = new double[10], norm = new double[10], rho = new double[10];
        int[] counts = new int[10];
        int minority = p.get(MINORITY);
        for (int c = 0; c < 10; c++) {
            variance[c] = st[c].meanVariance() * scale * scale;
            norm[c] = st[c].centroidNorm() * scale / Math.sqrt(d);
            counts[c] = st[c].count();
            rho[c] = c == minority ? p.get(MINORITY_RATIO) : 1;
        }
        double total = Arrays.stream(rho).sum();
        for (int c = 0; c < 10; c++) rho[c] /= total;
        ClassOrder.Prediction[] pred = ClassOrder.predict(variance, p.get(SHIFT) ? norm : new double[10], rho, p.get(T),
                p.get(PSI_P), p.get(PSI_N), org.diffdyn.core.rf.Activation.TANH);
        IntColumn cls = IntColumn.create("class"), count = IntColumn.create("count"), genRank = IntColumn.create("gen_rank"),
                memRank = IntColumn.create("mem_rank"), varRank = IntColumn.create("variance_rank");
        StringColumn name = StringColumn.create("name");
        DoubleColumn var = DoubleColumn.create("variance"), nrm = DoubleColumn.create("centroid_norm"), rh = DoubleColumn.create("rho"),
                al = DoubleColumn.create("alpha"), v2 = DoubleColumn.create("v2"), tg = DoubleColumn.create("tau_gen_proxy"),
                tm = DoubleColumn.create("tau_mem_proxy");
        int[] vr = ClassOrder.ranks(variance, false);
        for (int c = 0; c < 10; c++) {
            cls.append(c);
            name.append(data.className(c));
            count.append(counts[c]);
            var.append(variance[c]);
            nrm.append(norm[c]);
            rh.append(rho[c]);
            al.append(pred[c].alpha());
            v2.append(pred[c].perSample());
            tg.append(pred[c].tauGen());
            tm.append(pred[c].tauMem());
            genRank.append(pred[c].genRank());
            memRank.append(pred[c].memRank());
            varRank.append(vr[c]);
        }
        Table table = Table.create("fashion-class-order", cls, name, count, var, nrm, rh, al, v2, tg, tm, genRank, memRank, varRank);
        int[] genRanks = new int[10], memRanks = new int[10];
        for (int c = 0; c < 10; c++) { genRanks[c] = pred[c].genRank(); memRanks[c] = pred[c].memRank(); }
        if (p.get(SURROGATE)) {
            // Simulation: the RF model trained on a Gaussian surrogate with the measured class statistics.
            org.diffdyn.core.random.Rng rng = new org.diffdyn.core.random.Rng(p.seed());
            org.diffdyn.imbalance.ClassMixture mix = new org.diffdyn.imbalance.ClassMixture(p.get(SURROGATE_D),
                    org.diffdyn.imbalance.CentroidGeometry.RANDOM, p.get(SHIFT) ? norm : new double[10],
                    java.util.Arrays.stream(variance).map(Math::sqrt).toArray(), rho, rng.split());
            org.diffdyn.imbalance.RfClassModel model = org.diffdyn.imbalance.RfClassModel.train(mix,
                    new org.diffdyn.imbalance.RfClassModel.Config(p.get(SURROGATE_N), p.get(SURROGATE_P), p.get(T),
                            org.diffdyn.core.rf.Activation.TANH, org.diffdyn.imbalance.RfClassModel.NoiseAverage.EXACT, 0, 1000, 3, 48),
                    rng.split(), progress);
            org.diffdyn.imbalance.RfClassModel.LearningCurves lc = model.curves(org.diffdyn.core.rf.GradientFlow.logGrid(1e-3, 1e6, 40), progress);
            double[] gen = org.diffdyn.imbalance.LearningTimes.gen(lc, org.diffdyn.imbalance.LearningTimes.GenRule.COMMON_ABSOLUTE);
            double[] mem = org.diffdyn.imbalance.LearningTimes.mem(lc, org.diffdyn.imbalance.LearningTimes.MemRule.HALF_GAP);
            // Break grid ties by the best error (lower first) so ranks are defined.
            double[] genKey = new double[10], memKey = new double[10];
            for (int c = 0; c < 10; c++) {
                double minErr = java.util.Arrays.stream(lc.error()[c]).min().orElse(Double.NaN);
                genKey[c] = gen[c] * (1 + 1e-6 * minErr);
                memKey[c] = mem[c] * (1 + 1e-6 * minErr);
            }
            int[] gr = ClassOrder.ranks(genKey, true), mr = ClassOrder.ranks(memKey, true);
            DoubleColumn tgs = DoubleColumn.create("tau_gen_rf"), tms = DoubleColumn.create("tau_mem_rf");
            IntColumn grs = IntColumn.create("gen_rank_rf"), mrs = IntColumn.create("mem_rank_rf");
            for (int c = 0; c < 10; c++) { tgs.append(gen[c]); tms.append(mem[c]); grs.append(gr[c]); mrs.append(mr[c]); }
            table.addColumns(tgs, tms, grs, mrs);
            result.check("Spearman(tau_gen proxy rank, RF surrogate rank)", ClassOrder.spearman(genRanks, gr));
            result.check("Spearman(tau_mem proxy rank, RF surrogate rank)", ClassOrder.spearman(memRanks, mr));
            result.plot(PlotSpec.of("RF surrogate per-class times (markers) vs class variance", "variance")
                    .markers("tau_gen_rf").markers("tau_mem_rf").logY().labels("class variance sigma_c^2", "time from the learning curves"));
        }
        return result.table(table)
                .plot(PlotSpec.of("Predicted per-class learning times vs class variance (Fashion-MNIST)", "variance")
                        .markers("tau_gen_proxy").markers("tau_mem_proxy").logY().labels("class variance sigma_c^2", "spectral proxy 1/lambda"))
                .plot(PlotSpec.of("Per-class centroid norm vs variance", "variance")
                        .markers("centroid_norm").labels("class variance sigma_c^2", "centroid norm m_c"))
                .check("Spearman(variance rank, tau_gen rank)", ClassOrder.spearman(vr, genRanks))
                .check("Spearman(variance rank, tau_mem rank)", ClassOrder.spearman(vr, memRanks))
                .check("first class to generalize", argRank(genRanks))
                .check("first class to memorize", argRank(memRanks))
                .build();
    }

    private static int argRank(int[] ranks) {
        for (int c = 0; c < ranks.length; c++) if (ranks[c] == 1) return c;
        return -1;
    }
}
