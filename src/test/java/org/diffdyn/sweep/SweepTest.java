package org.diffdyn.sweep;

import static org.diffdyn.sweep.Sweep.range;
import static org.diffdyn.sweep.Sweep.sweep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.CancelledException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Registry;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class SweepTest {
    /** weight-relaxation with sampled covariance (seed-dependent), small and quick. */
    private static Sweep quick() {
        return sweep("weight-relaxation")
                .set("d", 6)
                .set("steps", 200)
                .set("samples", 50)
                .set("record", 5);
    }

    @Test
    void tasksFollowTheGridOrderLastAxisFastest() {
        List<Task> t = quick().over("q", 0.1, 0.2).over("seed", range(1, 3)).tasks();
        assertEquals(6, t.size());
        List<String> got = new ArrayList<>();
        for (Task x : t) got.add(x.params().get("q") + "/" + x.params().get("seed"));
        assertEquals(List.of("0.1/1", "0.1/2", "0.1/3", "0.2/1", "0.2/2", "0.2/3"), got);
        for (int i = 0; i < t.size(); i++) assertEquals(i, t.get(i).index());
    }

    @Test
    void valuesAreValidatedBeforeAnythingRuns() {
        ParameterException e = assertThrows(ParameterException.class, () -> quick().over("d", 4, -1));
        assertEquals("d", e.parameter());
        ParameterException u = assertThrows(ParameterException.class, () -> quick().over("no-such", 1));
        assertTrue(u.getMessage().contains("eta"), u.getMessage());
        assertEquals(
                List.of("0.2", "0.3"),
                quick().over("q", 0.1).over("q", 0.2, 0.3).axes().get("q"),
                "a later axis replaces an earlier one");
        assertThrows(ParameterException.class, () -> sweep("no-such-experiment"));
    }

    @Test
    void derivedSeedsAreAStableHashOfTheSortedParameters() throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("q", "0.1");
        a.put("d", "6");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("d", "6");
        b.put("q", "0.1");
        assertEquals(Seeds.derive(a), Seeds.derive(b));
        Map<String, String> withSeed = new LinkedHashMap<>(a);
        withSeed.put("seed", "99");
        assertEquals(Seeds.derive(a), Seeds.derive(withSeed), "seed itself is not hashed");
        Map<String, String> c = new LinkedHashMap<>(a);
        c.put("q", "0.2");
        assertNotEquals(Seeds.derive(a), Seeds.derive(c));
        // independent recomputation of the documented rule
        byte[] h = MessageDigest.getInstance("SHA-256").digest("d=6\nq=0.1\n".getBytes(StandardCharsets.UTF_8));
        long v = java.nio.ByteBuffer.wrap(h, 0, 8).getLong() & Long.MAX_VALUE;
        assertEquals(v, Seeds.derive(a));
    }

    @Test
    void runsWithoutASweptSeedGetTheirDerivedSeed() {
        List<Task> t = quick().over("q", 0.1, 0.2).tasks();
        for (Task x : t) {
            Map<String, String> p = new LinkedHashMap<>(x.params());
            long seed = Long.parseLong(p.remove("seed"));
            assertEquals(Seeds.derive(p), seed);
        }
        assertNotEquals(t.get(0).params().get("seed"), t.get(1).params().get("seed"));
        // a run's seed does not depend on what else is swept or in which order
        Task alone = quick().set("q", 0.2).tasks().get(0);
        assertEquals(t.get(1).params().get("seed"), alone.params().get("seed"));
    }

    @Test
    void tableStacksEveryRunWithSweptColumnsAndEqualsSingleRuns() {
        SweepResult r =
                quick().over("q", 0.1, 0.3).over("seed", 1, 2).threads(2).run();
        Table t = r.table();
        assertEquals(List.of("run", "q", "seed"), t.columnNames().subList(0, 3));
        assertEquals("error", t.columnNames().get(t.columnCount() - 1));
        int rows = 0;
        for (Task task : r.results().stream().map(RunResult::task).toList()) {
            var b = Registry.get("weight-relaxation").builder();
            task.params().forEach(b::parse);
            ExperimentResult single = b.progress(Progress.NONE).run();
            Table part = t.where(t.intColumn("run").isEqualTo(task.index()));
            assertEquals(single.table().rowCount(), part.rowCount());
            assertEquals(
                    single.table().doubleColumn("simulation").asList(),
                    part.doubleColumn("simulation").asList());
            assertEquals(
                    Double.parseDouble(task.params().get("q")),
                    part.doubleColumn("q").get(0));
            rows += part.rowCount();
        }
        assertEquals(rows, t.rowCount());
        assertEquals(0, r.failedCount());
        assertFalse(
                t.columnNames().contains("seed_table"),
                "the experiment's seed column equals the parameter and is dropped");
    }

    @Test
    void theSameTableOnOneThreadOrFour() {
        Sweep s = quick().over("q", 0.1, 0.2, 0.3).over("seed", range(1, 4));
        SweepResult one = s.threads(1).run();
        SweepResult four = s.threads(4).run();
        assertEquals(one.table().toString(), four.table().toString());
        assertEquals(one.table().printAll(), four.table().printAll());
        assertEquals(one.checks().printAll(), four.checks().printAll());
        for (int i = 0; i < one.runCount(); i++)
            assertTrue(one.results().get(i).sameOutcome(four.results().get(i)));
    }

    @Test
    void failedRunsBecomeRowsWithTheirParametersAndTheOthersComplete() {
        // eta = 0.9 breaks gradient-descent stability for sigma = 1 (an invalid combination detected at run time)
        SweepResult r = quick().over("eta", 0.01, 0.9, 0.02).over("seed", 1, 2).run();
        assertEquals(6, r.runCount());
        assertEquals(2, r.failedCount());
        Table t = r.table();
        Table bad = t.where(t.stringColumn("error").isNotEqualTo(""));
        assertEquals(2, bad.rowCount(), "one row per failed run");
        for (int i = 0; i < 2; i++) {
            assertEquals(0.9, bad.doubleColumn("eta").get(i));
            assertTrue(
                    bad.stringColumn("error").get(i).contains("ParameterException"),
                    bad.stringColumn("error").get(i));
            assertTrue(
                    bad.stringColumn("error").get(i).contains("eta"),
                    bad.stringColumn("error").get(i));
            assertTrue(bad.doubleColumn("simulation").isMissing(i));
        }
        Table failures = r.failures();
        assertEquals(2, failures.rowCount());
        assertEquals(List.of(1L, 2L), failures.longColumn("seed").asList());
        Table good = t.where(t.stringColumn("error").isEqualTo(""));
        assertEquals(4, new java.util.HashSet<>(good.intColumn("run").asList()).size());
        // aggregation leaves the failed runs out
        Table agg = r.aggregate("simulation", "eta");
        assertEquals(List.of(0.01, 0.02), agg.doubleColumn("eta").asList());
    }

    @Test
    void aDivergingRunBecomesAnErrorRowAndItsChecksAreKeyedAndLabelled() {
        // a user-defined experiment: x_{n+1} = r x_n (1 + noise) diverges for r > 1 (NumericalException via Check)
        Param<Double> rate = Param.real("rate", 0.5, 0, 10, "growth rate r");
        org.diffdyn.experiment.Registry.register(
                org.diffdyn.experiment.Experiment.of("sweep-probe", List.of(rate), (p, b, pr) -> {
                    java.util.Random rng = new java.util.Random(p.seed());
                    double x = 1;
                    tech.tablesaw.api.DoubleColumn xs = tech.tablesaw.api.DoubleColumn.create("x");
                    for (int n = 0; n < 2000; n++) {
                        x *= p.get(rate) * (1 + 0.01 * rng.nextGaussian());
                        org.diffdyn.core.Check.stillFinite(x, "rate", "x at step " + n);
                        if (n % 500 == 0) xs.append(x);
                    }
                    b.table(Table.create("probe", xs)).check("final", "x after 2000 steps", x, ">= 0");
                }));
        try {
            SweepResult r = sweep("sweep-probe")
                    .over("rate", 0.5, 2.0, 0.9)
                    .over("seed", 1, 2)
                    .run();
            assertEquals(2, r.failedCount());
            Table bad = r.failures();
            assertEquals(List.of(2.0, 2.0), bad.doubleColumn("rate").asList());
            assertTrue(
                    bad.stringColumn("error").get(0).startsWith("NumericalException"),
                    bad.stringColumn("error").get(0));
            Table c = r.checks();
            assertEquals(4, c.rowCount());
            assertEquals("x after 2000 steps", c.stringColumn("label").get(0));
            assertEquals(">= 0", c.stringColumn("target").get(0));
            assertEquals(2, r.aggregateChecks().rowCount(), "one group per non-failing rate");
        } finally {
            org.diffdyn.experiment.Registry.unregister("sweep-probe");
        }
    }

    @Test
    void aggregateGivesMeanSdAndTheStudentInterval() {
        SweepResult r = quick().over("seed", range(1, 5)).set("record", 2).run();
        Table t = r.table();
        Table agg = r.aggregate("simulation", "mode", "step");
        assertEquals(List.of("mode", "step", "n", "mean", "sd", "ci95_low", "ci95_high"), agg.columnNames());
        for (int g = 0; g < agg.rowCount(); g++) {
            int mode = agg.intColumn("mode").get(g);
            double step = agg.doubleColumn("step").get(g);
            Table grp = t.where(t.intColumn("mode")
                    .isEqualTo(mode)
                    .and(t.doubleColumn("step").isEqualTo(step)));
            double[] x = grp.doubleColumn("simulation").asDoubleArray();
            assertEquals(5, x.length);
            assertEquals(5, agg.intColumn("n").get(g));
            double m = 0;
            for (double v : x) m += v / x.length;
            double ss = 0;
            for (double v : x) ss += (v - m) * (v - m);
            double sd = Math.sqrt(ss / 4);
            assertEquals(m, agg.doubleColumn("mean").get(g), 1e-12);
            assertEquals(sd, agg.doubleColumn("sd").get(g), 1e-12);
            // t_{0.975, 4} = 2.776445 (standard tables)
            assertEquals(
                    m + 2.776445 * sd / Math.sqrt(5),
                    agg.doubleColumn("ci95_high").get(g),
                    1e-6 * (1 + sd));
            assertEquals(
                    m - 2.776445 * sd / Math.sqrt(5),
                    agg.doubleColumn("ci95_low").get(g),
                    1e-6 * (1 + sd));
        }
        assertThrows(ParameterException.class, () -> r.aggregate("no-such-column"));
        assertThrows(ParameterException.class, () -> r.aggregate("simulation", "nope"));
    }

    @Test
    void checksAsATableAndAggregatedOverSeeds() {
        SweepResult r = quick().over("q", 0.1, 0.2).over("seed", range(1, 3)).run();
        Table c = r.checks();
        int perRun = r.results().get(0).checks().size();
        assertTrue(perRun > 0);
        assertEquals(6 * perRun, c.rowCount());
        assertEquals(List.of("run", "q", "seed", "check", "label", "value", "target"), c.columnNames());
        Table agg = r.aggregateChecks();
        assertEquals(2 * perRun, agg.rowCount());
        assertTrue(agg.intColumn("n").asList().stream().allMatch(n -> n == 3));
    }

    @Test
    void runsTableHasStatusAndTime() {
        SweepResult r = quick().over("eta", 0.01, 0.9).run();
        Table runs = r.runs();
        assertEquals(List.of("ok", "failed"), runs.stringColumn("status").asList());
        assertTrue(runs.doubleColumn("seconds").get(0) > 0);
        assertTrue(r.summary().contains("2 runs (1 failed)"), r.summary());
    }

    @Test
    void progressCountsDoneFailedAndRunning() {
        List<String> statuses = new ArrayList<>();
        long[] last = {-1};
        Progress p = new Progress() {
            @Override
            public void start(String task, long total) {
                assertEquals(4, total);
            }

            @Override
            public void advance(long done) {
                last[0] = done;
            }

            @Override
            public void finish() {}

            @Override
            public void status(String text) {
                statuses.add(text);
            }
        };
        quick().over("eta", 0.01, 0.9, 0.02, 0.03).progress(p).run();
        assertEquals(4, last[0]);
        assertEquals("3 done, 1 failed, 0 running", statuses.get(statuses.size() - 1));
    }

    @Test
    void interruptingTheLocalPoolStopsWithinOneSecond() throws Exception {
        // each run alone takes many seconds (10^7 steps of a 64x64 matrix product)
        Sweep s = sweep("weight-relaxation")
                .set("d", 64)
                .set("steps", 10_000_000)
                .over("seed", range(1, 8))
                .threads(2)
                .progress(Progress.NONE);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                s.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        Thread.sleep(700);
        assertTrue(t.isAlive(), "the sweep is still running before the interrupt");
        long t0 = System.nanoTime();
        t.interrupt();
        t.join(5000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertFalse(t.isAlive());
        assertTrue(thrown.get() instanceof CancelledException, String.valueOf(thrown.get()));
        assertTrue(seconds < 1.0, "stopped after " + seconds + " s");
        // no pool thread keeps computing
        Thread.sleep(200);
        assertTrue(
                Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(x -> x.getName().startsWith("diffdyn-sweep-") && x.isAlive()),
                "pool threads are gone");
    }

    @Test
    void sparkMasterWithoutTheJvmFlagsOrSparkIsAClearError() {
        if (Runtime.version().feature() >= 23) { // Spark 4.0's Hadoop client cannot run there
            ParameterException j = assertThrows(
                    ParameterException.class, () -> quick().master("local[2]").run());
            assertTrue(j.getMessage().contains("Java 17 to 22"), j.getMessage());
            return;
        }
        // the surefire JVM has Spark on its test classpath but not Spark's --add-opens flags
        if (SparkSupport.flagsInEffect()) return;
        ParameterException e = assertThrows(
                ParameterException.class, () -> quick().master("local[2]").run());
        assertEquals("master", e.parameter());
        assertTrue(e.getMessage().contains("--add-opens"), e.getMessage());
    }
}
