package org.diffdyn.bench;

import static org.diffdyn.sweep.Sweep.range;
import static org.diffdyn.sweep.Sweep.sweep;

import java.util.Locale;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.sweep.LocalPoolEngine;
import org.diffdyn.sweep.RunResult;
import org.diffdyn.sweep.Sweep;
import org.diffdyn.sweep.SweepEngine;
import org.diffdyn.sweep.SweepResult;
import org.diffdyn.sweep.spark.SparkEngine;

/**
 * A measured harness (not JMH: a Spark context is a per-JVM singleton that JMH forks cannot share cheaply) for the
 * README's sweep numbers. Run after {@code mvn package}:
 * <pre>
 * java $(FLAGS) -cp target/test-classes:target/classes:'target/spark-lib/*' org.diffdyn.bench.SweepBench
 * </pre>
 * where FLAGS are {@link org.diffdyn.sweep.SparkSupport#JVM_FLAGS}. Prints, per engine: (1) 200 short runs
 * (weight-relaxation d=2, 1 step): wall time, the runs' own mean time and the overhead per run = wall × parallelism /
 * 200 − own time; (2) 100 runs of a few tenths of a second: wall time on 1 and 2 threads/cores and the speed-up. Each
 * measurement is the best of {@code -Dreps} (default 3) after one warm-up sweep. The machine's load average is printed
 * alongside, since a shared 2-core machine bounds what a speed-up can show.
 */
public final class SweepBench {
    private SweepBench() {}

    static Sweep shortRuns() {
        return sweep("weight-relaxation")
                .set("d", 2)
                .set("steps", 1)
                .set("record", 2)
                .over("seed", range(1, 200))
                .progress(Progress.NONE);
    }

    static Sweep longRuns() {
        return sweep("weight-relaxation")
                .set("d", 24)
                .set("steps", 10_000)
                .set("samples", 100)
                .set("record", 4)
                .over("seed", range(1, 100))
                .progress(Progress.NONE);
    }

    static double best(Sweep s, SweepEngine e, int reps, double[] ownMean) {
        s.engine(e).run(); // warm-up
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            SweepResult res = s.engine(e).run();
            double wall = (System.nanoTime() - t0) / 1e9;
            if (wall < best) {
                best = wall;
                double own = 0;
                for (RunResult x : res.results()) own += x.elapsedNanos() / 1e9;
                ownMean[0] = own / res.runCount();
            }
        }
        return best;
    }

    static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Paths.get("/proc/loadavg"))
                    .split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    public static void main(String[] args) {
        int reps = Integer.getInteger("reps", 3);
        String what = args.length > 0 ? args[0] : "all";
        System.out.printf(
                Locale.ROOT,
                "cores: %d, load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(),
                load());
        double[] own = new double[1];
        if (what.equals("all") || what.equals("overhead")) {
            for (String engine : new String[] {"pool", "local[2]"}) {
                SweepEngine e = engine.equals("pool") ? new LocalPoolEngine(2) : SparkEngine.forMaster(engine);
                double wall = best(shortRuns(), e, reps, own);
                System.out.printf(
                        Locale.ROOT,
                        "200 short runs on %-22s wall %.3f s, own %.2f ms/run, overhead %.2f ms/run (load %s)%n",
                        e.description(),
                        wall,
                        own[0] * 1e3,
                        (wall * 2 / 200 - own[0]) * 1e3,
                        load());
            }
        }
        if (what.equals("all") || what.equals("speedup")) {
            double[] wall = new double[2];
            for (String kind : new String[] {"pool", "spark"}) {
                for (int n = 1; n <= 2; n++) {
                    SweepEngine e =
                            kind.equals("pool") ? new LocalPoolEngine(n) : SparkEngine.forMaster("local[" + n + "]");
                    wall[n - 1] = best(longRuns(), e, Math.max(1, reps - 1), own);
                    System.out.printf(
                            Locale.ROOT,
                            "100 runs on %-22s wall %.2f s, own %.3f s/run (load %s)%n",
                            e.description(),
                            wall[n - 1],
                            own[0],
                            load());
                }
                System.out.printf(Locale.ROOT, "speed-up 2 vs 1 (%s): %.2f%n", kind, wall[0] / wall[1]);
            }
        }
        SparkEngine.shutdown();
    }
}
