package org.diffdyn.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.diffdyn.core.progress.CancelledException;
import org.diffdyn.core.progress.ParallelChunks;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Interrupts reach computations that spend seconds inside one native call ({@link Dense}'s offload) or inside
 * parallel chunks ({@link ParallelChunks}), and neither changes the numbers.
 */
class DenseCancellationTest {

    /** Runs {@code work} on a thread, interrupts it after {@code delayMillis}; returns [lag seconds, 1 if cancelled]. */
    private static double[] interruptAfter(long delayMillis, Runnable work) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicLong end = new AtomicLong();
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
        return new double[] {(end.get() - sent) / 1e9, thrown.get() instanceof CancelledException ? 1 : 0};
    }

    @Test
    void aLongProductStopsPromptlyWhenInterrupted() throws Exception {
        int n = 2000; // 16 GFlop: seconds on two cores, so the interrupt lands inside the native call
        DMatrixRMaj a = new DMatrixRMaj(n, n, true, new Rng(1).gaussianMatrix(n, n));
        // 30 ms: the product takes ~0.15 s on an idle machine with OpenBLAS (longer under load), so the interrupt
        // lands inside the native call; an interrupt that came before the call started is also a cancellation.
        double[] r = interruptAfter(30, () -> Dense.multiply(a, a));
        assertEquals(1, r[1], "the product was not cancelled");
        assertTrue(r[0] < 0.3, "interrupt lag " + r[0] + " s");
    }

    @Test
    void offloadedProductsEqualDirectOnes() {
        int n = 700; // above the offload threshold (6.9e8 flops)
        Rng rng = new Rng(2);
        DMatrixRMaj a = new DMatrixRMaj(n, n, true, rng.gaussianMatrix(n, n)),
                b = new DMatrixRMaj(n, n, true, rng.gaussianMatrix(n, n));
        assertTrue(2.0 * n * n * n >= Dense.OFFLOAD_FLOPS);
        DMatrixRMaj c = Dense.multiply(a, b);
        double[] direct = new double[n * n];
        Dense.gemm(false, false, n, n, n, 1, a.data, 0, b.data, 0, 0, direct, 0);
        assertArrayEquals(direct, c.data, 0.0);
        // Against a plain triple loop (up to rounding), so the offload really computed the product.
        double worst = 0;
        for (int i = 0; i < n; i += 97)
            for (int j = 0; j < n; j += 89) {
                double s = 0;
                for (int k = 0; k < n; k++) s += a.get(i, k) * b.get(k, j);
                worst = Math.max(worst, Math.abs(s - c.get(i, j)));
            }
        assertTrue(worst < 1e-9, "max deviation " + worst);
    }

    @Test
    void parallelChunksStopWhileTheCallerWaits() throws Exception {
        // Each chunk polls only the supplied flag; the caller finishes its own chunk at once and then waits on the
        // others.
        double[] r = interruptAfter(
                200,
                () -> ParallelChunks.forEach(4, (i, cancelled) -> {
                    long until = System.nanoTime() + (i == 0 ? 0 : 20_000_000_000L);
                    while (System.nanoTime() < until && !cancelled.getAsBoolean()) Thread.onSpinWait();
                }));
        assertEquals(1, r[1], "the chunks were not cancelled");
        assertTrue(r[0] < 0.2, "interrupt lag " + r[0] + " s");
    }

    @Test
    void parallelChunksFillEveryIndexOnce() {
        int[] hits = new int[1000];
        ParallelChunks.forEach(hits.length, (i, cancelled) -> hits[i]++);
        for (int h : hits) assertEquals(1, h);
    }
}
