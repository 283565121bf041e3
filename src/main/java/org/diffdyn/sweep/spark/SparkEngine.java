package org.diffdyn.sweep.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.util.LongAccumulator;
import org.diffdyn.core.progress.CancelledException;
import org.diffdyn.sweep.RunResult;
import org.diffdyn.sweep.SparkSupport;
import org.diffdyn.sweep.SweepEngine;
import org.diffdyn.sweep.Task;

/**
 * Runs a sweep as one Spark job: the tasks (experiment name + parameters, serialized data) are parallelized one per
 * partition and mapped through {@link RunTask}, a named class in the diffdyn jar which reaches executors through
 * {@code spark.jars}. A lost executor's tasks are re-run by Spark (tasks are deterministic, so the table does not
 * change); interrupting the driver thread cancels the job group (executor threads are interrupted too).
 *
 * <p>Loaded only through {@link SparkSupport#engine} (reflection), so nothing references Spark unless a master URL is
 * given. One SparkContext per JVM: {@link #forMaster} keeps the engine of the last master and replaces it when another
 * master is asked for; a shutdown hook stops it. For loopback masters ({@code local*}, {@code 127.0.0.1},
 * {@code localhost}) the driver binds to 127.0.0.1 and the web UI is off. Any {@code spark.*} system property is
 * passed on (e.g. {@code -Dspark.executor.memory=2g}).
 */
public final class SparkEngine implements SweepEngine {
    private static final AtomicLong JOBS = new AtomicLong();
    private static SparkEngine current;

    private final String master;
    private final JavaSparkContext sc;

    /** Spark's loggers, held so java.util.logging keeps their levels (it references loggers weakly). */
    private static final List<java.util.logging.Logger> QUIET = new ArrayList<>();

    /** Spark logs through SLF4J to java.util.logging here; INFO chatter off unless diffdyn.spark.logLevel says otherwise. */
    private static synchronized void quietLogs() {
        if (!QUIET.isEmpty()) return;
        java.util.logging.Level level =
                java.util.logging.Level.parse(System.getProperty("diffdyn.spark.logLevel", "WARNING"));
        for (String name : new String[] {"org.apache.spark", "org.sparkproject", "io.netty", "org.apache.hadoop"}) {
            java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
            l.setLevel(level);
            QUIET.add(l);
        }
    }

    private SparkEngine(String master, java.util.Map<String, String> extra) {
        this.master = master;
        quietLogs();
        SparkConf conf = new SparkConf(true).setMaster(master).setAppName("diffdyn sweep");
        if (SparkSupport.loopback(master)) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        if (!master.startsWith("local") && !conf.contains("spark.jars")) {
            List<String> jars = new ArrayList<>();
            for (Path p : SparkSupport.applicationJars()) jars.add(p.toUri().toString());
            if (jars.isEmpty())
                throw new IllegalStateException("cannot find the diffdyn jar to send to the executors of " + master
                        + ": run 'mvn package' or set spark.jars");
            conf.set("spark.jars", String.join(",", jars));
        }
        conf.setIfMissing("spark.executor.extraJavaOptions", String.join(" ", SparkSupport.JVM_FLAGS));
        if (extra != null) extra.forEach(conf::set);
        this.sc = new JavaSparkContext(conf);
    }

    /** The engine for this master, started on first use and kept for later sweeps (one SparkContext per JVM). */
    public static synchronized SparkEngine forMaster(String master) {
        if (current != null && current.master.equals(master) && !current.sc.sc().isStopped()) return current;
        if (current != null) current.close();
        current = new SparkEngine(master, null);
        hookOnce();
        return current;
    }

    /** A new engine with extra configuration (replaces any running one). */
    public static synchronized SparkEngine create(String master, java.util.Map<String, String> extra) {
        if (current != null) current.close();
        current = new SparkEngine(master, extra);
        hookOnce();
        return current;
    }

    private static boolean hooked;

    private static void hookOnce() {
        if (hooked) return;
        hooked = true;
        Runtime.getRuntime().addShutdownHook(new Thread(SparkEngine::shutdown, "diffdyn-spark-stop"));
    }

    /** Stops the running engine's SparkContext, if any. */
    public static synchronized void shutdown() {
        if (current != null) current.close();
    }

    public JavaSparkContext context() {
        return sc;
    }

    @Override
    public String description() {
        return "spark " + master;
    }

    @Override
    public int parallelism() {
        return Math.max(1, sc.defaultParallelism());
    }

    @Override
    public List<RunResult> run(List<Task> tasks, Monitor monitor) {
        if (tasks.isEmpty()) return List.of();
        String group = "diffdyn-sweep-" + JOBS.incrementAndGet();
        LongAccumulator failedRuns = sc.sc().longAccumulator(group + "-failed");
        sc.setJobGroup(
                group, "diffdyn sweep of " + tasks.size() + " runs", true); // interrupt executor threads on cancel
        JavaFutureAction<List<RunResult>> job;
        try {
            job = sc.parallelize(tasks, tasks.size())
                    .map(new RunTask(failedRuns))
                    .collectAsync();
        } finally {
            sc.clearJobGroup();
        }
        boolean complete = false;
        try {
            while (true) {
                try {
                    List<RunResult> out = new ArrayList<>(job.get(200, TimeUnit.MILLISECONDS));
                    complete = true;
                    int failed = 0;
                    for (RunResult r : out) if (r.failed()) failed++;
                    monitor.update(out.size() - failed, failed, 0, attempts(job)[2]);
                    return out;
                } catch (TimeoutException e) {
                    report(job, failedRuns, monitor);
                    if (Thread.currentThread().isInterrupted()) throw new CancelledException();
                }
            }
        } catch (InterruptedException e) {
            throw new CancelledException();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof CancelledException) throw (CancelledException) c;
            throw new IllegalStateException("Spark job of the sweep failed on " + master + ": " + c.getMessage(), c);
        } finally {
            if (!complete) cancel(group, job);
        }
    }

    private void report(JavaFutureAction<?> job, LongAccumulator failedRuns, Monitor monitor) {
        int[] a = attempts(job);
        int failed = (int) Math.min(a[0], failedRuns.value());
        monitor.update(a[0] - failed, failed, a[1], a[2]);
    }

    /** Completed, active and failed task attempts of the job's stages (failed attempts are re-run by Spark). */
    private int[] attempts(JavaFutureAction<?> job) {
        JavaSparkStatusTracker st = sc.statusTracker();
        int completed = 0, active = 0, attemptsFailed = 0;
        for (int jobId : job.jobIds()) {
            SparkJobInfo info = st.getJobInfo(jobId);
            if (info == null) continue;
            for (int stageId : info.stageIds()) {
                SparkStageInfo s = st.getStageInfo(stageId);
                if (s == null) continue;
                completed += s.numCompletedTasks();
                active += s.numActiveTasks();
                attemptsFailed += s.numFailedTasks();
            }
        }
        return new int[] {completed, active, attemptsFailed};
    }

    /** Cancels the job group and waits up to 5 s for Spark to confirm, keeping the caller's interrupt status. */
    private void cancel(String group, JavaFutureAction<?> job) {
        boolean interrupted = Thread.interrupted();
        try {
            sc.cancelJobGroup(group);
            job.cancel(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!job.isDone() && System.nanoTime() < deadline) Thread.sleep(20);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (RuntimeException ignored) {
            // the context may already be stopping
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (!sc.sc().isStopped()) sc.stop();
        synchronized (SparkEngine.class) {
            if (current == this) current = null;
        }
    }
}
