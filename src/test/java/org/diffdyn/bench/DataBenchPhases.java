package org.diffdyn.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.progress.Progress;
import org.ejml.data.DMatrixRMaj;

/**
 * The phases of {@link DataBench} timed one by one, wall clock and process CPU time (all threads), so a run on a shared
 * machine can be read: CPU seconds do not grow with other load, wall seconds do. Run with -Xmx2g:
 * {@code java -Xmx2g -cp ... org.diffdyn.bench.DataBenchPhases [repeats]} (writes the data file if missing).
 */
public final class DataBenchPhases {
    private DataBenchPhases() {}

    private static double cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Path file = DataBench.ensureFile(50_000, 3072);
        System.out.println("file " + file + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, "
                + Dense.backend());
        for (int r = 0; r < repeats; r++) {
            double w0 = System.nanoTime() / 1e9, c0 = cpu();
            ImageDataset x = DataSource.parse("npy:" + file).load(Progress.NONE);
            double w1 = System.nanoTime() / 1e9, c1 = cpu();
            DMatrixRMaj cov = DataStats.covariance(x, Progress.NONE);
            double w2 = System.nanoTime() / 1e9, c2 = cpu();
            double[] eig = Dense.eigvalsh(cov);
            double w3 = System.nanoTime() / 1e9, c3 = cpu();
            var full = Dense.eigh(cov);
            double w4 = System.nanoTime() / 1e9, c4 = cpu();
            System.out.printf(
                    java.util.Locale.ROOT,
                    "repeat %d: load %.2f s (cpu %.2f), covariance %.2f s (cpu %.2f), eigvalsh %.2f s (cpu %.2f), "
                            + "eigh %.2f s (cpu %.2f); load+cov+eigvalsh %.2f s (cpu %.2f), load+cov+eigh %.2f s (cpu %.2f); lambda_max %.6g %.6g; "
                            + "heap used %d MB%n",
                    r,
                    w1 - w0,
                    c1 - c0,
                    w2 - w1,
                    c2 - c1,
                    w3 - w2,
                    c3 - c2,
                    w4 - w3,
                    c4 - c3,
                    w3 - w0,
                    c3 - c0,
                    (w2 - w0) + (w4 - w3),
                    (c2 - c0) + (c4 - c3),
                    eig[0],
                    full.value(0),
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1 << 20));
        }
    }
}
