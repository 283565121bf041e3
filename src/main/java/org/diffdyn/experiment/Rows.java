package org.diffdyn.experiment;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Builds a tidy result table row by row: declare the columns once (in display order), then add each row as
 * {@code column, value} pairs; every column a row does not name is missing in that row. This replaces the
 * per-experiment pattern of one {@code appendMissing()} per absent column.
 *
 * <pre>{@code
 * Rows rows = Rows.named("my-exp").integers("mode").reals("lambda", "tau", "theory", "tau_star");
 * rows.add("mode", k, "lambda", l, "tau", t, "theory", v);   // tau_star missing
 * rows.columns("mode", "lambda", "tau", "theory").add(k, l, t, v);   // the same row, values by position
 * rows.columnsExcept("tau_star").add(k, l, t, v);                    // the same again
 * Table t = rows.table();
 * }</pre>
 */
public final class Rows {
    private final String name;
    private final Map<String, Column<?>> columns = new LinkedHashMap<>();
    private int rows;

    private Rows(String name) {
        this.name = name;
    }

    public static Rows named(String name) {
        return new Rows(name);
    }

    /** Text columns. */
    public Rows text(String... names) {
        for (String n : names) declare(StringColumn.create(n));
        return this;
    }

    /** Integer columns. */
    public Rows integers(String... names) {
        for (String n : names) declare(IntColumn.create(n));
        return this;
    }

    /** Real columns. */
    public Rows reals(String... names) {
        for (String n : names) declare(DoubleColumn.create(n));
        return this;
    }

    private void declare(Column<?> c) {
        if (rows > 0) throw new IllegalStateException("declare every column of " + name + " before the first row");
        if (columns.put(c.name(), c) != null)
            throw new IllegalArgumentException(name + ": column " + c.name() + " declared twice");
    }

    /** Adds one row from {@code column, value} pairs; the columns not named are missing in it. */
    public Rows add(Object... pairs) {
        if (pairs.length % 2 != 0) throw new IllegalArgumentException("add takes column, value pairs");
        Column<?>[] cs = new Column<?>[pairs.length / 2];
        Object[] vs = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) cs[i] = column((String) pairs[2 * i]);
        for (int i = 0; i < cs.length; i++) vs[i] = pairs[2 * i + 1];
        return append(cs, vs);
    }

    /**
     * The named columns, for rows given by position: {@code rows.columns("k", "tau", "theory").add(k, t, v)} is
     * {@code rows.add("k", k, "tau", t, "theory", v)}.
     */
    public Adder columns(String... names) {
        return new Adder(names);
    }

    /**
     * Every declared column but {@code names}, in declaration order, for rows given by position (a table with two kinds
     * of row): {@code rows.columnsExcept("rank", "eigenvalue").add(…)}.
     */
    public Adder columnsExcept(String... names) {
        List<Column<?>> skip = Arrays.stream(names).<Column<?>>map(this::column).toList();
        return new Adder(columns.values().stream()
                .filter(c -> !skip.contains(c))
                .map(Column::name)
                .toArray(String[]::new));
    }

    /** Adds one row with a value for every column, in declaration order. */
    public Rows row(Object... values) {
        return append(columns.values().toArray(new Column<?>[0]), values);
    }

    /** Adds rows whose values are given in the order of its column names (the other columns missing). */
    public final class Adder {
        private final Column<?>[] cs;

        private Adder(String[] names) {
            cs = Arrays.stream(names).map(Rows.this::column).toArray(Column<?>[]::new);
        }

        public Adder add(Object... values) {
            append(cs, values);
            return this;
        }
    }

    private Column<?> column(String n) {
        Column<?> c = columns.get(n);
        if (c == null)
            throw new IllegalArgumentException(name + " has no column " + n + " (columns: " + columns.keySet() + ")");
        return c;
    }

    /** One row: the values into their columns (checked first, so a bad row leaves the table as it was). */
    private Rows append(Column<?>[] cs, Object[] vs) {
        if (vs.length != cs.length)
            throw new IllegalArgumentException(name + ": " + vs.length + " values for the " + cs.length + " columns "
                    + Arrays.stream(cs).map(Column::name).toList());
        for (int i = 0; i < cs.length; i++)
            for (int j = 0; j < i; j++)
                if (cs[i] == cs[j])
                    throw new IllegalArgumentException(name + ": column " + cs[i].name() + " named twice in one row");
        for (int i = 0; i < cs.length; i++) {
            if (cs[i] instanceof DoubleColumn d) d.append(((Number) vs[i]).doubleValue());
            else if (cs[i] instanceof IntColumn n) n.append(((Number) vs[i]).intValue());
            else ((StringColumn) cs[i]).append(String.valueOf(vs[i]));
        }
        rows++;
        for (Column<?> c : columns.values()) if (c.size() < rows) c.appendMissing();
        return this;
    }

    public int rowCount() {
        return rows;
    }

    /** The table (the columns in declaration order). */
    public Table table() {
        return Table.create(name, columns.values().toArray(new Column<?>[0]));
    }
}
