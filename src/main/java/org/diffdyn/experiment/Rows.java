package org.diffdyn.experiment;

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
    public Rows add(Object... columnValuePairs) {
        if (columnValuePairs.length % 2 != 0) throw new IllegalArgumentException("add takes column, value pairs");
        for (int i = 0; i < columnValuePairs.length; i += 2) {
            Column<?> c = columns.get((String) columnValuePairs[i]);
            if (c == null)
                throw new IllegalArgumentException(
                        name + " has no column " + columnValuePairs[i] + " (columns: " + columns.keySet() + ")");
            if (c.size() != rows)
                throw new IllegalArgumentException(name + ": column " + c.name() + " named twice in one row");
            Object v = columnValuePairs[i + 1];
            if (c instanceof DoubleColumn d) d.append(((Number) v).doubleValue());
            else if (c instanceof IntColumn n) n.append(((Number) v).intValue());
            else ((StringColumn) c).append(String.valueOf(v));
        }
        rows++;
        for (Column<?> c : columns.values()) if (c.size() < rows) c.appendMissing();
        return this;
    }

    /**
     * The named columns, for rows given by position: {@code rows.columns("k", "tau", "theory").add(k, t, v)} is
     * {@code rows.add("k", k, "tau", t, "theory", v)}.
     */
    public Adder columns(String... names) {
        return new Adder(names);
    }

    /** Adds one row with a value for every column, in declaration order. */
    public Rows row(Object... values) {
        columns(columns.keySet().toArray(new String[0])).add(values);
        return this;
    }

    /** Adds rows whose values are given in the order of its column names (the other columns missing). */
    public final class Adder {
        private final String[] names;

        private Adder(String[] names) {
            for (String n : names)
                if (!columns.containsKey(n))
                    throw new IllegalArgumentException(
                            name + " has no column " + n + " (columns: " + columns.keySet() + ")");
            this.names = names.clone();
        }

        public Adder add(Object... values) {
            if (values.length != names.length)
                throw new IllegalArgumentException(
                        name + ": " + values.length + " values for the " + names.length + " columns " + List.of(names));
            Object[] pairs = new Object[2 * names.length];
            for (int i = 0; i < names.length; i++) {
                pairs[2 * i] = names[i];
                pairs[2 * i + 1] = values[i];
            }
            Rows.this.add(pairs);
            return this;
        }
    }

    public int rowCount() {
        return rows;
    }

    /** The table (the columns in declaration order). */
    public Table table() {
        return Table.create(name, columns.values().toArray(new Column<?>[0]));
    }
}
