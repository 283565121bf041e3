package org.diffdyn.measure.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.Npy;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.experiment.ExperimentResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * network-class-order on a labelled .npz the test writes: three classes (labels 0, 1, 2 in turn, 60 rows each) in
 * d = 16 with per-class standard deviations 0.3, 1 and 2 and shifted centroids. A source without a test split trains
 * on the first n_c rows of each class and tests on the rows after them. The class variances the run reports (its
 * theory inputs) must be those of exactly those training rows, computed here independently after the same global
 * normalisation; a wrong subset, class or normalisation moves them.
 */
class NetworkClassOrderDataTest {
    @TempDir
    static Path dir;

    static Path npz;
    static final int N = 180, D = 16;
    static final double[] SD = {0.3, 1.0, 2.0};
    static float[] x;
    static int[] y;

    @BeforeAll
    static void writeData() throws Exception {
        Rng rng = new Rng(5);
        x = new float[N * D];
        y = new int[N];
        double[] xd = new double[N * D], yd = new double[N];
        for (int i = 0; i < N; i++) {
            int c = i % 3;
            y[i] = c;
            yd[i] = c;
            for (int j = 0; j < D; j++) {
                x[i * D + j] = (float) (SD[c] * rng.gaussian() + (j == c ? 2 : 0));
                xd[i * D + j] = x[i * D + j];
            }
        }
        npz = dir.resolve("classes.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(npz))) {
            z.putNextEntry(new ZipEntry("x.npy"));
            Npy.write(z, Npy.DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, false, 1, xd, N, D);
            z.closeEntry();
            z.putNextEntry(new ZipEntry("y.npy"));
            Npy.write(z, Npy.DType.INT64, ByteOrder.LITTLE_ENDIAN, false, 1, yd, N);
            z.closeEntry();
        }
    }

    static NetworkClassOrderBuilder small() {
        return NetworksDsl.networkClassOrder()
                .net(NetParams.Net.MLP)
                .data("npz:" + npz)
                .classes(2, 0)
                .weights(1, 3)
                .trainSize(40)
                .eval(8)
                .steps(20)
                .checkpoints(2)
                .samples(20)
                .batch(16)
                .width(16)
                .depth(2)
                .threads(1)
                .progress(Progress.NONE);
    }

    @Test
    void trainsOnTheLabelledFileAndUsesItsClassStatistics() {
        ExperimentResult r = small().run();
        Table t = r.table();
        Table times = t.where(t.stringColumn("kind").isEqualTo("time"));
        assertEquals(List.of(2, 0), times.intColumn("class").asList());
        assertEquals(List.of("2", "0"), times.stringColumn("name").asList(), "class names of a file: its labels");
        // independent: the first n_c rows of each class (n_2 = 10, n_0 = 30), global per-value variance about the
        // subset's mean
        int[] cls = {2, 0}, nc = {10, 30};
        double[] gm = new double[D];
        int total = 0;
        double[][] rowsOf = new double[N][];
        int[] taken = new int[3];
        boolean[] used = new boolean[N];
        for (int i = 0; i < N; i++)
            for (int c = 0; c < 2; c++)
                if (y[i] == cls[c] && taken[cls[c]] < nc[c]) {
                    taken[cls[c]]++;
                    used[i] = true;
                    total++;
                    for (int j = 0; j < D; j++) gm[j] += x[i * D + j];
                }
        for (int j = 0; j < D; j++) gm[j] /= total;
        double gv = 0;
        for (int i = 0; i < N; i++) if (used[i]) for (int j = 0; j < D; j++) gv += Math.pow(x[i * D + j] - gm[j], 2);
        gv /= (double) total * D;
        for (int c = 0; c < 2; c++) {
            double[] m = new double[D];
            int n = 0;
            for (int i = 0; i < N; i++)
                if (used[i] && y[i] == cls[c]) {
                    n++;
                    for (int j = 0; j < D; j++) m[j] += x[i * D + j];
                }
            for (int j = 0; j < D; j++) m[j] /= n;
            double v = 0;
            for (int i = 0; i < N; i++)
                if (used[i] && y[i] == cls[c]) for (int j = 0; j < D; j++) v += Math.pow(x[i * D + j] - m[j], 2);
            v /= (double) n * D * gv;
            assertEquals(nc[c], n);
            assertEquals(v, times.doubleColumn("variance").get(c), 1e-9 * v, "normalised variance of class " + cls[c]);
        }
        Table curves = t.where(t.stringColumn("kind").isEqualTo("curve"));
        for (String col :
                new String[] {"train_loss", "test_loss", "share"}) // fmem is NaN for a class no sample is near
        for (Double v : curves.doubleColumn(col).asList())
                assertTrue(v != null && Double.isFinite(v), col + " finite: " + v);
    }

    @Test
    void badDataNamesTheParameterAndTheValue() throws Exception {
        Path unlabelled = dir.resolve("x.npy");
        try (OutputStream out = Files.newOutputStream(unlabelled)) {
            Npy.write(out, x, N, D);
        }
        String spec = "npy:" + unlabelled;
        ParameterException e =
                assertThrows(ParameterException.class, () -> small().data(spec).run());
        assertEquals("data", e.parameter());
        assertTrue(e.getMessage().contains(spec) && e.getMessage().contains("labels"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> small().classes(3, 0).run());
        assertEquals("classes", e.parameter());
        assertTrue(e.getMessage().contains("0..2"), e.getMessage());
        // no test split: the test images are the rows after the 30 training rows of class 0 (60 in all)
        e = assertThrows(ParameterException.class, () -> small().eval(31).run());
        assertEquals("eval", e.parameter());
        assertTrue(e.getMessage().contains("at most 30"), e.getMessage());
    }
}
