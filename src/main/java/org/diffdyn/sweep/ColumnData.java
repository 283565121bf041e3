package org.diffdyn.sweep;

import java.io.Serializable;
import java.util.Arrays;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.columns.Column;

/**
 * One table column in a form that serializes compactly and identically on every engine (Tablesaw tables are not
 * {@link Serializable}). Doubles (and floats), ints (and shorts), longs and booleans keep their type; every other
 * column travels as text.
 */
public final class ColumnData implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The column types a sweep table distinguishes. */
    public enum Kind {
        DOUBLE,
        INT,
        LONG,
        BOOLEAN,
        STRING
    }

    private final String name;
    private final Kind kind;
    private final Object values; // double[], int[], long[], byte[] (1, 0, -1 = missing) or String[]

    private ColumnData(String name, Kind kind, Object values) {
        this.name = name;
        this.kind = kind;
        this.values = values;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public int size() {
        switch (kind) {
            case DOUBLE:
                return ((double[]) values).length;
            case INT:
                return ((int[]) values).length;
            case LONG:
                return ((long[]) values).length;
            case BOOLEAN:
                return ((byte[]) values).length;
            default:
                return ((String[]) values).length;
        }
    }

    /**
     * Copies a Tablesaw column. Types are told apart by the column's class, not by {@code ColumnType} identity: the
     * {@code ColumnType} constants can end up as second instances when Tablesaw's classes initialise in an unusual
     * order (seen in a test JVM), so {@code c.type() == ColumnType.DOUBLE} is not reliable.
     */
    public static ColumnData of(Column<?> c) {
        int n = c.size();
        if (c instanceof DoubleColumn) return new ColumnData(c.name(), Kind.DOUBLE, ((DoubleColumn) c).asDoubleArray());
        if (c instanceof FloatColumn) {
            FloatColumn f = (FloatColumn) c;
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = f.isMissing(i) ? Double.NaN : f.getFloat(i);
            return new ColumnData(c.name(), Kind.DOUBLE, v);
        }
        if (c instanceof IntColumn) return new ColumnData(c.name(), Kind.INT, ((IntColumn) c).asIntArray());
        if (c instanceof ShortColumn) {
            ShortColumn s = (ShortColumn) c;
            int[] v = new int[n];
            for (int i = 0; i < n; i++) v[i] = s.isMissing(i) ? Integer.MIN_VALUE : s.getShort(i);
            return new ColumnData(c.name(), Kind.INT, v);
        }
        if (c instanceof LongColumn) return new ColumnData(c.name(), Kind.LONG, ((LongColumn) c).asLongArray());
        if (c instanceof BooleanColumn) {
            BooleanColumn b = (BooleanColumn) c;
            byte[] v = new byte[n];
            for (int i = 0; i < n; i++) v[i] = b.isMissing(i) ? (byte) -1 : b.get(i) ? (byte) 1 : (byte) 0;
            return new ColumnData(c.name(), Kind.BOOLEAN, v);
        }
        String[] v = new String[n];
        for (int i = 0; i < n; i++) v[i] = c.isMissing(i) ? "" : c.getString(i);
        return new ColumnData(c.name(), Kind.STRING, v);
    }

    /** Whether row {@code i} is missing. */
    public boolean isMissing(int i) {
        switch (kind) {
            case DOUBLE:
                return Double.isNaN(((double[]) values)[i]);
            case INT:
                return ((int[]) values)[i] == Integer.MIN_VALUE;
            case LONG:
                return ((long[]) values)[i] == Long.MIN_VALUE;
            case BOOLEAN:
                return ((byte[]) values)[i] < 0;
            default:
                return ((String[]) values)[i].isEmpty();
        }
    }

    public double getDouble(int i) {
        switch (kind) {
            case DOUBLE:
                return ((double[]) values)[i];
            case INT:
                return isMissing(i) ? Double.NaN : ((int[]) values)[i];
            case LONG:
                return isMissing(i) ? Double.NaN : ((long[]) values)[i];
            case BOOLEAN:
                return isMissing(i) ? Double.NaN : ((byte[]) values)[i];
            default:
                throw new IllegalStateException("column '" + name + "' holds text");
        }
    }

    public int getInt(int i) {
        return ((int[]) values)[i];
    }

    public long getLong(int i) {
        if (kind == Kind.INT) return isMissing(i) ? Long.MIN_VALUE : ((int[]) values)[i];
        return ((long[]) values)[i];
    }

    /** 1, 0, or -1 when missing. */
    public byte getBoolean(int i) {
        return ((byte[]) values)[i];
    }

    public String getString(int i) {
        if (isMissing(i)) return "";
        switch (kind) {
            case DOUBLE:
                return Double.toString(((double[]) values)[i]);
            case INT:
                return Integer.toString(((int[]) values)[i]);
            case LONG:
                return Long.toString(((long[]) values)[i]);
            case BOOLEAN:
                return ((byte[]) values)[i] == 1 ? "true" : "false";
            default:
                return ((String[]) values)[i];
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ColumnData)) return false;
        ColumnData c = (ColumnData) o;
        if (!name.equals(c.name) || kind != c.kind) return false;
        switch (kind) {
            case DOUBLE:
                return Arrays.equals((double[]) values, (double[]) c.values);
            case INT:
                return Arrays.equals((int[]) values, (int[]) c.values);
            case LONG:
                return Arrays.equals((long[]) values, (long[]) c.values);
            case BOOLEAN:
                return Arrays.equals((byte[]) values, (byte[]) c.values);
            default:
                return Arrays.equals((String[]) values, (String[]) c.values);
        }
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + kind.hashCode();
    }
}
