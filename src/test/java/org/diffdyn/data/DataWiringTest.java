package org.diffdyn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.Npy;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Registry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The existing experiments that take data or a spectrum accept the uniform data= / spectrum= forms. */
class DataWiringTest {
    @TempDir
    static Path dir;

    static Path npz, eig;

    @BeforeAll
    static void write() throws Exception {
        Rng rng = new Rng(2);
        int n = 400, d = 10;
        double[] x = new double[n * d], y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
            for (int j = 0; j < d; j++) x[i * d + j] = rng.gaussian() / Math.sqrt(j + 1) + (j == i % 10 ? 2 : 0);
        }
        npz = dir.resolve("xy.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(npz))) {
            z.putNextEntry(new ZipEntry("x.npy"));
            Npy.write(z, Npy.DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, false, 1, x, n, d);
            z.closeEntry();
            z.putNextEntry(new ZipEntry("y.npy"));
            Npy.write(z, Npy.DType.INT64, ByteOrder.LITTLE_ENDIAN, false, 1, y, n);
            z.closeEntry();
        }
        eig = dir.resolve("eig.npy");
        try (OutputStream o = Files.newOutputStream(eig)) {
            Npy.write(o, Npy.DType.FLOAT64, ByteOrder.LITTLE_ENDIAN, false, 1, new double[] {4, 2, 1, 0.5, 0.25}, 5);
        }
    }

    @Test
    void realSpectrumTakesData() {
        ExperimentResult r = Registry.get("real-spectrum")
                .builder()
                .parse("data", "npz:" + npz)
                .parse("images", "400")
                .parse("ratios", "2")
                .parse("draws", "1")
                .parse("steps", "50")
                .run();
        Table spec = r.table().where(r.table().stringColumn("panel").isEqualTo("spectrum"));
        Spectrum expect = DataSource.spectrum("s", "data:npz:" + npz, 1e-5, Progress.NONE);
        assertArrayEquals(expect.values(), spec.doubleColumn("eigenvalue").asDoubleArray(), 1e-12);
    }

    @Test
    void fashionClassOrderTakesTenClassData() {
        ExperimentResult r = Registry.get("fashion-class-order")
                .builder()
                .parse("data", "npz:" + npz)
                .parse("surrogate", "false")
                .run();
        assertEquals(10, r.table().rowCount());
        assertEquals(40, r.table().intColumn("count").get(3));
        ParameterException e = assertThrows(ParameterException.class, () -> Registry.get("fashion-class-order")
                .builder()
                .parse("data", "gaussian?d=4&n=50")
                .parse("surrogate", "false")
                .run());
        assertTrue(e.getMessage().contains("10 classes"), e.getMessage());
    }

    @Test
    void linearSimulationTakesData() {
        ExperimentResult r = Registry.get("linear-simulation")
                .builder()
                .parse("data", "npz:" + npz)
                .parse("d", "4")
                .parse("samples", "400")
                .parse("record", "2")
                .parse("generated", "50")
                .parse("sampler-steps", "4")
                .parse("log10-tau-to", "-1")
                .run();
        assertTrue(r.table().rowCount() > 0);
    }

    @Test
    void weightRelaxationAndEmergenceTimesTakeSpectra() {
        ExperimentResult w = Registry.get("weight-relaxation")
                .builder()
                .parse("spectrum", "npy:" + eig)
                .parse("d", "3")
                .parse("steps", "20")
                .parse("record", "3")
                .run();
        double[] wl = w.table().doubleColumn("lambda").unique().asDoubleArray();
        java.util.Arrays.sort(wl);
        assertArrayEquals(new double[] {1, 2, 4}, wl, 0);
        ParameterException tooMany = assertThrows(ParameterException.class, () -> Registry.get("weight-relaxation")
                .builder()
                .parse("spectrum", "npy:" + eig)
                .parse("d", "8")
                .parse("steps", "20")
                .run());
        assertTrue(
                tooMany.getMessage().contains("'d' = 8") && tooMany.getMessage().contains("at most 5"),
                tooMany.getMessage());
        ParameterException bad = assertThrows(
                ParameterException.class,
                () -> Registry.get("weight-relaxation").builder().parse("spectrum", "flat"));
        assertTrue(
                bad.getMessage().contains("'spectrum' = flat")
                        && bad.getMessage().contains("data:SOURCE"),
                bad.getMessage());
        ExperimentResult e = Registry.get("emergence-times")
                .builder()
                .parse("spectrum", "npy:" + eig)
                .parse("modes", "4")
                .parse("points", "200")
                .parse("model", "one-layer")
                .parse("threshold", "geometric")
                .parse("qs", "0.1")
                .run();
        double[] lambdas = e.table().doubleColumn("lambda").unique().asDoubleArray();
        java.util.Arrays.sort(lambdas);
        assertArrayEquals(new double[] {0.5, 1, 2, 4}, lambdas, 0);
    }
}
