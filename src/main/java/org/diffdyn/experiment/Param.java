package org.diffdyn.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
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

    private static final String SEED_DESCRIPTION =
            "random seed; the same seed and parameters give the same table on every run";

    private final String name;
    private final Kind kind;
    private final T defaultValue;
    private final double min;
    private final double max;
    private final boolean minExclusive;
    private final Class<? extends Enum<?>> enumType; // non-null for enum choices
    private final String description;
    private UnaryOperator<String> textCheck; // TEXT with validation (set once, by the factory)
    private String textRange;

    private Param(String name, Kind kind, T def, double min, double max, boolean minExclusive, String description) {
        this.name = name;
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.minExclusive = minExclusive;
        this.enumType = def instanceof Enum<?> e ? e.getDeclaringClass() : null;
        this.description = description;
        this.defaultValue = def;
        validate(def); // a declaration whose default is out of range is a programming error
    }

    /** An integer in [min, max]. */
    public static Param<Integer> integer(String name, int def, int min, int max, String description) {
        return new Param<>(name, Kind.INTEGER, def, min, max, false, description);
    }

    /** The random seed (any long). */
    public static Param<Long> seed(long def) {
        return new Param<>("seed", Kind.SEED, def, Long.MIN_VALUE, Long.MAX_VALUE, false, SEED_DESCRIPTION);
    }

    /** A finite real in [min, max]. */
    public static Param<Double> real(String name, double def, double min, double max, String description) {
        return new Param<>(name, Kind.REAL, def, min, max, false, description);
    }

    /** A finite real in (min, max]: use for quantities that must be strictly positive (min = 0). */
    public static Param<Double> realAbove(String name, double def, double min, double max, String description) {
        return new Param<>(name, Kind.REAL, def, min, max, true, description);
    }

    public static Param<Boolean> flag(String name, boolean def, String description) {
        return new Param<>(name, Kind.FLAG, def, 0, 1, false, description);
    }

    /**
     * A choice among the constants of {@code def}'s enum. Its text form (magics, CLI, tables) is the constant's name in
     * lower kebab case ({@code TWO_LAYER <-> "two-layer"}); parsing ignores case and accepts '_' for '-'.
     */
    public static <E extends Enum<E>> Param<E> choice(String key, E def, String description) {
        if (def == null) throw new IllegalArgumentException(key + ": the default of a choice cannot be null");
        return new Param<>(key, Kind.CHOICE, def, 0, 0, false, description);
    }

    /** Free text (e.g. a data source or a label); any string, not null. */
    public static Param<String> text(String key, String def, String description) {
        return new Param<>(key, Kind.TEXT, def, 0, 0, false, description);
    }

    /**
     * Free text validated by {@code check}, which returns the accepted (normalised) text or throws a
     * ParameterException naming what is wrong (e.g. a data source: {@code check = DataSource::parse}, as text).
     *
     * @param range the valid forms in words, for describe and error messages
     */
    public static Param<String> text(
            String key, String def, String description, String range, UnaryOperator<String> check) {
        Param<String> p = text(key, def, description);
        p.textRange = range;
        p.textCheck = check;
        p.validate(def);
        return p;
    }

    /** A non-empty comma-separated list of reals, each in (min, max] or [min, max]. */
    public static Param<double[]> reals(
            String name, double[] def, double min, double max, boolean minExclusive, String description) {
        return new Param<>(name, Kind.REALS, def, min, max, minExclusive, description);
    }

    /**
     * The same parameter (key, kind, range, description, validation) with another default: one declaration of a shared
     * key, whose default alone differs between experiments.
     */
    public Param<T> withDefault(T def) {
        return withDefault(def, description);
    }

    /** The same parameter (key, kind, range, validation) with another default and description. */
    public Param<T> withDefault(T def, String description) {
        Param<T> p = new Param<>(name, kind, def, min, max, minExclusive, description);
        p.textRange = textRange;
        p.textCheck = textCheck;
        p.validate(def);
        return p;
    }

    /** The key (lower kebab case), as used by magics and the CLI. */
    public String key() {
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
        return defaultValue instanceof double[] v ? cast(v.clone()) : defaultValue;
    }

    public String description() {
        return description;
    }

    /** The valid text forms of a choice (kebab case for enums), empty for other kinds. */
    public List<String> choices() {
        return enumType == null
                ? List.of()
                : Arrays.stream(enumType.getEnumConstants()).map(Names::kebab).toList();
    }

    /** The valid range in words, as shown by describe and in error messages. */
    public String range() {
        return switch (kind) {
            case INTEGER -> "an integer in [" + (long) min + ", " + (long) max + "]";
            case SEED -> "any integer (64-bit)";
            case REAL -> "a number in " + interval();
            case FLAG -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices());
            case REALS -> "a comma-separated list of numbers, each in " + interval();
            case TEXT -> textRange != null ? textRange : "any text";
        };
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
            return switch (kind) {
                case INTEGER -> validate(parseWhole(s));
                case SEED -> validate(Long.parseLong(s));
                case REAL -> validate(Double.parseDouble(s));
                case FLAG -> {
                    if (List.of("true", "1", "yes").stream().anyMatch(s::equalsIgnoreCase)) yield validate(true);
                    if (List.of("false", "0", "no").stream().anyMatch(s::equalsIgnoreCase)) yield validate(false);
                    throw new NumberFormatException();
                }
                case CHOICE -> validate(s);
                case TEXT -> validate(text == null ? "" : text);
                case REALS -> validate(Arrays.stream(s.split("[,\\s]+"))
                        .mapToDouble(Double::parseDouble)
                        .toArray());
            };
        } catch (NumberFormatException e) {
            throw new ParameterException(name, text, range());
        }
    }

    /** An integer, also in 1e3 form as long as it is whole. */
    private static int parseWhole(String s) {
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
        if (value == null) throw invalid(null);
        Object v =
                switch (kind) {
                    case INTEGER -> value instanceof Number n
                                    && n.doubleValue() == Math.rint(n.doubleValue())
                                    && n.longValue() >= min
                                    && n.longValue() <= max
                            ? (int) n.longValue()
                            : null;
                    case SEED -> value instanceof Long || value instanceof Integer
                            ? ((Number) value).longValue()
                            : null;
                    case REAL -> value instanceof Number n && inInterval(n.doubleValue()) ? n.doubleValue() : null;
                    case FLAG -> value instanceof Boolean ? value : null;
                    case CHOICE -> choice(value);
                    case TEXT -> value instanceof String ? value : null;
                    case REALS -> reals(value);
                };
        if (v == null) throw invalid(value);
        return cast(textCheck != null ? textCheck.apply((String) v) : v);
    }

    /** The constant a choice value names: the constant itself or its text form (as the generic builder may pass). */
    private Enum<?> choice(Object value) {
        if (enumType.isInstance(value)) return (Enum<?>) value;
        if (value instanceof String str) {
            String t = str.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Enum<?> c : enumType.getEnumConstants()) if (Names.kebab(c).equals(t)) return c;
        }
        throw invalid(value instanceof Enum<?> e ? Names.kebab(e) : value);
    }

    private double[] reals(Object value) {
        if (!(value instanceof double[] a) || a.length == 0) throw new ParameterException(name, format(value), range());
        for (int i = 0; i < a.length; i++)
            if (!inInterval(a[i])) throw new ParameterException(name, format(a), range(), "entry " + i + " = " + a[i]);
        return a.clone();
    }

    private ParameterException invalid(Object value) {
        return new ParameterException(name, value, range());
    }

    private boolean inInterval(double v) {
        return Double.isFinite(v) && (minExclusive ? v > min : v >= min) && v <= max;
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object o) {
        return (T) o;
    }

    @Override
    public String toString() {
        return name + " (" + range() + ", default " + format(defaultValue) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Param<?> p && p.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }
}
