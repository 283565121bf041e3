package org.diffdyn.sweep;

import static org.diffdyn.sweep.Sweep.range;
import static org.diffdyn.sweep.Sweep.sweep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.diffdyn.core.progress.CancelledException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.sweep.spark.SparkEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The same 40-run sweep on the local pool, on Spark {@code local[2]} and on a standalone Spark cluster started here
 * from the project's own jars on 127.0.0.1 (a Master and two Worker JVMs, SPARK_HOME/jars linked to
 * target/spark-lib): the tables are equal; one worker (with its executor) is killed mid-sweep and Spark re-runs its
 * tasks; interrupting a sweep cancels the cluster's job within seconds. Every process started here is killed in
 * {@link #stopCluster} (and by a shutdown hook should the JVM die first).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SparkSweepIT {
    private static final Path TARGET = Paths.get("target").toAbsolutePath();
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static Path home;
    private static int masterPort;
    private static SweepResult reference;

    /** 40 runs: 30 succeed (seed-dependent tables), 10 fail (eta = 0.9 is unstable for sigma = 1). */
    private static Sweep fortyRuns() {
        return sweep("weight-relaxation")
                .set("d", 16)
                .set("steps", 12_000)
                .set("samples", 100)
                .set("record", 4)
                .over("eta", 0.005, 0.01, 0.9, 0.02)
                .over("seed", range(1, 10))
                .progress(Progress.NONE);
    }

    @BeforeAll
    static void checkPackaged() {
        assertTrue(
                Files.isDirectory(TARGET.resolve("spark-lib")), "mvn package copies Spark's jars to target/spark-lib");
        assertTrue(SparkSupport.flagsInEffect(), "failsafe passes Spark's --add-opens flags");
        Runtime.getRuntime().addShutdownHook(new Thread(SparkSweepIT::killAll));
    }

    @AfterAll
    static void stopCluster() throws IOException {
        try {
            SparkEngine.shutdown();
        } finally {
            killAll();
            if (home != null) deleteTree(home);
        }
    }

    @Test
    @Order(1)
    void localPoolReference() {
        reference = fortyRuns().run();
        assertEquals(40, reference.runCount());
        assertEquals(10, reference.failedCount());
        assertTrue(reference.table().rowCount() > 30);
    }

    @Test
    @Order(2)
    void sparkLocalGivesTheSameTable() {
        SweepResult r = fortyRuns().master("local[2]").run();
        assertEquals("spark local[2]", r.engine());
        assertSame(reference, r);
    }

    @Test
    @Order(3)
    void standaloneClusterSurvivesALostWorkerWithTheSameTable() throws Exception {
        startCluster();
        SparkEngine engine = SparkEngine.create(
                "spark://127.0.0.1:" + masterPort,
                Map.of("spark.executor.memory", "512m", "spark.cores.max", "2", "spark.executor.cores", "1"));
        waitForExecutors(engine, 2, 90);
        assertEquals("127.0.0.1", engine.context().getConf().get("spark.driver.host"));
        assertEquals("127.0.0.1", engine.context().getConf().get("spark.driver.bindAddress"));
        assertEquals("false", engine.context().getConf().get("spark.ui.enabled"));
        assertLoopbackOnly();
        Process victim = PROCESSES.get(PROCESSES.size() - 1);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                outcome.set(fortyRuns()
                        .engine(new CountingEngine(engine, done, retried))
                        .run());
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (done.get() < 8 && t.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(
                t.isAlive() && done.get() < 40,
                "the sweep is still running when the worker is killed (" + done.get() + " done)");
        kill(victim); // the worker and the executor it launched: a lost machine
        t.join(TimeUnit.SECONDS.toMillis(150));
        assertFalse(t.isAlive(), "the sweep finished on the remaining worker");
        if (outcome.get() instanceof Throwable) throw new AssertionError("sweep failed", (Throwable) outcome.get());
        SweepResult r = (SweepResult) outcome.get();
        assertSame(reference, r);
        System.out.println("[SparkSweepIT] cluster sweep: " + r.summary()
                + "; task attempts re-run after the worker loss: " + retried.get());
    }

    @Test
    @Order(4)
    void interruptingCancelsTheClusterJobWithinSeconds() throws Exception {
        SparkEngine engine =
                SparkEngine.forMaster("spark://127.0.0.1:" + masterPort); // the context of the previous test
        waitForExecutors(engine, 1, 60);
        // runs of several seconds each
        Sweep slow = sweep("weight-relaxation")
                .set("d", 48)
                .set("steps", 3_000_000)
                .over("seed", range(1, 6))
                .engine(engine)
                .progress(Progress.NONE);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                slow.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (activeTasks(engine) == 0 && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(activeTasks(engine) > 0, "tasks are running on the executors");
        Thread.sleep(500);
        long t0 = System.nanoTime();
        t.interrupt();
        t.join(10_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertFalse(t.isAlive());
        assertTrue(thrown.get() instanceof CancelledException, String.valueOf(thrown.get()));
        assertTrue(seconds < 6, "the sweep returned " + seconds + " s after the interrupt");
        long quiet = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (activeTasks(engine) > 0 && System.nanoTime() < quiet) Thread.sleep(50);
        assertEquals(0, activeTasks(engine), "no task keeps running on the cluster");
        System.out.println(
                "[SparkSweepIT] interrupt -> CancelledException after " + String.format("%.2f", seconds) + " s");
        engine.close();
    }

    private static void assertSame(SweepResult expected, SweepResult actual) {
        assertEquals(expected.runCount(), actual.runCount());
        assertEquals(expected.failedCount(), actual.failedCount());
        assertEquals(expected.table().columnNames(), actual.table().columnNames());
        assertEquals(expected.table().printAll(), actual.table().printAll());
        assertEquals(expected.checks().printAll(), actual.checks().printAll());
        for (int i = 0; i < expected.runCount(); i++)
            assertTrue(expected.results().get(i).sameOutcome(actual.results().get(i)), "run " + i);
    }

    /** Every listening TCP socket of this JVM, the master, the workers and their executors is bound to 127.0.0.1. */
    private static void assertLoopbackOnly() throws IOException {
        List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid());
        for (Process p : PROCESSES) {
            pids.add(p.pid());
            p.descendants().forEach(d -> pids.add(d.pid()));
        }
        assertTrue(pids.size() >= 6, "this JVM, a master, two workers and two executors: " + pids);
        java.util.Set<String> inodes = new java.util.HashSet<>();
        for (long pid : pids) {
            Path fd = Paths.get("/proc", Long.toString(pid), "fd");
            if (!Files.isDirectory(fd)) continue;
            try (Stream<Path> s = Files.list(fd)) {
                for (Path f : s.toList()) {
                    try {
                        String link = Files.readSymbolicLink(f).toString();
                        if (link.startsWith("socket:[")) inodes.add(link.substring(8, link.length() - 1));
                    } catch (IOException ignored) {
                        // closed meanwhile
                    }
                }
            }
        }
        int listening = 0;
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            for (String line : Files.readAllLines(Paths.get(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || !f[3].equals("0A") || !inodes.contains(f[9])) continue; // 0A = LISTEN
                String addr = f[1].substring(0, f[1].indexOf(':'));
                listening++;
                assertTrue(
                        addr.equals("0100007F")
                                || addr.equals("0000000000000000FFFF00000100007F")
                                || addr.equals("00000000000000000000000001000000"),
                        "a socket listens on " + f[1] + " (" + table + "), not loopback");
            }
        }
        assertTrue(listening >= 3, "found the cluster's listening sockets: " + listening);
    }

    private static int activeTasks(SparkEngine engine) {
        int n = 0;
        var st = engine.context().statusTracker();
        for (int stage : st.getActiveStageIds()) {
            var info = st.getStageInfo(stage);
            if (info != null) n += info.numActiveTasks();
        }
        return n;
    }

    /** Passes the monitor's counts out of the engine, for the test to time the worker loss. */
    private static final class CountingEngine implements SweepEngine {
        private final SweepEngine inner;
        private final AtomicInteger done;
        private final AtomicInteger retried;

        CountingEngine(SweepEngine inner, AtomicInteger done, AtomicInteger retried) {
            this.inner = inner;
            this.done = done;
            this.retried = retried;
        }

        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public int parallelism() {
            return inner.parallelism();
        }

        @Override
        public List<RunResult> run(List<Task> tasks, Monitor monitor) {
            return inner.run(tasks, (d, f, r, x) -> {
                done.set(d + f);
                retried.set(x);
                monitor.update(d, f, r, x);
            });
        }
    }

    // ---- the standalone cluster -------------------------------------------------------------------------------

    private static void startCluster() throws Exception {
        home = Files.createTempDirectory("diffdyn-spark-home");
        Files.createSymbolicLink(home.resolve("jars"), TARGET.resolve("spark-lib"));
        masterPort = freePort();
        PROCESSES.add(start(
                "master",
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(masterPort),
                "--webui-port",
                Integer.toString(freePort())));
        waitForPort(masterPort, 60);
        for (int w = 1; w <= 2; w++) {
            Path work = Files.createDirectories(home.resolve("work-" + w));
            PROCESSES.add(start(
                    "worker-" + w,
                    "org.apache.spark.deploy.worker.Worker",
                    "--host",
                    "127.0.0.1",
                    "--cores",
                    "1",
                    "--memory",
                    "1g",
                    "--work-dir",
                    work.toString(),
                    "--webui-port",
                    Integer.toString(freePort()),
                    "spark://127.0.0.1:" + masterPort));
        }
    }

    private static Process start(String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SparkSupport.JVM_FLAGS);
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(home.resolve("jars").toString() + "/*");
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    private static void waitForExecutors(SparkEngine engine, int n, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (engine.context().sc().statusTracker().getExecutorInfos().length < n + 1) { // + the driver
            if (System.nanoTime() > deadline)
                throw new AssertionError(n + " executors did not register in " + seconds + " s; logs in " + home);
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the Spark master did not open port " + port + " in " + seconds + " s");
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void killAll() {
        for (int i = PROCESSES.size() - 1; i >= 0; i--) kill(PROCESSES.get(i));
        PROCESSES.clear();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
