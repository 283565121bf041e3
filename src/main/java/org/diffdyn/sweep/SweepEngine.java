package org.diffdyn.sweep;

import java.util.List;

/**
 * Runs the tasks of a sweep somewhere: {@link LocalPoolEngine} (threads of this JVM, the default) or
 * {@code org.diffdyn.sweep.spark.SparkEngine} (Apache Spark, loaded only when asked for, see {@link SparkSupport}).
 *
 * <p>Contract: {@link #run} blocks the calling thread until every task has a {@link RunResult} (a failed run is a
 * result, not an exception), reporting counts to the monitor from the calling thread; when that thread is
 * interrupted, or the monitor throws {@link org.diffdyn.core.progress.CancelledException}, the engine cancels the
 * remaining work within a few seconds and throws {@code CancelledException}. Results may come back in any order.
 */
public interface SweepEngine extends AutoCloseable {

    /** A short description for summaries, e.g. {@code "local pool (2 threads)"} or {@code "spark local[2]"}. */
    String description();

    /** How many tasks can run at once (for the progress display). */
    int parallelism();

    List<RunResult> run(List<Task> tasks, Monitor monitor);

    /** Releases the engine's resources (a Spark context); the local pool holds none between sweeps. */
    @Override
    default void close() {}

    /** Receives counts while a sweep runs; called on the thread that called {@link #run}. */
    interface Monitor {
        /**
         * @param done    runs finished without error
         * @param failed  runs finished with an error (they become error rows)
         * @param running runs in progress now
         * @param retried attempts the engine re-ran (a lost Spark executor); 0 for the local pool
         */
        void update(int done, int failed, int running, int retried);

        Monitor NONE = (d, f, r, x) -> {};
    }
}
