package org.diffdyn.core.progress;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Runs independent chunks of work on the calling thread and the common pool, and stops them within a poll interval
 * when the calling thread is interrupted.
 *
 * <p>Why not {@code IntStream.parallel()}: while the calling thread waits for a parallel stream's workers, the
 * fork/join join clears its interrupt flag and restores it only when all the work is done, so workers polling
 * {@code caller.isInterrupted()} miss an interrupt that arrives during that wait (measured: 5 s lags in
 * {@code FeatureMoments} at p = 4096). Here the caller takes chunks itself from a shared counter and then waits on
 * plain futures, which an interrupt does end.
 *
 * <p>Chunks are handed out dynamically, so a chunk's work must depend on its index only (its own random stream, its
 * own output slots): the results are then independent of the thread count and the scheduling.
 */
public final class ParallelChunks {
    private ParallelChunks() {}

    /** The work of one chunk; poll {@code cancelled} every few milliseconds and return early when it is true. */
    @FunctionalInterface
    public interface Chunk {
        void run(int index, BooleanSupplier cancelled);
    }

    /**
     * Runs {@code chunk.run(i, cancelled)} for i = 0..count-1 in parallel.
     *
     * @throws CancelledException if the calling thread is interrupted before or while the chunks run (the flag stays set)
     */
    public static void forEach(int count, Chunk chunk) {
        Thread caller = Thread.currentThread();
        if (caller.isInterrupted()) throw new CancelledException();
        if (count <= 0) return;
        AtomicBoolean stop = new AtomicBoolean();
        BooleanSupplier cancelled = () -> {
            if (!stop.get() && caller.isInterrupted()) stop.set(true);
            return stop.get();
        };
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            try {
                for (int i; !cancelled.getAsBoolean() && (i = next.getAndIncrement()) < count; )
                    chunk.run(i, cancelled);
            } catch (RuntimeException | Error e) {
                stop.set(true);
                throw e;
            }
        };
        int helpers = Math.min(count - 1, ForkJoinPool.getCommonPoolParallelism());
        Future<?>[] futures = new Future<?>[Math.max(0, helpers)];
        for (int h = 0; h < futures.length; h++)
            futures[h] = ForkJoinPool.commonPool().submit(worker);
        worker.run();
        try {
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            stop.set(true);
            caller.interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        }
        if (stop.get()) throw new CancelledException();
    }
}
