package org.diffdyn.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.diffdyn.core.progress.CancelledException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.ridge.TimeEmbeddedRf;
import org.diffdyn.spectralbias.experiments.FlowMatchingCurves;
import org.diffdyn.spectralbias.experiments.FlowMatchingCurvesBuilder;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Interrupting a long experiment from another thread ends it with {@link CancelledException} promptly, through the
 * experiment's own cancellation points (FlowMatchingCurves' loops call no code that checks), and the parallel
 * small-d denoiser of {@link TimeEmbeddedRf} (now on ParallelChunks) still computes every row exactly as a
 * single-row call does.
 */
class ExperimentCancellationTest {

    /** Runs {@code work} on a thread, interrupts it after {@code delayMillis}; returns [lag s, 1 if cancelled, run s]. */
    private static double[] interruptAfter(long delayMillis, Runnable work) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicLong end = new AtomicLong();
        long begin = System.nanoTime();
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
            end.set(System.nanoTime());
        });
        t.start();
        Thread.sleep(delayMillis);
        long sent = System.nanoTime();
        t.interrupt();
        t.join(60_000);
        return new double[] {
            (end.get() - sent) / 1e9, thrown.get() instanceof CancelledException ? 1 : 0, (end.get() - begin) / 1e9
        };
    }

    @Test
    void aLongFlowMatchingRunStopsWithinASecond() throws Exception {
        // 10^6 training times: 10^6 closed-form weights and 10^6 64-node quadratures, seconds of work with no
        // cancellation point but the experiment's own (Progress.NONE only checks when called).
        double[] r = interruptAfter(400, () -> new FlowMatchingCurvesBuilder()
                .lambdas(0.5)
                .ts(0.5)
                .set(FlowMatchingCurves.POINTS, 1_000_000)
                .progress(Progress.NONE)
                .run());
        assertEquals(1, r[1], "the run was not cancelled (it ended after " + r[2] + " s)");
        assertTrue(r[0] < 1.0, "interrupt lag " + r[0] + " s");
    }

    @Test
    void parallelSmallDimensionDenoiseEqualsRowByRow() {
        int d = 3, p = 64, n = 5000; // n > 1024 rows: several chunks
        TimeEmbeddedRf rf = TimeEmbeddedRf.random(d, p, 4, 10, new Rng(3));
        DMatrixRMaj w = new DMatrixRMaj(d, p, true, new Rng(4).gaussianMatrix(d, p));
        DMatrixRMaj wT = TimeEmbeddedRf.readoutTransposed(w);
        DMatrixRMaj y = DMatrixRMaj.wrap(n, d, new Rng(5).gaussianMatrix(n, d));
        DMatrixRMaj allM = new DMatrixRMaj(n, d), one = new DMatrixRMaj(1, d);
        double[] all = allM.data, rows = new double[n * d];
        rf.denoise(wT, y, 0.7, allM);
        for (int r = 0; r < n; r++) {
            DMatrixRMaj yr = DMatrixRMaj.wrap(1, d, java.util.Arrays.copyOfRange(y.data, r * d, (r + 1) * d));
            rf.denoise(wT, yr, 0.7, one);
            System.arraycopy(one.data, 0, rows, r * d, d);
        }
        assertArrayEquals(rows, all, 0.0);
        assertTrue(java.util.Arrays.stream(all).anyMatch(v -> v != 0), "all-zero output");
    }
}
