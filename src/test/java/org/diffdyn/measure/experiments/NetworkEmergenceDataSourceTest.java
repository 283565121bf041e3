package org.diffdyn.measure.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.Npy;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.spectralbias.EmergenceTimes.Direction;
import org.diffdyn.spectralbias.EmergenceTimes.Emergence;
import org.diffdyn.spectralbias.EmergenceTimes.PowerLawFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * network-emergence reads its {@code data=} through the project's one data-source syntax: a 64 × 16 float32 .npy the
 * test writes trains a tiny MLP-UNet, and the modes the run measures are the file's. The rows come in ± pairs (exact
 * zero means) with coordinate 0 scaled ×10 and the rest ×0.1, so the largest training variance λ_0 of the run must lie
 * between the file's coordinate-0 variance (a diagonal entry, Cauchy interlacing) and the trace of its covariance,
 * under either normalisation (1/n or 1/(n−1)).
 */
class NetworkEmergenceDataSourceTest {

    @Test
    void trainsOnAnNpyFileAndMeasuresItsModes(@TempDir Path dir) throws Exception {
        int n = 64, d = 16;
        float[] x = new float[n * d];
        Random rnd = new Random(7);
        for (int i = 0; i < n; i += 2)
            for (int j = 0; j < d; j++) {
                float v = (float) (rnd.nextGaussian() * (j == 0 ? 10 : 0.1));
                x[i * d + j] = v;
                x[(i + 1) * d + j] = -v;
            }
        double var0 = 0, trace = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double s = (double) x[i * d + j] * x[i * d + j];
                trace += s;
                if (j == 0) var0 += s;
            }
        Path file = dir.resolve("x.npy");
        try (OutputStream out = Files.newOutputStream(file)) {
            Npy.write(out, x, n, d);
        }
        ExperimentResult r = NetworksDsl.networkEmergence()
                .net(NetParams.Net.MLP)
                .data("npy:" + file)
                .trainSize(n)
                .steps(30)
                .checkpoints(4)
                .samples(64)
                .width(16)
                .depth(2)
                .threads(1)
                .progress(Progress.NONE)
                .run();
        Table t = r.table();
        assertTrue(t.rowCount() > 0, "a table");
        double top = t.doubleColumn("lambda").asList().stream()
                .filter(v -> v != null && !v.isNaN())
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(Double.NaN);
        assertTrue(
                top >= var0 / n * (1 - 1e-6) && top <= trace / (n - 1) * (1 + 1e-6),
                "largest mode variance " + top + " outside [" + var0 / n + ", " + trace / (n - 1) + "]");
        for (Double v : t.doubleColumn("variance").asList())
            assertTrue(v == null || v.isNaN() || Double.isFinite(v), "finite generated variances");
        // short legend names
        for (org.diffdyn.plot.Plots.Series s : org.diffdyn.plot.Plots.series(t, r.plotSpec("emergence")))
            assertTrue(
                    s.name().matches("(measured|fit), (increase|decrease)|linear theory"),
                    "legend name '" + s.name() + "'");
    }

    @Test
    void aBadSourceNamesTheSpec(@TempDir Path dir) {
        String missing = "npy:" + dir.resolve("missing.npy");
        ParameterException e = assertThrows(ParameterException.class, () -> NetworksDsl.networkEmergence()
                .net(NetParams.Net.MLP)
                .data(missing)
                .trainSize(64)
                .steps(2)
                .progress(Progress.NONE)
                .run());
        assertEquals("data", e.parameter());
        assertTrue(e.getMessage().contains(missing), e.getMessage());
        e = assertThrows(
                ParameterException.class,
                () -> NetworksDsl.networkEmergence().data("npy:").run());
        assertEquals("data", e.parameter());
        assertTrue(e.getMessage().contains("npy:"), e.getMessage());
    }

    /**
     * A branch's fit line covers only the λ range of the modes it was fitted to: modes of the decrease branch without
     * a measured step (λ = 1e-4, 1e-3, where the fit would predict 1e12 and 1e9 steps) get no fit value.
     */
    @Test
    void fitLinesStayWithinTheirFittedModes() {
        double[] lambdas = {10, 1, 0.5, 0.1, 1e-3, 1e-4};
        Emergence[] m = {
            new Emergence(2, Direction.INCREASE),
            new Emergence(20, Direction.INCREASE),
            new Emergence(Double.NaN, Direction.INCREASE),
            new Emergence(100, Direction.DECREASE),
            new Emergence(Double.NaN, Direction.DECREASE),
            new Emergence(Double.NaN, Direction.DECREASE)
        };
        java.util.Map<Direction, PowerLawFit> fits = org.diffdyn.measure.ModeEmergence.fits(lambdas, m);
        assertTrue(fits.get(Direction.DECREASE) == null, "one decrease mode: no fit");
        fits.put(Direction.DECREASE, new PowerLawFit(-3, 0, 1, 2));
        double[] line = NetworkEmergence.fitLine(lambdas, m, fits);
        assertEquals(fits.get(Direction.INCREASE).predict(10), line[0], 1e-12);
        assertEquals(fits.get(Direction.INCREASE).predict(1), line[1], 1e-12);
        assertTrue(Double.isNaN(line[2]), "below the increase branch's fitted range");
        assertEquals(1000, line[3], 1e-9);
        assertTrue(
                Double.isNaN(line[4]) && Double.isNaN(line[5]), "not extrapolated: " + java.util.Arrays.toString(line));
    }
}
