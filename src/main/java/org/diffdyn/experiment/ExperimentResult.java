package org.diffdyn.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.plot.Plots;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * What an experiment returns: a tidy {@link Table} (one row per observation, theory and simulation in separate
 * columns, the seed in a column and all parameters in the table name), the plots to draw from it, and named
 * agreement checks (e.g. the largest |theory − simulation|) that tests and notebooks can show.
 */
public final class ExperimentResult {
    private final String experiment;
    private final Params params;
    private final Table table;
    private final List<PlotSpec> plots;
    private final Map<String, Double> checks;
    private final Duration elapsed;

    private ExperimentResult(Builder b) {
        this.experiment = b.experiment;
        this.params = b.params;
        Table t = b.table;
        if (!t.columnNames().contains("seed")) t.addColumns(LongColumn.create("seed", t.rowCount()).setMissingTo(params.seed()));
        t.setName(experiment + " [" + params + "]");
        this.table = t;
        this.plots = List.copyOf(b.plots);
        this.checks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.checks)); // in the order computed
        this.elapsed = Duration.ofNanos(System.nanoTime() - b.startNanos);
    }

    public String experiment() { return experiment; }

    public Params params() { return params; }

    public long seed() { return params.seed(); }

    /** The observations (shared, not copied: copy before modifying). */
    public Table table() { return table; }

    /** The first plot. */
    public Figure plot() {
        if (plots.isEmpty()) throw new IllegalStateException(experiment + " declares no plot");
        return Plots.figure(table, plots.get(0));
    }

    public List<Figure> plots() {
        List<Figure> out = new ArrayList<>();
        for (PlotSpec s : plots) out.add(Plots.figure(table, s));
        return out;
    }

    public List<PlotSpec> plotSpecs() { return plots; }

    /** Named numerical checks computed during the run, e.g. "max |theory - simulation|". */
    public Map<String, Double> checks() { return checks; }

    public Duration elapsed() { return elapsed; }

    /** The parameters as a two-column table (name, value). */
    public Table parameters() {
        StringColumn n = StringColumn.create("parameter"), v = StringColumn.create("value");
        params.asText().forEach((k, val) -> { n.append(k); v.append(val); });
        return Table.create(experiment + " parameters", n, v);
    }

    /** One paragraph: experiment, parameters, rows, checks, time. */
    public String summary() {
        StringBuilder sb = new StringBuilder(experiment).append(" [").append(params).append("]: ")
                .append(table.rowCount()).append(" rows");
        checks.forEach((k, v) -> sb.append("; ").append(k).append(" = ").append(String.format(java.util.Locale.ROOT, "%.3g", v)));
        sb.append(String.format(java.util.Locale.ROOT, "; %.2f s", elapsed.toNanos() / 1e9));
        return sb.toString();
    }

    @Override public String toString() {
        return summary();
    }

    /** Starts a result; its {@link #elapsed()} time counts from here, so experiments create it first thing in run. */
    public static Builder builder(String experiment, Params params) {
        return new Builder(experiment, params);
    }

    public static final class Builder {
        private final String experiment;
        private final Params params;
        private final long startNanos = System.nanoTime();
        private Table table;
        private final List<PlotSpec> plots = new ArrayList<>();
        private final Map<String, Double> checks = new LinkedHashMap<>();

        private Builder(String experiment, Params params) {
            this.experiment = experiment;
            this.params = params;
        }

        public Builder table(Table table) { this.table = table; return this; }

        public Builder plot(PlotSpec spec) { plots.add(spec); return this; }

        public Builder check(String name, double value) { checks.put(name, value); return this; }

        public ExperimentResult build() {
            if (table == null) throw new IllegalStateException("result of " + experiment + " has no table");
            return new ExperimentResult(this);
        }
    }
}
