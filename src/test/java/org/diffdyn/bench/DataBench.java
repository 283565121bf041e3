package org.diffdyn.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.data.Npy;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bring-your-own-data at CIFAR-10's size: load a 50,000 × 3,072 float32 .npy and compute its covariance spectrum,
 * in a JVM capped at 2 GB of heap. The set-up writes the file once (target/bench/ar1-50000x3072.npy, kept for
 * src/test/python/data_bench.py, which times numpy's np.load + np.linalg.eigh(np.cov(x, rowvar=False)) on the same
 * file). Rows are AR(1) sequences along the 3,072 values (ρ = 0.95, unit variance), so the covariance is a dense
 * Toeplitz-like matrix with a decaying spectrum, as image data have — not a near-diagonal one that would let the
 * eigensolver deflate early.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g"})
public class DataBench {
    @Param({"50000"})
    public int n;

    @Param({"3072"})
    public int d;

    private Path file;

    /** The benchmark's data file, written when absent (or of the wrong size). */
    public static Path ensureFile(int n, int d) throws IOException {
        Path f = Paths.get(System.getProperty("diffdyn.bench.dir", "target/bench"), "ar1-" + n + "x" + d + ".npy");
        long bytes = (long) n * d * 4;
        if (Files.exists(f) && Files.size(f) > bytes && Files.size(f) < bytes + 4096) return f;
        Files.createDirectories(f.getParent());
        Rng rng = new Rng(20250101);
        double rho = 0.95, s = Math.sqrt(1 - rho * rho);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 20)) {
            // Header through the library's writer on an empty body, then the rows streamed.
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            Npy.write(head, new float[0], n, d);
            out.write(head.toByteArray());
            ByteBuffer row = ByteBuffer.allocate(4 * d).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                row.clear();
                double x = rng.gaussian();
                for (int j = 0; j < d; j++) {
                    row.putFloat((float) x);
                    x = rho * x + s * rng.gaussian();
                }
                out.write(row.array());
            }
        }
        return f;
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
        file = ensureFile(n, d);
    }

    /** Load + eigenvalues only (dsyevd without vectors): what the spectrum-taking experiments need. */
    @Benchmark
    public double[] loadAndSpectrum() {
        ImageDataset x = DataSource.parse("npy:" + file).load(Progress.NONE);
        return DataStats.covarianceSpectrum(x, Progress.NONE);
    }

    /** Load + full eigendecomposition (values and vectors): the same work as numpy's eigh(cov). */
    @Benchmark
    public SymmetricEigen loadAndEigh() {
        ImageDataset x = DataSource.parse("npy:" + file).load(Progress.NONE);
        return DataStats.pca(x, DataStats.mean(x), Progress.NONE);
    }

    /** Load alone. */
    @Benchmark
    public ImageDataset load() {
        return DataSource.parse("npy:" + file).load(Progress.NONE);
    }
}
