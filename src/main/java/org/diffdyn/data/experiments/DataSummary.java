package org.diffdyn.data.experiments;

import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.experiment.DataParams;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.plot.PlotSpec;
import org.ejml.data.DMatrixRMaj;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The statistics the four papers take of a data set, for any {@link DataSource}: mean, covariance spectrum,
 * patch-covariance spectrum, per-class counts, mean norms, variances and centroid norms, PCA projections.
 *
 * <p>Typed DSL: {@code dataSummary().data("npy:/tmp/x.npy").patch(5).run()}.
 */
@TypedBuilder(mixins = DataParams.Source.class)
public final class DataSummary implements Experiment {
    public static final Param<String> DATA = DataParams.DATA;
    public static final Param<Integer> PATCH = Param.integer(
            "patch", 0, 0, 64, "side p of square patches for the patch-covariance spectrum (0 = none; images only)");
    public static final Param<Integer> PATCH_STRIDE =
            Param.integer("patch-stride", 1, 1, 64, "step between patch positions");
    public static final Param<Integer> COMPONENTS =
            Param.integer("components", 2, 1, 10, "principal components projected (columns pc1..pcK)");
    public static final Param<Integer> PROJECTED = Param.integer(
            "projected", 2000, 0, 1_000_000, "items whose PCA projections are listed (the first ones; 0 = none)");

    public static final Spec SPEC = Spec.of(
            "data-summary",
            Paper.DATA,
            "Data statistics: mean, covariance and patch spectra, per-class moments, PCA",
            "Any data source (data=npy:..., npz:..., images:..., cifar10:..., fashion-mnist, mnist-idx:..., gaussian). Covariance "
                    + "Sigma = (1/n) sum (x_i - mu)(x_i - mu)^T through blocked dsyrk; eigenvalues by LAPACK dsyevd. Rows by panel: "
                    + "spectrum (rank, eigenvalue, explained = cumulative fraction of the trace), patch-spectrum (rank, patch_eigenvalue, "
                    + "patch_explained: the C*p*p covariance of all p x p patches), class (class, name, count, mean_norm = |mu_c|, centroid_norm = |mu_c - mu|, variance = "
                    + "sum_{i in c} |x_i - mu_c|^2 / (n_c d)), pca (item, label, pc1..pcK = (x_i - mu) . u_k), mean (index, mean = mu_j).",
            DataSummaryBuilder
                    .declaredParams()); // framework-owned; these predictions use no randomness, so it only labels the
    // table

    /** Participation ratio (Σλ)² / Σλ² of the positive eigenvalues: the effective number of directions. */
    public static double effectiveRank(double[] eig) {
        double s = 0, s2 = 0;
        for (double v : eig)
            if (v > 0) {
                s += v;
                s2 += v * v;
            }
        return s2 == 0 ? 0 : s * s / s2;
    }

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        DataSource source = DataParams.source(p, DATA);
        ImageDataset x = source.load(progress);
        int n = x.size(), d = x.dimension(), k = Math.min(p.get(COMPONENTS), d);
        double[] mean = DataStats.mean(x, progress);
        SymmetricEigen pca = DataStats.pca(x, mean, progress);
        double[] eig = pca.values();
        double[] patchEig = p.get(PATCH) > 0
                ? DataStats.patchSpectrum(x, p.get(PATCH), p.get(PATCH_STRIDE), progress)
                : new double[0];
        DataStats.ClassStats[] classes = x.hasLabels() ? DataStats.perClass(x, progress) : new DataStats.ClassStats[0];
        int projected = Math.min(p.get(PROJECTED), n);
        DMatrixRMaj scores =
                projected > 0 ? DataStats.project(x.head(projected), mean, pca, k, progress) : new DMatrixRMaj(0, k);

        StringColumn panel = StringColumn.create("panel"), name = StringColumn.create("name");
        IntColumn rank = IntColumn.create("rank"),
                cls = IntColumn.create("class"),
                count = IntColumn.create("count"),
                item = IntColumn.create("item"),
                label = IntColumn.create("label"),
                index = IntColumn.create("index");
        DoubleColumn eigenvalue = DoubleColumn.create("eigenvalue"),
                explained = DoubleColumn.create("explained"),
                meanNorm = DoubleColumn.create("mean_norm"),
                centroid = DoubleColumn.create("centroid_norm"),
                variance = DoubleColumn.create("variance"),
                meanCol = DoubleColumn.create("mean"),
                patchEigenvalue = DoubleColumn.create("patch_eigenvalue"),
                patchExplained = DoubleColumn.create("patch_explained");
        DoubleColumn[] pc = new DoubleColumn[k];
        for (int j = 0; j < k; j++) pc[j] = DoubleColumn.create("pc" + (j + 1));
        Table t = Table.create(
                "data-summary",
                panel,
                rank,
                eigenvalue,
                explained,
                patchEigenvalue,
                patchExplained,
                cls,
                name,
                count,
                meanNorm,
                centroid,
                variance,
                item,
                label);
        for (DoubleColumn c : pc) t.addColumns(c);
        t.addColumns(index, meanCol);

        spectrumRows(t, "spectrum", eig, "eigenvalue", "explained");
        spectrumRows(t, "patch-spectrum", patchEig, "patch_eigenvalue", "patch_explained");
        for (DataStats.ClassStats c : classes) {
            double norm = 0;
            for (double v : c.mean()) norm += v * v;
            Row r = new Row(t, "class");
            r.i("class", c.label())
                    .s("name", x.className(c.label()))
                    .i("count", c.count())
                    .d("mean_norm", c.count() == 0 ? Double.NaN : Math.sqrt(norm))
                    .d("centroid_norm", c.centroidNorm())
                    .d("variance", c.meanVariance())
                    .end();
        }
        for (int i = 0; i < projected; i++) {
            if ((i & 4095) == 0) progress.checkCancelled(); // up to 10^6 rows
            Row r = new Row(t, "pca").i("item", i);
            if (x.hasLabels()) r.i("label", x.label(i));
            for (int j = 0; j < k; j++) r.d("pc" + (j + 1), scores.get(i, j));
            r.end();
        }
        for (int j = 0; j < d; j++) {
            if ((j & 4095) == 0) progress.checkCancelled();
            new Row(t, "mean").i("index", j).d("mean", mean[j]).end();
        }

        double trace = 0, meanSq = 0;
        for (double v : eig) trace += Math.max(v, 0);
        for (double v : mean) meanSq += v * v;
        result.table(t)
                .plot(
                        "spectrum",
                        PlotSpec.of("Covariance spectrum of " + source.label() + " (n=" + n + ", d=" + d + ")", "rank")
                                .lines("eigenvalue")
                                .logXY()
                                .labels("rank", "eigenvalue"))
                .plot(
                        "explained",
                        PlotSpec.of("Cumulative explained variance", "rank")
                                .lines("explained")
                                .logX()
                                .labels("rank", "fraction of the trace"));
        if (patchEig.length > 0)
            result.plot(
                    "patch-spectrum",
                    PlotSpec.of(
                                    "Patch-covariance spectrum, " + p.get(PATCH) + "x" + p.get(PATCH)
                                            + " patches (stride " + p.get(PATCH_STRIDE) + ")",
                                    "rank")
                            .lines("patch_eigenvalue")
                            .logXY()
                            .labels("rank", "eigenvalue"));
        if (classes.length > 0) {
            result.plot(
                            "class-variances",
                            PlotSpec.of("Per-class variance", "class")
                                    .markers("variance")
                                    .labels("class", "sigma_c^2 (per value)"))
                    .plot(
                            "class-centroids",
                            PlotSpec.of("Per-class centroid norm |mu_c - mu|", "class")
                                    .markers("centroid_norm")
                                    .labels("class", "centroid norm"));
        }
        if (projected > 0 && k >= 2) {
            PlotSpec scatter = PlotSpec.of("PCA projections of the first " + projected + " items", "pc1")
                    .markers("pc2")
                    .labels("pc1", "pc2");
            if (x.hasLabels()) scatter.groupBy("label");
            result.plot("pca", scatter);
        }
        result.check("items", "items n", n)
                .check("dimension", "values per item d", d)
                .check("classes", "classes (0 = unlabelled)", x.classCount())
                .check("trace", "total variance tr Sigma", trace)
                .check("top-eigenvalue", "largest eigenvalue lambda_1", eig[0])
                .check("effective-rank", "participation ratio (sum lambda)^2 / sum lambda^2", effectiveRank(eig))
                .check("mean-norm", "|mu|", Math.sqrt(meanSq));
        if (d >= 3)
            result.check(
                    "power-law-exponent",
                    "fitted k in lambda_r ~ r^-k over ranks 2..min(100, d)",
                    Spectrum.fittedExponent(eig, 2, Math.min(100, d)));
        if (patchEig.length > 0) result.check("patch-top-eigenvalue", "largest patch eigenvalue", patchEig[0]);
    }

    private static void spectrumRows(Table t, String panel, double[] eig, String eigColumn, String explainedColumn) {
        double total = 0, cum = 0;
        for (double v : eig) total += Math.max(v, 0);
        for (int r = 0; r < eig.length; r++) {
            cum += Math.max(eig[r], 0);
            new Row(t, panel)
                    .i("rank", r + 1)
                    .d(eigColumn, eig[r])
                    .d(explainedColumn, total > 0 ? cum / total : Double.NaN)
                    .end();
        }
    }

    /** Appends one row, leaving every column not set missing. */
    static final class Row {
        private final Table t;
        private final java.util.Map<String, Object> v = new java.util.HashMap<>();

        Row(Table t, String panel) {
            this.t = t;
            v.put("panel", panel);
        }

        Row i(String c, int x) {
            v.put(c, x);
            return this;
        }

        Row d(String c, double x) {
            v.put(c, x);
            return this;
        }

        Row s(String c, String x) {
            v.put(c, x);
            return this;
        }

        void end() {
            for (tech.tablesaw.columns.Column<?> c : t.columns()) {
                Object x = v.get(c.name());
                if (x == null) c.appendMissing();
                else if (c instanceof IntColumn ic) ic.append((Integer) x);
                else if (c instanceof DoubleColumn dc) dc.append((Double) x);
                else if (c instanceof StringColumn sc) sc.append((String) x);
            }
        }
    }
}
