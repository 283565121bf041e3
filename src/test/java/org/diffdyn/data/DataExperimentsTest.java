package org.diffdyn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.diffdyn.cli.Main;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.data.Npy;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.Activation;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.data.experiments.DataClassOrder;
import org.diffdyn.data.experiments.DataClassOrderBuilder;
import org.diffdyn.data.experiments.DataEmergence;
import org.diffdyn.data.experiments.DataEmergenceBuilder;
import org.diffdyn.data.experiments.DataGeneralizationBuilder;
import org.diffdyn.data.experiments.DataSummaryBuilder;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Registry;
import org.diffdyn.generalization.Conventions;
import org.diffdyn.generalization.DeterministicEquivalent;
import org.diffdyn.imbalance.ClassOrder;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The data experiments on a labelled .npz the test writes: three Gaussian classes of different variances and
 * centroids in d = 12 with an anisotropic covariance. Each prediction is checked against the theory routine called
 * directly on independently computed statistics.
 */
class DataExperimentsTest {
    @TempDir
    static Path dir;

    static Path npz;
    static final int N = 900, D = 12;
    static final double[] SIGMA = {0.5, 1.0, 2.0};

    @BeforeAll
    static void writeData() throws Exception {
        Rng rng = new Rng(11);
        double[] x = new double[N * D], y = new double[N];
        for (int i = 0; i < N; i++) {
            int c = i % 3;
            y[i] = c;
            for (int j = 0; j < D; j++)
                x[i * D + j] = SIGMA[c] * rng.gaussian() * Math.pow(j + 1, -0.5) + (j == c ? 3 : 0);
        }
        npz = dir.resolve("xy.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(npz))) {
            z.putNextEntry(new ZipEntry("x.npy"));
            Npy.write(z, Npy.DType.FLOAT64, ByteOrder.LITTLE_ENDIAN, false, 1, x, N, D);
            z.closeEntry();
            z.putNextEntry(new ZipEntry("y.npy"));
            Npy.write(z, Npy.DType.INT64, ByteOrder.LITTLE_ENDIAN, false, 1, y, N);
            z.closeEntry();
        }
    }

    static String src() {
        return "npz:" + npz;
    }

    @Test
    void summaryTableHasSpectrumAndClassStatistics() {
        ExperimentResult r = new DataSummaryBuilder().data(src()).projected(50).run();
        Table t = r.table();
        ImageDataset ds = DataSource.parse(src()).load(Progress.NONE);
        double[] eig = Dense.eigh(DataStats.covariance(ds.images())).values();
        Table spec = t.where(t.stringColumn("panel").isEqualTo("spectrum"));
        assertEquals(D, spec.rowCount());
        assertArrayEquals(eig, spec.doubleColumn("eigenvalue").asDoubleArray(), 1e-10);
        assertEquals(1.0, spec.doubleColumn("explained").get(D - 1), 1e-12);
        Table cls = t.where(t.stringColumn("panel").isEqualTo("class"));
        assertEquals(3, cls.rowCount());
        assertArrayEquals(new int[] {300, 300, 300}, cls.intColumn("count").asIntArray());
        DataStats.ClassStats[] st = DataStats.perClass(ds.images(), ds.labels(), 3);
        for (int c = 0; c < 3; c++) {
            assertEquals(st[c].meanVariance(), cls.doubleColumn("variance").get(c), 1e-12);
            assertEquals(st[c].centroidNorm(), cls.doubleColumn("centroid_norm").get(c), 1e-12);
            double nrm = 0;
            for (double v : st[c].mean()) nrm += v * v;
            assertEquals(Math.sqrt(nrm), cls.doubleColumn("mean_norm").get(c), 1e-12);
        }
        // Class variances follow the construction: sigma_c^2 * mean_j (j+1)^-1.
        double h = 0;
        for (int j = 1; j <= D; j++) h += 1.0 / j;
        for (int c = 0; c < 3; c++)
            assertEquals(
                    SIGMA[c] * SIGMA[c] * h / D,
                    cls.doubleColumn("variance").get(c),
                    0.15 * SIGMA[c] * SIGMA[c] * h / D);
        assertEquals(50, t.where(t.stringColumn("panel").isEqualTo("pca")).rowCount());
        assertEquals(D, t.where(t.stringColumn("panel").isEqualTo("mean")).rowCount());
        assertTrue(
                r.plotNames()
                        .containsAll(List.of("spectrum", "explained", "class-variances", "class-centroids", "pca")),
                r.plotNames().toString());
        assertEquals(eig[0], r.check("top-eigenvalue"), 1e-10);
        assertEquals(3, r.check("classes"));
    }

    @Test
    void summaryPatchSpectrumOnImages() throws Exception {
        Path f = dir.resolve("img.npy");
        Rng rng = new Rng(3);
        double[] v = new double[40 * 8 * 8];
        for (int k = 0; k < v.length; k++) v[k] = Math.floor(256 * rng.uniform());
        try (OutputStream o = Files.newOutputStream(f)) {
            Npy.write(o, Npy.DType.UINT8, ByteOrder.LITTLE_ENDIAN, false, 1, v, 40, 8, 8);
        }
        ExperimentResult r = new DataSummaryBuilder()
                .data(DataSource.npy(f))
                .patch(3)
                .patchStride(2)
                .run();
        ImageDataset ds = DataSource.npy(f).load(Progress.NONE);
        double[] expect = DataStats.patchSpectrum(ds, 3, 2, Progress.NONE);
        Table p = r.table().where(r.table().stringColumn("panel").isEqualTo("patch-spectrum"));
        assertArrayEquals(expect, p.doubleColumn("patch_eigenvalue").asDoubleArray(), 1e-12);
        assertTrue(r.plotNames().contains("patch-spectrum"));
        assertTrue(!r.plotNames().contains("class-variances"), "unlabelled: no class plots");
    }

    @Test
    void emergenceMatchesTheClosedFormPerComponent() {
        ExperimentResult r =
                new DataEmergenceBuilder().data(src()).components(8).run();
        Table t = r.table();
        double[] eig = DataStats.covarianceSpectrum(DataSource.parse(src()).load(Progress.NONE), Progress.NONE);
        for (int k = 0; k < 8; k++) {
            EmergenceTimes.Emergence e =
                    EmergenceTimes.oneLayer(eig[k], 0.1, 1.0, EmergenceTimes.Threshold.GEOMETRIC, 0.002, 80);
            assertEquals(eig[k], t.doubleColumn("lambda").get(k), 1e-12);
            assertEquals(e.tau(), t.doubleColumn("tau_star").get(k), 1e-12 * e.tau());
        }
        // Larger variance emerges first on the increase branch (tau* ~ 1/lambda).
        int[] order = t.intColumn("order").asIntArray();
        for (int k = 0; k < 8; k++)
            if (t.stringColumn("branch").get(k).equals("increase")) assertEquals(k + 1, order[k]);
        assertEquals(-1, r.check("slope.increase"), 0.1);
        ExperimentResult two = new DataEmergenceBuilder()
                .data(src())
                .components(3)
                .model(DataEmergence.Model.TWO_LAYER)
                .run();
        assertEquals(
                EmergenceTimes.twoLayer(eig[0], 0.1, 1.0, EmergenceTimes.Threshold.GEOMETRIC, 0.002, 80)
                        .tau(),
                two.table().doubleColumn("tau_star").get(0),
                1e-9);
    }

    @Test
    void classOrderFromMeasuredStatisticsAndStatedImbalance() {
        ExperimentResult r = new DataClassOrderBuilder()
                .data(src())
                .minority(2, 0.1)
                .normalise(DataClassOrder.Normalise.NONE)
                .run();
        Table t = r.table();
        ImageDataset ds = DataSource.parse(src()).load(Progress.NONE);
        DataStats.ClassStats[] st = DataStats.perClass(ds.images(), ds.labels(), 3);
        double[] var = new double[3], norm = new double[3], rho = {1, 1, 0.1};
        for (int c = 0; c < 3; c++) {
            var[c] = st[c].meanVariance();
            norm[c] = st[c].centroidNorm() / Math.sqrt(D);
            rho[c] /= 2.1;
        }
        ClassOrder.Prediction[] p = ClassOrder.predict(var, norm, rho, 0.1, 32, 4, Activation.TANH);
        for (int c = 0; c < 3; c++) {
            assertEquals(rho[c], t.doubleColumn("rho").get(c), 1e-12);
            assertEquals(p[c].tauGen(), t.doubleColumn("tau_gen").get(c), 1e-9 * p[c].tauGen());
            assertEquals(p[c].tauMem(), t.doubleColumn("tau_mem").get(c), 1e-9 * p[c].tauMem());
            assertEquals(p[c].genRank(), t.intColumn("gen_rank").get(c));
        }
        // Global normalisation: the law of total variance gives the per-value variance computed directly.
        ExperimentResult g = new DataClassOrderBuilder().data(src()).run();
        double[] mean = DataStats.mean(ds.images());
        double tot = 0;
        for (int i = 0; i < N; i++)
            for (int j = 0; j < D; j++) {
                double e = ds.get(i, j) - mean[j];
                tot += e * e;
            }
        tot /= (double) N * D;
        assertEquals(var[1] / tot, g.table().doubleColumn("variance").get(1), 1e-10);
        ParameterException bad = assertThrows(
                ParameterException.class,
                () -> new DataClassOrderBuilder().data(src()).minority(5).run());
        assertTrue(bad.getMessage().contains("'minority' = 5"), bad.getMessage());
    }

    @Test
    void generalizationCurveAtTheDataSpectrum() {
        ExperimentResult r =
                new DataGeneralizationBuilder().data(src()).ratios(0.5, 2, 10).run();
        Spectrum sp = DataSource.spectrum("s", "data:" + src(), 1e-5, Progress.NONE);
        assertEquals(D, sp.dimension());
        assertEquals(1.0, sp.trace() / D, 1e-12);
        Table t = r.table();
        int[] ns = {6, 24, 120};
        assertArrayEquals(ns, t.intColumn("N").asIntArray());
        for (int i = 0; i < 3; i++) {
            DeterministicEquivalent de = new DeterministicEquivalent(sp, ns[i]);
            assertEquals(
                    de.testLoss(DdpmSchedule.linear(1000), 1e-4, Conventions.LossAverage.MEAN_PER_DIMENSION),
                    t.doubleColumn("theory_test").get(i),
                    1e-12);
        }
        // More data: smaller generalization gap.
        assertTrue(t.doubleColumn("gap").get(0) > t.doubleColumn("gap").get(2));
    }

    @Test
    void dataParameterValidatedInDslMagicAndCli() {
        ParameterException e =
                assertThrows(ParameterException.class, () -> new DataSummaryBuilder().data("parquet:/x"));
        assertTrue(
                e.getMessage().contains("'data' = parquet:/x")
                        && e.getMessage().contains("unknown kind")
                        && e.getMessage().contains("npz:/path/xy.npz"),
                e.getMessage());
        assertThrows(
                ParameterException.class,
                () -> Registry.get("data-summary").builder().parse("data", "images:/d?size=x"));
        Object magic = org.diffdyn.jupyter.DiffdynMagics.execute(
                org.diffdyn.jupyter.DiffdynMagics.parseLine(List.of("data-summary", "data=" + src(), "projected=10")));
        assertTrue(magic instanceof ExperimentResult, String.valueOf(magic));
        assertEquals(D, ((ExperimentResult) magic).check("dimension"));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Path csv = dir.resolve("s.csv");
        int code = Main.run(
                new String[] {"run", "data-summary", "data=" + src(), "projected=0", "--out", csv.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.exists(csv));
        code = Main.run(
                new String[] {"run", "data-summary", "data=npy:" + dir.resolve("missing.npy")},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("missing.npy: no such file"),
                err.toString(StandardCharsets.UTF_8));
    }
}
