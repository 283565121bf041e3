package org.diffdyn.data.experiments;

import java.util.Arrays;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.rf.Activation;
import org.diffdyn.experiment.DataParams;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.imbalance.ClassOrder;
import org.diffdyn.plot.PlotSpec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Paper C's prediction for a labelled data set: each class's generalization and memorization proxies and the
 * learning order they imply (random-features-and-ridge.md §3.3, DERIVED; {@link ClassOrder#predict}), from the
 * measured class variances σ_c², centroid norms m_c and the stated class weights ρ_c.
 *
 * <p>Typed DSL: {@code dataClassOrder().data("cifar10:/data/cifar").minority(3, 0.1).run()}.
 */
@TypedBuilder(mixins = {DataParams.Source.class, DataClassOrder.Minority.class})
public final class DataClassOrder implements Experiment {
    /** Base class weights before the minority is scaled: the data's own counts, or equal. */
    public enum Weights {
        COUNTS,
        EQUAL
    }

    /** Pixel normalisation before the class statistics (UNSURE which paper C uses; as fashion-class-order). */
    public enum Normalise {
        GLOBAL,
        NONE
    }

    public static final Param<String> DATA = DataParams.DATA;
    public static final Param<Weights> WEIGHTS = Param.choice(
            "weights",
            Weights.COUNTS,
            "class weights rho_c before the minority scaling: the data's class counts or equal");
    public static final Param<Integer> MINORITY =
            Param.integer("minority", -1, -1, 100_000, "class made a minority (-1: none)");
    public static final Param<Double> MINORITY_RATIO =
            Param.realAbove("minority-ratio", 0.1, 0, 1, "weight of the minority relative to its base weight");
    public static final Param<Double> T =
            Param.realAbove("t", 0.1, 0, 20, "OU diffusion time at which the GEP coefficients are evaluated");
    public static final Param<Double> PSI_P = Param.realAbove("psi-p", 32, 0, 1e6, "p/d of the random-features model");
    public static final Param<Double> PSI_N = Param.realAbove("psi-n", 4, 0, 1e6, "n/d of the training set");
    public static final Param<Normalise> NORMALISE = Param.choice(
            "normalise",
            Normalise.GLOBAL,
            "scale values so the global per-value variance is 1 (global) or keep them as read (none)");
    public static final Param<Boolean> CENTROID_SHIFT = Param.flag(
            "centroid-shift",
            true,
            "average the GEP coefficients over the per-feature shifts induced by the class centroid (m_c)");

    public static final Spec SPEC = Spec.of(
            "data-class-order",
            Paper.C,
            "Predicted class learning order and times of a labelled data set under a stated imbalance",
            "Per-class variance sigma_c^2 = sum_{i in c} |x_i - mu_c|^2/(n_c d) and centroid norm m_c = |mu_c - mu|/sqrt(d) (after scaling "
                    + "to unit global per-value variance when normalise=global), class weights rho_c (counts or equal, the minority "
                    + "scaled by minority-ratio, normalised to sum 1), then paper C's proxies tau_gen = 1/(psi_p rho_c alpha_c^2 a_t^2 sigma_c^2) "
                    + "and tau_mem = psi_n/(psi_p v_c^2) (tanh random features). Columns: class, name, count, rho, variance, centroid_norm, "
                    + "alpha, v2, tau_gen, tau_mem, gen_rank, mem_rank (1 = learned first), variance_rank (1 = largest).",
            DataClassOrderBuilder
                    .declaredParams()); // framework-owned; these predictions use no randomness, so it only labels the
    // table

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        DataSource source = DataParams.source(p, DATA);
        ImageDataset x = source.load(progress);
        if (!x.hasLabels())
            throw new ParameterException(
                    "data",
                    source,
                    "a labelled data set (npz with y, npy with labels=, images in class folders, "
                            + "cifar10, fashion-mnist, mnist-idx)",
                    x.name() + " has no labels");
        DataStats.ClassStats[] st = DataStats.perClass(x, progress);
        int k = st.length, d = x.dimension(), n = x.size();
        int minority = p.get(MINORITY);
        if (minority >= k) throw new ParameterException("minority", minority, "-1 or a class in [0, " + (k - 1) + "]");
        // Global per-value variance = within + between (law of total variance over the classes).
        double total = 0;
        for (DataStats.ClassStats c : st)
            if (c.count() > 0) total += c.count() * (c.meanVariance() * d + c.centroidNorm() * c.centroidNorm());
        total /= (double) n * d;
        double scale = p.get(NORMALISE) == Normalise.GLOBAL ? 1 / Math.sqrt(total) : 1;
        double[] variance = new double[k], norm = new double[k], rho = new double[k];
        for (int c = 0; c < k; c++) {
            if (st[c].count() == 0)
                throw new ParameterException(
                        "data", source, "every class 0.." + (k - 1) + " with items", "class " + c + " has none");
            variance[c] = st[c].meanVariance() * scale * scale;
            norm[c] = st[c].centroidNorm() * scale / Math.sqrt(d);
            rho[c] = (p.get(WEIGHTS) == Weights.COUNTS ? st[c].count() : 1.0)
                    * (c == minority ? p.get(MINORITY_RATIO) : 1);
        }
        double sum = Arrays.stream(rho).sum();
        for (int c = 0; c < k; c++) rho[c] /= sum;
        ClassOrder.Prediction[] pred = ClassOrder.predict(
                variance,
                p.get(CENTROID_SHIFT) ? norm : new double[k],
                rho,
                p.get(T),
                p.get(PSI_P),
                p.get(PSI_N),
                Activation.TANH);
        int[] vr = ClassOrder.ranks(variance, false);
        IntColumn cls = IntColumn.create("class"),
                count = IntColumn.create("count"),
                gr = IntColumn.create("gen_rank"),
                mr = IntColumn.create("mem_rank"),
                vrc = IntColumn.create("variance_rank");
        StringColumn name = StringColumn.create("name");
        DoubleColumn rh = DoubleColumn.create("rho"),
                var = DoubleColumn.create("variance"),
                nrm = DoubleColumn.create("centroid_norm"),
                al = DoubleColumn.create("alpha"),
                v2 = DoubleColumn.create("v2"),
                tg = DoubleColumn.create("tau_gen"),
                tm = DoubleColumn.create("tau_mem");
        int[] genRanks = new int[k], memRanks = new int[k];
        for (int c = 0; c < k; c++) {
            cls.append(c);
            name.append(x.className(c));
            count.append(st[c].count());
            rh.append(rho[c]);
            var.append(variance[c]);
            nrm.append(norm[c]);
            al.append(pred[c].alpha());
            v2.append(pred[c].perSample());
            tg.append(pred[c].tauGen());
            tm.append(pred[c].tauMem());
            gr.append(pred[c].genRank());
            mr.append(pred[c].memRank());
            vrc.append(vr[c]);
            genRanks[c] = pred[c].genRank();
            memRanks[c] = pred[c].memRank();
        }
        Table t = Table.create("data-class-order", cls, name, count, rh, var, nrm, al, v2, tg, tm, gr, mr, vrc);
        result.table(t)
                .plot(
                        "times",
                        PlotSpec.of(
                                        "Predicted per-class learning times vs class variance (" + source.label() + ")",
                                        "variance")
                                .markers("tau_gen", "tau_mem")
                                .logY()
                                .labels("class variance sigma_c^2", "predicted time"))
                .plot(
                        "class-variances",
                        PlotSpec.of("Per-class variance", "class")
                                .markers("variance")
                                .labels("class", "sigma_c^2"))
                .check("first-to-generalize", "class with gen_rank 1", ClassOrder.first(genRanks))
                .check("first-to-memorize", "class with mem_rank 1", ClassOrder.first(memRanks))
                .check(
                        "spearman.variance-gen",
                        "Spearman(variance rank, tau_gen rank)",
                        k > 1 ? ClassOrder.spearman(vr, genRanks) : Double.NaN)
                .check(
                        "spearman.variance-mem",
                        "Spearman(variance rank, tau_mem rank)",
                        k > 1 ? ClassOrder.spearman(vr, memRanks) : Double.NaN)
                .check("classes", "classes", k);
    }

    /** Typed-builder mixin: the minority class and its ratio in one call. */
    public interface Minority<B> {
        B minority(int c);

        B minorityRatio(double ratio);

        default B minority(int c, double ratio) {
            minority(c);
            return minorityRatio(ratio);
        }
    }
}
