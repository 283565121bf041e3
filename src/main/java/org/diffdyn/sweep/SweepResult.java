package org.diffdyn.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.diffdyn.core.ParameterException;
import org.diffdyn.experiment.Param;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The outcome of a {@link Sweep}: every run's result in grid order, whatever order the engine finished them in.
 *
 * <p>{@link #table()} stacks every row of every run: first {@code run} (the run's number), then one column per
 * swept parameter (those given more than one value, plus {@code seed}), then the experiment's columns (a column of
 * the experiment's own table named like a swept parameter and equal to it is dropped; if it differs it is kept as
 * {@code NAME_table}), then {@code error}: empty for rows of runs that succeeded, the error for the one row of
 * parameters a failed run leaves. Columns a run lacks are missing in its rows; a column whose type differs between
 * runs widens (int to long to double, else text). The table is the same on every engine.
 */
public final class SweepResult {
    private final String experiment;
    private final List<Task> tasks;
    private final List<RunResult> results;
    private final List<String> swept;
    private final Map<String, Param<?>> declared;
    private final String engine;
    private final long elapsedNanos;
    private Table table;

    SweepResult(
            String experiment,
            List<Task> tasks,
            List<RunResult> results,
            List<String> swept,
            Map<String, Param<?>> declared,
            String engine,
            long elapsedNanos) {
        this.experiment = experiment;
        this.tasks = List.copyOf(tasks);
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingInt(r -> r.task().index()));
        if (sorted.size() != tasks.size())
            throw new IllegalStateException(
                    "engine returned " + sorted.size() + " results for " + tasks.size() + " runs");
        for (int i = 0; i < sorted.size(); i++)
            if (!sorted.get(i).task().equals(tasks.get(i)))
                throw new IllegalStateException("engine returned a result for an unknown run: "
                        + sorted.get(i).task());
        this.results = Collections.unmodifiableList(sorted);
        this.swept = List.copyOf(swept);
        this.declared = declared;
        this.engine = engine;
        this.elapsedNanos = elapsedNanos;
    }

    public String experiment() {
        return experiment;
    }

    /** Runs in grid order. */
    public List<RunResult> results() {
        return results;
    }

    /** The swept parameters, as they appear as columns. */
    public List<String> sweptParameters() {
        return swept;
    }

    public String engine() {
        return engine;
    }

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    public int runCount() {
        return results.size();
    }

    public int failedCount() {
        int n = 0;
        for (RunResult r : results) if (r.failed()) n++;
        return n;
    }

    /** Every row of every run (see the class comment). */
    public synchronized Table table() {
        if (table == null) table = buildTable();
        return table;
    }

    private Table buildTable() {
        Merged m = new Merged();
        for (RunResult r : results) {
            int rows = r.failed() ? 1 : r.rowCount();
            m.addInt("run", r.task().index(), rows);
            for (String k : swept)
                m.addParam(k, declared.get(k), r.task().params().get(k), rows);
            if (!r.failed()) {
                for (ColumnData c : r.columns()) {
                    if (swept.contains(c.name())
                            || c.name().equals("run")
                            || c.name().equals("error")) {
                        if (swept.contains(c.name())
                                && equalsParam(c, r.task().params().get(c.name()))) continue;
                        m.add(renamed(c, c.name() + "_table"));
                    } else {
                        m.add(c);
                    }
                }
            }
            m.addString("error", r.failed() ? r.error() : "", rows);
            m.endRows(rows);
        }
        Table t = m.table(experiment + " sweep (" + results.size() + " runs)");
        return t;
    }

    /** One row per run: run, swept parameters, status ({@code ok} or {@code failed}), rows, seconds, error. */
    public Table runs() {
        Merged m = new Merged();
        for (RunResult r : results) {
            m.addInt("run", r.task().index(), 1);
            for (String k : swept)
                m.addParam(k, declared.get(k), r.task().params().get(k), 1);
            m.addString("parameters", paramsText(r.task()), 1);
            m.addString("status", r.failed() ? "failed" : "ok", 1);
            m.addInt("rows", r.rowCount(), 1);
            m.add(ColumnData.of(DoubleColumn.create("seconds", new double[] {r.elapsedNanos() / 1e9})));
            m.addString("error", r.failed() ? r.error() : "", 1);
            m.endRows(1);
        }
        return m.table(experiment + " sweep: runs");
    }

    /** Every check of every run, one row each: run, swept parameters, check (its key), label, value, target. */
    public Table checks() {
        Merged m = new Merged();
        for (RunResult r : results) {
            for (Map.Entry<String, Double> c : r.checks().entrySet()) {
                m.addInt("run", r.task().index(), 1);
                for (String k : swept)
                    m.addParam(k, declared.get(k), r.task().params().get(k), 1);
                m.addString("check", c.getKey(), 1);
                m.addString("label", r.checkLabels().getOrDefault(c.getKey(), c.getKey()), 1);
                m.add(ColumnData.of(DoubleColumn.create("value", new double[] {c.getValue()})));
                m.addString("target", r.checkTargets().getOrDefault(c.getKey(), ""), 1);
                m.endRows(1);
            }
        }
        Table t = m.table(experiment + " sweep: checks");
        if (t.columnCount() == 0) {
            t.addColumns(IntColumn.create("run"));
            for (String k : swept) t.addColumns(StringColumn.create(k));
            t.addColumns(
                    StringColumn.create("check"),
                    StringColumn.create("label"),
                    DoubleColumn.create("value"),
                    StringColumn.create("target"));
        }
        return t;
    }

    /** The runs that failed: run, swept parameters, parameters, error. */
    public Table failures() {
        Table r = runs();
        return r.where(r.stringColumn("status").isEqualTo("failed"))
                .selectColumns(columnsOf(r, "run", "parameters", "error"))
                .setName(experiment + " sweep: failed runs");
    }

    private String[] columnsOf(Table t, String... keep) {
        List<String> out = new ArrayList<>();
        out.add(keep[0]);
        out.addAll(swept);
        for (int i = 1; i < keep.length; i++) out.add(keep[i]);
        return out.toArray(new String[0]);
    }

    /**
     * Mean, standard deviation (n − 1) and the 95 % confidence interval of the mean (Student t with n − 1 degrees of
     * freedom; missing for n &lt; 2) of a numeric column of {@link #table()}, per group of the {@code by} columns
     * (default: the swept parameters other than {@code seed}). Rows of failed runs and missing values are left out.
     * Columns: the groups, n, mean, sd, ci95_low, ci95_high.
     */
    public Table aggregate(String value, String... by) {
        return aggregate(
                table(), value, by.length == 0 ? defaultGroups() : List.of(by), experiment + " sweep: " + value);
    }

    /**
     * {@link #aggregate} of every check over seeds: groups are the swept parameters other than {@code seed}, and the
     * check (key and label).
     */
    public Table aggregateChecks() {
        List<String> by = new ArrayList<>(defaultGroups());
        by.add("check");
        by.add("label");
        return aggregate(checks(), "value", by, experiment + " sweep: checks");
    }

    private List<String> defaultGroups() {
        List<String> by = new ArrayList<>(swept);
        by.remove("seed");
        return by;
    }

    /** The aggregation on any table (a numeric column summarised per group of other columns). */
    public static Table aggregate(Table t, String value, List<String> by, String name) {
        if (!t.columnNames().contains(value))
            throw new ParameterException(
                    "value", value, "a numeric column of the table: " + String.join(", ", t.columnNames()));
        Column<?> vc = t.column(value);
        if (!(vc instanceof tech.tablesaw.api.NumericColumn))
            throw new ParameterException(
                    "value",
                    value,
                    "a numeric column",
                    "'" + value + "' holds " + vc.type().name().toLowerCase(Locale.ROOT));
        for (String b : by)
            if (!t.columnNames().contains(b))
                throw new ParameterException("by", b, "columns of the table: " + String.join(", ", t.columnNames()));
        tech.tablesaw.api.NumericColumn<?> nv = (tech.tablesaw.api.NumericColumn<?>) vc;
        boolean hasError = t.columnNames().contains("error");
        Map<List<String>, List<Double>> groups = new LinkedHashMap<>();
        Map<List<String>, Integer> firstRow = new LinkedHashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            if (hasError && !t.stringColumn("error").get(i).isEmpty()) continue;
            if (nv.isMissing(i)) continue;
            double v = nv.getDouble(i);
            if (Double.isNaN(v)) continue;
            List<String> key = new ArrayList<>(by.size());
            for (String b : by) key.add(t.column(b).getString(i));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
            firstRow.putIfAbsent(key, i);
        }
        Table out = Table.create(name);
        for (String b : by) out.addColumns(t.column(b).emptyCopy());
        IntColumn n = IntColumn.create("n");
        DoubleColumn mean = DoubleColumn.create("mean"),
                sd = DoubleColumn.create("sd"),
                lo = DoubleColumn.create("ci95_low"),
                hi = DoubleColumn.create("ci95_high");
        for (Map.Entry<List<String>, List<Double>> g : groups.entrySet()) {
            int row = firstRow.get(g.getKey());
            for (String b : by) appendFrom(out.column(b), t.column(b), row);
            double[] s = Stats.meanSdInterval(g.getValue());
            n.append(g.getValue().size());
            mean.append(s[0]);
            sd.append(s[1]);
            lo.append(s[2]);
            hi.append(s[3]);
        }
        return out.addColumns(n, mean, sd, lo, hi);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void appendFrom(Column to, Column from, int row) {
        to.append(from, row);
    }

    /** Mean, sd and the t interval; kept apart so tests check it against an independent computation. */
    public static final class Stats {
        private Stats() {}

        /** {mean, sample sd, t 95 % interval low, high} of the values (sd and interval NaN for fewer than 2). */
        public static double[] meanSdInterval(List<Double> xs) {
            int n = xs.size();
            double mean = 0;
            for (double x : xs) mean += x;
            mean /= n;
            if (n < 2) return new double[] {mean, Double.NaN, Double.NaN, Double.NaN};
            double ss = 0;
            for (double x : xs) ss += (x - mean) * (x - mean);
            double sd = Math.sqrt(ss / (n - 1));
            double half = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
            return new double[] {mean, sd, mean - half, mean + half};
        }
    }

    private static String paramsText(Task t) {
        StringBuilder sb = new StringBuilder();
        t.params().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ")
                .append(k)
                .append('=')
                .append(v));
        return sb.toString();
    }

    private static boolean equalsParam(ColumnData c, String text) {
        if (text == null) return false;
        for (int i = 0; i < c.size(); i++) {
            if (c.isMissing(i)) return false;
            if (c.kind() == ColumnData.Kind.STRING || c.kind() == ColumnData.Kind.BOOLEAN) {
                if (!c.getString(i).equals(text)) return false;
            } else {
                double v;
                try {
                    String t = text.contains(",") ? "x" : text;
                    v = Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    return false;
                }
                if (c.getDouble(i) != v) return false;
            }
        }
        return true;
    }

    private static ColumnData renamed(ColumnData c, String name) {
        Table t = Table.create("x");
        Merged m = new Merged();
        m.add(c);
        m.endRows(c.size());
        Column<?> col = m.table("x").column(0);
        col.setName(name);
        t.addColumns(col);
        return ColumnData.of(col);
    }

    @Override
    public String toString() {
        return summary();
    }

    /** One line: experiment, runs, failures, rows, engine, time. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "sweep %s: %d runs (%d failed), %d rows, on %s, %.2f s",
                experiment,
                results.size(),
                failedCount(),
                table().rowCount(),
                engine,
                seconds());
    }

    /**
     * Builds a table row block by row block from columns of possibly different types and sets: each block adds
     * {@code rows} rows; a column missing from a block gets missing values there.
     */
    static final class Merged {
        private final Map<String, List<Object[]>> blocks = new LinkedHashMap<>(); // name -> (startRow, ColumnData)
        private final Map<String, ColumnData.Kind> kinds = new LinkedHashMap<>();
        private int rows;

        void add(ColumnData c) {
            ColumnData.Kind k = kinds.get(c.name());
            kinds.put(c.name(), k == null ? c.kind() : widen(k, c.kind()));
            blocks.computeIfAbsent(c.name(), n -> new ArrayList<>()).add(new Object[] {rows, c});
        }

        void addInt(String name, int value, int n) {
            int[] v = new int[n];
            java.util.Arrays.fill(v, value);
            add(ColumnData.of(IntColumn.create(name, v)));
        }

        void addString(String name, String value, int n) {
            String[] v = new String[n];
            java.util.Arrays.fill(v, value);
            add(ColumnData.of(StringColumn.create(name, v)));
        }

        /** A parameter's value typed by its declaration: integers, seeds (long), reals, flags, else text. */
        void addParam(String name, Param<?> p, String text, int n) {
            Param.Kind k = p == null ? Param.Kind.CHOICE : p.kind();
            switch (k) {
                case INTEGER: {
                    int[] v = new int[n];
                    java.util.Arrays.fill(v, Integer.parseInt(text));
                    add(ColumnData.of(IntColumn.create(name, v)));
                    return;
                }
                case SEED: {
                    long[] v = new long[n];
                    java.util.Arrays.fill(v, Long.parseLong(text));
                    add(ColumnData.of(LongColumn.create(name, v)));
                    return;
                }
                case REAL: {
                    double[] v = new double[n];
                    java.util.Arrays.fill(v, Double.parseDouble(text));
                    add(ColumnData.of(DoubleColumn.create(name, v)));
                    return;
                }
                case FLAG: {
                    BooleanColumn b = BooleanColumn.create(name);
                    for (int i = 0; i < n; i++) b.append(Boolean.parseBoolean(text));
                    add(ColumnData.of(b));
                    return;
                }
                default: {
                    String t = text;
                    if (k == Param.Kind.REALS && !text.contains(",")) { // one-element list: numeric column
                        double[] v = new double[n];
                        java.util.Arrays.fill(v, Double.parseDouble(text));
                        add(ColumnData.of(DoubleColumn.create(name, v)));
                        return;
                    }
                    addString(name, t, n);
                }
            }
        }

        void endRows(int n) {
            rows += n;
        }

        private static ColumnData.Kind widen(ColumnData.Kind a, ColumnData.Kind b) {
            if (a == b) return a;
            boolean na = a != ColumnData.Kind.STRING && a != ColumnData.Kind.BOOLEAN;
            boolean nb = b != ColumnData.Kind.STRING && b != ColumnData.Kind.BOOLEAN;
            if (!na || !nb) return ColumnData.Kind.STRING;
            if (a == ColumnData.Kind.DOUBLE || b == ColumnData.Kind.DOUBLE) return ColumnData.Kind.DOUBLE;
            return ColumnData.Kind.LONG; // INT and LONG
        }

        Table table(String name) {
            Table t = Table.create(name);
            for (Map.Entry<String, List<Object[]>> e : blocks.entrySet()) {
                String col = e.getKey();
                ColumnData.Kind kind = kinds.get(col);
                Column<?> out = create(col, kind);
                int filled = 0;
                for (Object[] blk : e.getValue()) {
                    int start = (Integer) blk[0];
                    ColumnData c = (ColumnData) blk[1];
                    for (; filled < start; filled++) out.appendMissing();
                    for (int i = 0; i < c.size(); i++, filled++) append(out, kind, c, i);
                }
                for (; filled < rows; filled++) out.appendMissing();
                t.addColumns(out);
            }
            return t;
        }

        private static Column<?> create(String name, ColumnData.Kind kind) {
            switch (kind) {
                case DOUBLE:
                    return DoubleColumn.create(name);
                case INT:
                    return IntColumn.create(name);
                case LONG:
                    return LongColumn.create(name);
                case BOOLEAN:
                    return BooleanColumn.create(name);
                default:
                    return StringColumn.create(name);
            }
        }

        private static void append(Column<?> out, ColumnData.Kind kind, ColumnData c, int i) {
            if (c.isMissing(i)) {
                out.appendMissing();
                return;
            }
            switch (kind) {
                case DOUBLE:
                    ((DoubleColumn) out).append(c.getDouble(i));
                    return;
                case INT:
                    ((IntColumn) out).append(c.getInt(i));
                    return;
                case LONG:
                    ((LongColumn) out).append(c.getLong(i));
                    return;
                case BOOLEAN:
                    ((BooleanColumn) out).append(c.getBoolean(i) == 1);
                    return;
                default:
                    ((StringColumn) out).append(c.getString(i));
            }
        }
    }
}
