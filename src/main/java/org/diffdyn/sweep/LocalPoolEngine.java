package org.diffdyn.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.CancelledException;

/**
 * The default engine: a fixed pool of daemon threads in this JVM, one per core unless told otherwise, created per
 * sweep and shut down when it ends. Interrupting the calling thread interrupts every running task (experiments stop
 * at their next progress call) and returns within about a second.
 */
public final class LocalPoolEngine implements SweepEngine {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private final int threads;

    /** One thread per available core. */
    public LocalPoolEngine() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public LocalPoolEngine(int threads) {
        if (threads < 1 || threads > 4096) throw new ParameterException("threads", threads, "an integer in [1, 4096]");
        this.threads = threads;
    }

    @Override
    public String description() {
        return "local pool (" + threads + (threads == 1 ? " thread)" : " threads)");
    }

    @Override
    public int parallelism() {
        return threads;
    }

    @Override
    public List<RunResult> run(List<Task> tasks, Monitor monitor) {
        if (tasks.isEmpty()) return List.of();
        int poolNo = POOLS.incrementAndGet();
        AtomicInteger threadNo = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "diffdyn-sweep-" + poolNo + "-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), factory);
        CompletionService<RunResult> completion = new ExecutorCompletionService<>(pool);
        AtomicInteger running = new AtomicInteger();
        List<Future<RunResult>> futures = new ArrayList<>(tasks.size());
        List<RunResult> results = new ArrayList<>(tasks.size());
        boolean complete = false;
        try {
            for (Task task : tasks) {
                futures.add(completion.submit(() -> {
                    running.incrementAndGet();
                    try {
                        return TaskRunner.run(task);
                    } finally {
                        running.decrementAndGet();
                    }
                }));
            }
            int failed = 0;
            monitor.update(0, 0, running.get(), 0);
            while (results.size() < tasks.size()) {
                Future<RunResult> f = completion.poll(100, TimeUnit.MILLISECONDS);
                if (f != null) {
                    RunResult r = result(f, tasks, futures.indexOf(f));
                    if (r.failed()) failed++;
                    results.add(r);
                }
                if (Thread.currentThread().isInterrupted()) throw new CancelledException();
                monitor.update(results.size() - failed, failed, running.get(), 0);
            }
            complete = true;
            return results;
        } catch (InterruptedException e) {
            throw new CancelledException();
        } finally {
            pool.shutdownNow(); // interrupts whatever still runs
            if (!complete) awaitQuietly(pool);
        }
    }

    private static RunResult result(Future<RunResult> f, List<Task> tasks, int i) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof CancelledException) throw (CancelledException) c;
            // TaskRunner turns run failures into results; anything else (an Error) still becomes an error row.
            return new RunResult(
                    tasks.get(i),
                    List.of(),
                    java.util.Map.of(),
                    java.util.Map.of(),
                    java.util.Map.of(),
                    TaskRunner.describe(c),
                    0);
        }
    }

    /** Waits up to 1 s for interrupted tasks to stop, keeping the caller's interrupt status. */
    private static void awaitQuietly(ExecutorService pool) {
        boolean interrupted = Thread.interrupted();
        try {
            pool.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
