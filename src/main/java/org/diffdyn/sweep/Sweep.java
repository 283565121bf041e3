package org.diffdyn.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.progress.Progresses;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Registry;

/**
 * A parameter sweep over a registered experiment:
 * <pre>{@code
 * SweepResult r = sweep("kl-vs-n").over("d", 50, 100, 200).over("seed", range(1, 20)).set("draws", 5).run();
 * r.table();                                  // every row of every run, swept parameters as columns
 * r.aggregate("collapse", "d", "ratio");      // mean, sd, 95 % interval over seeds
 * r.checks();                                 // each run's checks
 * }</pre>
 * Axes combine as nested loops in the order given (the last varies fastest); that order numbers the runs. Every
 * value is parsed and validated by the experiment's declared parameter before anything runs. A run whose own
 * parameters do not set {@code seed} gets {@link Seeds#derive} of them, so results do not depend on the engine.
 * The engine is the {@link LocalPoolEngine} unless {@link #engine} or {@link #master} says otherwise.
 */
public final class Sweep {
    /** Largest number of runs in one sweep. */
    public static final int MAX_RUNS = 1_000_000;

    private final Experiment experiment;
    private final Map<String, Param<?>> declared = new LinkedHashMap<>();
    private final Map<String, List<String>> axes = new LinkedHashMap<>();
    private SweepEngine engine;
    private String master;
    private Progress progress;

    private Sweep(String experimentName) {
        this.experiment = Registry.get(experimentName);
        for (Param<?> p : experiment.params()) declared.put(p.key(), p);
    }

    /** Starts a sweep over the registered experiment of that name. */
    public static Sweep sweep(String experiment) {
        return new Sweep(experiment);
    }

    /** The integers from..to, both included. */
    public static List<Integer> range(int from, int to) {
        if (to < from) throw new ParameterException("range", from + ".." + to, "from <= to");
        List<Integer> out = new ArrayList<>(to - from + 1);
        for (int i = from; i <= to; i++) out.add(i);
        return out;
    }

    /** {@code n} values from {@code from} to {@code to} spaced evenly in log (as {@code log:from..to:n}). */
    public static List<String> logRange(double from, double to, int n) {
        return Grid.parse("log-range", "log:" + from + ".." + to + ":" + n);
    }

    /**
     * Sweeps {@code key} over these values (numbers, strings, booleans, enum constants; text forms are parsed),
     * replacing an earlier axis or fixed value of the same key (which keeps its place in the loop order).
     */
    public Sweep over(String key, Object... values) {
        return over(key, Arrays.asList(values));
    }

    public Sweep over(String key, Collection<?> values) {
        Param<?> p = param(key);
        if (values.isEmpty()) throw new ParameterException(key, "(no values)", "at least one value to sweep over");
        List<String> texts = new ArrayList<>(values.size());
        for (Object v : values) texts.add(canonical(p, text(v)));
        axes.put(key, List.copyOf(texts));
        return this;
    }

    public Sweep over(String key, int[] values) {
        return over(key, Arrays.stream(values).boxed().toArray());
    }

    public Sweep over(String key, long[] values) {
        return over(key, Arrays.stream(values).boxed().toArray());
    }

    public Sweep over(String key, double[] values) {
        return over(key, Arrays.stream(values).boxed().toArray());
    }

    /** Sweeps {@code key} over a grid in text form ({@link Grid}: {@code 1..20}, {@code log:100..10000:9}, …). */
    public Sweep grid(String key, String grid) {
        return over(key, Grid.parse(key, grid));
    }

    /** Holds {@code key} at one value in every run (a list value may be a double[]). */
    public Sweep set(String key, Object value) {
        return over(key, List.of(value));
    }

    /** Runs on this engine (the caller keeps ownership: it is not closed). */
    public Sweep engine(SweepEngine engine) {
        this.engine = engine;
        this.master = null;
        return this;
    }

    /** Runs on Apache Spark with this master URL ({@code local[2]}, {@code spark://127.0.0.1:7077}, …); null = the local pool. */
    public Sweep master(String master) {
        this.master = master == null || master.isBlank() ? null : master.strip();
        this.engine = null;
        return this;
    }

    /** The local pool with this many threads. */
    public Sweep threads(int threads) {
        return engine(new LocalPoolEngine(threads));
    }

    /** Reports progress here instead of the environment's default display. */
    public Sweep progress(Progress progress) {
        this.progress = progress;
        return this;
    }

    public Experiment experiment() {
        return experiment;
    }

    /** The axes in text form, in the order given. */
    public Map<String, List<String>> axes() {
        return java.util.Collections.unmodifiableMap(axes);
    }

    /** Every run, numbered in grid order, with its seed filled in. */
    public List<Task> tasks() {
        long count = 1;
        for (List<String> v : axes.values()) {
            count *= v.size();
            if (count > MAX_RUNS)
                throw new ParameterException("sweep", count + "+ runs", "at most " + MAX_RUNS + " runs");
        }
        boolean derive = declared.containsKey("seed") && !axes.containsKey("seed");
        List<String> keys = new ArrayList<>(axes.keySet());
        List<Task> tasks = new ArrayList<>((int) count);
        int[] at = new int[keys.size()];
        for (int index = 0; index < count; index++) {
            Map<String, String> params = new LinkedHashMap<>();
            for (int a = 0; a < keys.size(); a++)
                params.put(keys.get(a), axes.get(keys.get(a)).get(at[a]));
            if (derive) params.put("seed", Long.toString(Seeds.derive(params)));
            tasks.add(new Task(index, experiment.name(), params));
            for (int a = keys.size() - 1; a >= 0; a--) { // odometer: last axis fastest
                if (++at[a] < axes.get(keys.get(a)).size()) break;
                at[a] = 0;
            }
        }
        return tasks;
    }

    /** Runs every task and gathers the results. */
    public SweepResult run() {
        List<Task> tasks = tasks();
        Progress pr = progress != null ? progress : Progresses.create();
        boolean own = engine == null;
        SweepEngine e = engine != null ? engine : master != null ? SparkSupport.engine(master) : new LocalPoolEngine();
        long t0 = System.nanoTime();
        pr.start("sweep " + experiment.name() + " (" + tasks.size() + " runs, " + e.description() + ")", tasks.size());
        List<RunResult> results;
        try {
            results = e.run(tasks, (done, failed, running, retried) -> {
                pr.status(done + " done, " + failed + " failed, " + running + " running"
                        + (retried > 0 ? ", " + retried + " retried" : ""));
                pr.advance(done + failed);
            });
        } finally {
            if (own && master == null) e.close(); // a Spark engine stays up for the next sweep (SparkEngine.forMaster)
        }
        pr.finish();
        List<String> swept = new ArrayList<>();
        axes.forEach((k, v) -> {
            if (v.size() > 1) swept.add(k);
        });
        if (declared.containsKey("seed") && !swept.contains("seed")) swept.add("seed");
        return new SweepResult(
                experiment.name(), tasks, results, swept, declared, e.description(), System.nanoTime() - t0);
    }

    private Param<?> param(String key) {
        Param<?> p = declared.get(key);
        if (p == null)
            throw new ParameterException(
                    key,
                    "(unknown option)",
                    "one of the options of " + experiment.name() + ": " + String.join(", ", declared.keySet()));
        return p;
    }

    private static String text(Object v) {
        if (v instanceof double[]) {
            double[] d = (double[]) v;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < d.length; i++) sb.append(i == 0 ? "" : ",").append(d[i]);
            return sb.toString();
        }
        if (v instanceof Enum<?>)
            return ((Enum<?>) v).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return String.valueOf(v);
    }

    /** Parses and validates the value now (a bad value fails before any run) and returns its canonical text form. */
    private static String canonical(Param<?> p, String text) {
        return p.format(p.parse(text));
    }
}
