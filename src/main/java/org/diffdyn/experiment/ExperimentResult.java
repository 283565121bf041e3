package org.diffdyn.experiment;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.diffdyn.core.ParameterException;
import org.diffdyn.plot.FigureFiles;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.plot.Plots;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * What an experiment returns: a tidy {@link Table} (one row per observation, theory and simulation in separate
 * columns, the seed in a column and all parameters in the table name), named plots to draw from it
 * ({@code r.plot("variance")}), and keyed agreement checks ({@code r.check("slope.one-layer.geometric.increase")})
 * with a human label and, where the spec gives one, the target or tolerance.
 */
public final class ExperimentResult {
    /** One check: a stable key, a human label, the value and the target or tolerance (null when none is known). */
    public record Check(String key, String label, double value, String target) {}

    private final String experiment;
    private final Params params;
    private final Table table;
    private final Map<String, PlotSpec> plots;
    private final Map<String, Check> checks;
    private final Duration elapsed;

    private ExperimentResult(Builder b) {
        this.experiment = b.experiment;
        this.params = b.params;
        this.table = b.table;
        if (!table.columnNames().contains("seed"))
            table.addColumns(LongColumn.create("seed", table.rowCount()).setMissingTo(params.seed()));
        table.setName(experiment + " [" + params + "]");
        this.plots = Collections.unmodifiableMap(new LinkedHashMap<>(b.plots));
        this.checks = Collections.unmodifiableMap(new LinkedHashMap<>(b.checks)); // in the order computed
        this.elapsed = Duration.ofNanos(System.nanoTime() - b.startNanos);
    }

    public String experiment() {
        return experiment;
    }

    public Params params() {
        return params;
    }

    public long seed() {
        return params.seed();
    }

    /** The observations (shared, not copied: copy before modifying). */
    public Table table() {
        return table;
    }

    /** The first plot. */
    public Figure plot() {
        return Plots.figure(table, firstPlot());
    }

    private PlotSpec firstPlot() {
        if (plots.isEmpty()) throw new IllegalStateException(experiment + " declares no plot");
        return plots.values().iterator().next();
    }

    /** The plot of that name, or a {@link ParameterException} listing the names. */
    public Figure plot(String name) {
        return Plots.figure(table, plotSpec(name));
    }

    /** The specification of the plot of that name. */
    public PlotSpec plotSpec(String name) {
        return find(plots, "plot", name, "declares no plot");
    }

    /** The entry of {@code m} (plots or checks) with that key, or a {@link ParameterException} listing the keys. */
    private <V> V find(Map<String, V> m, String what, String key, String none) {
        V v = m.get(key);
        if (v != null) return v;
        String of = "one of the " + what + "s of " + experiment + ": " + String.join(", ", m.keySet());
        throw new ParameterException(what, key, m.isEmpty() ? "(" + experiment + " " + none + ")" : of);
    }

    /** The plot names in the order declared. */
    public List<String> plotNames() {
        return List.copyOf(plots.keySet());
    }

    /** All plots in the order declared (prefer {@link #plot(String)}: names are stable, positions are not). */
    public List<Figure> plots() {
        List<Figure> out = new ArrayList<>();
        for (PlotSpec s : plots.values()) out.add(Plots.figure(table, s));
        return out;
    }

    public List<PlotSpec> plotSpecs() {
        return List.copyOf(plots.values());
    }

    /** Writes the first plot as a figure for papers: {@code "fig.svg"}, {@code "fig.png"} or {@code "fig.pdf"}. */
    public Path save(String file) {
        return FigureFiles.write(table, firstPlot(), Paths.get(file));
    }

    /** Writes the plot named {@code plot} (see {@link #plotNames()}) as SVG, PNG or PDF, by the file's extension. */
    public Path save(String plot, String file) {
        return FigureFiles.write(table, plotSpec(plot), Paths.get(file));
    }

    /** Writes every plot as {@code DIR/EXPERIMENT.PLOT.svg}, {@code .png} and {@code .pdf}; returns the files. */
    public List<Path> saveAll(Path dir) {
        List<Path> out = new ArrayList<>();
        plots.forEach((name, spec) -> {
            for (FigureFiles.Format f : FigureFiles.Format.values())
                out.add(FigureFiles.write(table, spec, dir.resolve(experiment + "." + name + "." + f.extension())));
        });
        return out;
    }

    /** Check values by key, in the order computed. */
    public Map<String, Double> checks() {
        Map<String, Double> m = new LinkedHashMap<>();
        checks.forEach((k, c) -> m.put(k, c.value()));
        return Collections.unmodifiableMap(m);
    }

    /** The value of the check with that key, or a {@link ParameterException} listing the keys. */
    public double check(String key) {
        return checkRecord(key).value();
    }

    /** The full check (key, label, value, target) with that key. */
    public Check checkRecord(String key) {
        return find(checks, "check", key, "computes no check");
    }

    /** The checks in the order computed. */
    public List<Check> checkList() {
        return List.copyOf(checks.values());
    }

    /** The checks as a table: key, label, value, target (empty when no target or tolerance is known). */
    public Table checksTable() {
        Rows rows = Rows.named(experiment + " checks")
                .text("key", "label")
                .reals("value")
                .text("target");
        for (Check c : checks.values()) rows.row(c.key(), c.label(), c.value(), c.target() == null ? "" : c.target());
        return rows.table();
    }

    public Duration elapsed() {
        return elapsed;
    }

    /** The parameters as a two-column table (name, value). */
    public Table parameters() {
        Rows rows = Rows.named(experiment + " parameters").text("parameter", "value");
        params.asText().forEach(rows::row);
        return rows.table();
    }

    /** One paragraph: experiment, parameters, rows, checks, time. */
    public String summary() {
        StringBuilder sb = new StringBuilder(experiment + " [" + params + "]: " + table.rowCount() + " rows");
        for (Check c : checks.values())
            sb.append(String.format(Locale.ROOT, "; %s = %.3g", c.key(), c.value()))
                    .append(c.target() == null ? "" : " (target " + c.target() + ")");
        return sb.append(String.format(Locale.ROOT, "; %.2f s", elapsed.toNanos() / 1e9))
                .toString();
    }

    @Override
    public String toString() {
        return summary();
    }

    /**
     * Starts a result of {@code experiment} run with {@code params}; its {@link #elapsed()} time counts from here.
     * {@link Experiment#run(Params, Progress)} starts it before the experiment's body runs.
     */
    public static Builder builder(Experiment experiment, Params params) {
        return new Builder(experiment.name(), params);
    }

    /** Starts a result of the experiment {@code params} were built for (its builder names it), e.g. in a test. */
    public static Builder builder(Params params) {
        return new Builder(params.experiment() == null ? "experiment" : params.experiment(), params);
    }

    public static final class Builder {
        private final String experiment;
        private final Params params;
        private final long startNanos = System.nanoTime();
        private Table table;
        private final Map<String, PlotSpec> plots = new LinkedHashMap<>();
        private final Map<String, Check> checks = new LinkedHashMap<>();

        private Builder(String experiment, Params params) {
            this.experiment = experiment;
            this.params = params;
        }

        public Builder table(Table table) {
            this.table = table;
            return this;
        }

        /** A named plot; names are lower kebab case ({@code variance}, {@code emergence-times}) and unique. */
        public Builder plot(String name, PlotSpec spec) {
            if (!Names.isKebab(name))
                throw new IllegalArgumentException(experiment + ": plot name '" + name + "' must be lower kebab case");
            if (plots.containsKey(name)) throw new IllegalArgumentException(experiment + ": two plots named " + name);
            plots.put(name, spec);
            return this;
        }

        /** A keyed check: key (dot-separated kebab segments, unique), human label, value. */
        public Builder check(String key, String label, double value) {
            return check(key, label, value, null);
        }

        /** A keyed check with the target or tolerance the spec gives, e.g. {@code "<= 0.05"} or {@code "-1 +- 0.1"}. */
        public Builder check(String key, String label, double value, String target) {
            if (!Names.isCheckKey(key))
                throw new IllegalArgumentException(experiment + ": check key '" + key
                        + "' must be dot-separated lower kebab segments, e.g. slope.one-layer.increase");
            if (checks.putIfAbsent(key, new Check(key, label, value, target)) != null)
                throw new IllegalArgumentException(experiment + ": two checks keyed " + key);
            return this;
        }

        public ExperimentResult build() {
            if (table == null) throw new IllegalStateException("result of " + experiment + " has no table");
            return new ExperimentResult(this);
        }
    }
}
