package org.diffdyn.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.diffdyn.core.Formats;
import org.diffdyn.core.ParameterException;

/**
 * One named, typed, validated experiment parameter with a default and a valid range. The same declaration drives
 * the fluent DSL, the {@code %diffdyn} magics ({@code key=value}), the CLI and {@code describe}.
 *
 * <p>Keys are lower kebab case ({@code ratio-max}); the typed builder's setter for a key is its camelCase
 * ({@code ratioMax}); a choice is an enum whose text form is the constant's name in lower kebab case
 * ({@code TWO_LAYER <-> two-layer}); see {@link Names}.
 *
 * @param <T> the value type: Integer, Long, Double, Boolean, an enum (choices), String (free text) or double[]
 *            (lists)
 */
public final class Param<T> {
    public enum Kind {
        INTEGER,
        SEED,
        REAL,
        FLAG,
        CHOICE,
        REALS,
        TEXT
    }

    private final String name;
    private final Kind kind;
    private final T defaultValue;
    private final double min;
    private final double max;
    private final boolean minExclusive;
    private final List<String> choices;
    private final Class<? extends Enum<?>> enumType; // non-null for enum choices
    private final String description;
    private java.util.function.UnaryOperator<String> textCheck; // TEXT with validation (set once, by the factory)
    private String textRange;

    private Param(
            String name,
            Kind kind,
            T defaultValue,
            double min,
            double max,
            boolean minExclusive,
            List<String> choices,
            String description) {
        this(name, kind, defaultValue, min, max, minExclusive, choices, null, description);
    }

    private Param(
            String name,
            Kind kind,
            T defaultValue,
            double min,
            double max,
            boolean minExclusive,
            List<String> choices,
            Class<? extends Enum<?>> enumType,
            String description) {
        this.name = name;
        this.enumType = enumType;
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.minExclusive = minExclusive;
        this.choices = choices;
        this.description = description;
        this.defaultValue = defaultValue;
        validate(defaultValue); // a declaration whose default is out of range is a programming error
    }

    /** An integer in [min, max]. */
    public static Param<Integer> integer(String name, int def, int min, int max, String description) {
        return new Param<>(name, Kind.INTEGER, def, min, max, false, List.of(), description);
    }

    /** The random seed (any long). */
    public static Param<Long> seed(long def) {
        return new Param<>(
                "seed",
                Kind.SEED,
                def,
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                false,
                List.of(),
                "random seed; the same seed and parameters give the same table on every run");
    }

    /** A finite real in [min, max]. */
    public static Param<Double> real(String name, double def, double min, double max, String description) {
        return new Param<>(name, Kind.REAL, def, min, max, false, List.of(), description);
    }

    /** A finite real in (min, max]: use for quantities that must be strictly positive (min = 0). */
    public static Param<Double> realAbove(String name, double def, double min, double max, String description) {
        return new Param<>(name, Kind.REAL, def, min, max, true, List.of(), description);
    }

    public static Param<Boolean> flag(String name, boolean def, String description) {
        return new Param<>(name, Kind.FLAG, def, 0, 1, false, List.of(), description);
    }

    /**
     * A choice among the constants of {@code def}'s enum. Its text form (magics, CLI, tables) is the constant's name in
     * lower kebab case ({@code TWO_LAYER <-> "two-layer"}); parsing ignores case and accepts '_' for '-'.
     */
    public static <E extends Enum<E>> Param<E> choice(String key, E def, String description) {
        if (def == null) throw new IllegalArgumentException(key + ": the default of a choice cannot be null");
        Class<E> type = def.getDeclaringClass();
        List<String> texts = java.util.Arrays.stream(type.getEnumConstants())
                .map(Names::kebab)
                .toList();
        return new Param<>(key, Kind.CHOICE, def, 0, 0, false, texts, type, description);
    }

    /** Free text (e.g. a data source or a label); any string, not null. */
    public static Param<String> text(String key, String def, String description) {
        return new Param<>(key, Kind.TEXT, def, 0, 0, false, List.of(), description);
    }

    /**
     * Free text validated by {@code check}, which returns the accepted (normalised) text or throws a
     * ParameterException naming what is wrong (e.g. a data source: {@code check = DataSource::parse}, as text).
     *
     * @param range the valid forms in words, for describe and error messages
     */
    public static Param<String> text(
            String key, String def, String description, String range, java.util.function.UnaryOperator<String> check) {
        Param<String> p = new Param<>(key, Kind.TEXT, def, 0, 0, false, List.of(), description);
        p.textRange = range;
        p.textCheck = check;
        p.validate(def);
        return p;
    }

    /** A non-empty comma-separated list of reals, each in (min, max] or [min, max]. */
    public static Param<double[]> reals(
            String name, double[] def, double min, double max, boolean minExclusive, String description) {
        return new Param<>(name, Kind.REALS, def, min, max, minExclusive, List.of(), description);
    }

    /** The key (lower kebab case), as used by magics and the CLI. */
    public String key() {
        return name;
    }

    /** The key; pre-v2 name of {@link #key()}. */
    public String name() {
        return name;
    }

    /** The typed builder's setter name for this key (camelCase): {@code ratio-max -> ratioMax}. */
    public String setterName() {
        return Names.camel(name);
    }

    /** The enum of a choice, or null for other kinds. */
    public Class<? extends Enum<?>> enumType() {
        return enumType;
    }

    public Kind kind() {
        return kind;
    }

    public T defaultValue() {
        return defaultValue instanceof double[] ? cast(((double[]) defaultValue).clone()) : defaultValue;
    }

    public String description() {
        return description;
    }

    /** The valid text forms of a choice (kebab case for enums), empty for other kinds. */
    public List<String> choices() {
        return choices;
    }

    /** The valid range in words, as shown by describe and in error messages. */
    public String range() {
        switch (kind) {
            case INTEGER:
                return "an integer in [" + (long) min + ", " + (long) max + "]";
            case SEED:
                return "any integer (64-bit)";
            case REAL:
                return "a number in " + interval();
            case FLAG:
                return "true or false";
            case CHOICE:
                return "one of " + String.join(", ", choices);
            case REALS:
                return "a comma-separated list of numbers, each in " + interval();
            case TEXT:
                return textRange != null ? textRange : "any text";
            default:
                throw new AssertionError(kind);
        }
    }

    private String interval() {
        return (minExclusive ? "(" : "[") + fmt(min) + ", " + fmt(max) + "]";
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%g", v).replaceAll("0+e", "e").replaceAll("\\.e", "e");
    }

    /** Text form of a value (for tables, describe and CLI round trips). */
    public String format(Object value) {
        if (value instanceof double[] v) return Formats.csv(v);
        if (value instanceof Enum<?> e) return Names.kebab(e);
        return String.valueOf(value);
    }

    /** Parses the text form (from a magic or the CLI) and validates it. */
    public T parse(String text) {
        String s = text == null ? "" : text.trim();
        try {
            switch (kind) {
                case INTEGER:
                    return validate(cast(Integer.valueOf(parseWhole(s))));
                case SEED:
                    return validate(cast(Long.valueOf(Long.parseLong(s))));
                case REAL:
                    return validate(cast(Double.valueOf(Double.parseDouble(s))));
                case FLAG:
                    if (s.equalsIgnoreCase("true") || s.equals("1") || s.equalsIgnoreCase("yes"))
                        return cast(Boolean.TRUE);
                    if (s.equalsIgnoreCase("false") || s.equals("0") || s.equalsIgnoreCase("no"))
                        return cast(Boolean.FALSE);
                    throw new NumberFormatException();
                case CHOICE:
                    return validate(s);
                case TEXT:
                    return validate(text == null ? "" : text);
                case REALS:
                    String[] parts = s.split("[,\\s]+");
                    double[] v = new double[parts.length];
                    for (int i = 0; i < parts.length; i++) v[i] = Double.parseDouble(parts[i]);
                    return validate(cast(v));
                default:
                    throw new AssertionError(kind);
            }
        } catch (NumberFormatException e) {
            throw new ParameterException(name, text, range());
        }
    }

    private static int parseWhole(String s) {
        // Accept 1e3-style integers as long as they are whole.
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            double d = Double.parseDouble(s);
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw e;
            return (int) d;
        }
    }

    /** Validates a value given programmatically (DSL) and returns it converted to T. */
    public T validate(Object value) {
        if (value == null) throw new ParameterException(name, null, range());
        switch (kind) {
            case INTEGER: {
                if (!(value instanceof Number)
                        || ((Number) value).doubleValue() != Math.rint(((Number) value).doubleValue()))
                    throw new ParameterException(name, value, range());
                long v = ((Number) value).longValue();
                if (v < min || v > max) throw new ParameterException(name, value, range());
                return cast(Integer.valueOf((int) v));
            }
            case SEED:
                if (!(value instanceof Long || value instanceof Integer))
                    throw new ParameterException(name, value, range());
                return cast(Long.valueOf(((Number) value).longValue()));
            case REAL: {
                if (!(value instanceof Number)) throw new ParameterException(name, value, range());
                double v = ((Number) value).doubleValue();
                if (!inInterval(v)) throw new ParameterException(name, value, range());
                return cast(Double.valueOf(v));
            }
            case FLAG:
                if (!(value instanceof Boolean)) throw new ParameterException(name, value, range());
                return cast(value);
            case CHOICE: {
                if (enumType.isInstance(value)) return cast(value);
                if (value instanceof String str) { // text form, as the generic builder may pass it
                    String t = str.trim().toLowerCase(Locale.ROOT).replace('_', '-');
                    for (Enum<?> c : enumType.getEnumConstants())
                        if (Names.kebab(c).equals(t)) return cast(c);
                }
                throw new ParameterException(name, value instanceof Enum<?> e ? Names.kebab(e) : value, range());
            }
            case TEXT:
                if (!(value instanceof String)) throw new ParameterException(name, value, range());
                return cast(textCheck != null ? textCheck.apply((String) value) : value);
            case REALS: {
                if (!(value instanceof double[]) || ((double[]) value).length == 0)
                    throw new ParameterException(name, format(value), range());
                double[] v = ((double[]) value).clone();
                for (int i = 0; i < v.length; i++)
                    if (!inInterval(v[i]))
                        throw new ParameterException(name, format(v), range(), "entry " + i + " = " + v[i]);
                return cast(v);
            }
            default:
                throw new AssertionError(kind);
        }
    }

    private boolean inInterval(double v) {
        if (!Double.isFinite(v)) return false;
        return (minExclusive ? v > min : v >= min) && v <= max;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    @Override
    public String toString() {
        return name + " (" + range() + ", default " + format(defaultValue) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Param && ((Param<?>) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }
}
