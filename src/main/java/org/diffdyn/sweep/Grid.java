package org.diffdyn.sweep;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.diffdyn.core.ParameterException;

/**
 * The text form of one sweep axis, as written in {@code %diffdyn sweep} and on the command line after {@code key=}:
 * <ul>
 *   <li>{@code 50,100,200} — a list (one value: a fixed parameter);</li>
 *   <li>{@code 1..20} — the integers 1, 2, …, 20; {@code 0..1:0.25} — from 0 to 1 in steps of 0.25 (end included
 *       when hit within rounding);</li>
 *   <li>{@code log:100..10000:9} — 9 values spaced evenly in log from 100 to 10000, both included; when both ends are
 *       written as integers the values are rounded to integers (repeats after rounding dropped);</li>
 *   <li>{@code lin:0..1:5} — 5 evenly spaced values from 0 to 1, both included (never rounded to integers);</li>
 *   <li>{@code [1,2,5]} — one value that itself contains commas (a list-valued parameter held fixed).</li>
 * </ul>
 * Non-integer values of log: and lin: grids are rounded to 6 significant digits. Values stay text here; the experiment's declared parameter parses and validates each one.
 */
public final class Grid {
    /** The forms in words, for error messages. */
    public static final String FORMS = "a list v1,v2,..., an integer range a..b, a stepped range a..b:step, "
            + "log:a..b:n (n log-spaced values), lin:a..b:n (n evenly spaced values) or [v1,v2,...] (one list value)";

    /** Largest number of values one axis may expand to (guards against typos such as 1..1e9). */
    public static final int MAX_VALUES = 1_000_000;

    private Grid() {}

    /** The values of one axis written as text, e.g. {@code parse("n", "log:100..10000:9")}. */
    public static List<String> parse(String key, String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) throw new ParameterException(key, "(empty)", FORMS);
        if (s.startsWith("[")) {
            if (!s.endsWith("]") || s.length() < 3)
                throw new ParameterException(
                        key, s, FORMS, "an opening '[' needs a closing ']' around a non-empty list");
            return List.of(s.substring(1, s.length() - 1).strip());
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("log:")) return spaced(key, s, s.substring(4), true);
        if (lower.startsWith("lin:")) return spaced(key, s, s.substring(4), false);
        if (s.contains("..")) return range(key, s);
        List<String> out = new ArrayList<>();
        for (String v : s.split(",", -1)) {
            String t = v.strip();
            if (t.isEmpty()) throw new ParameterException(key, s, FORMS, "empty value in the list");
            out.add(t);
        }
        return out;
    }

    /** {@code a..b} or {@code a..b:step}. */
    private static List<String> range(String key, String s) {
        String body = s;
        String stepText = null;
        int colon = s.lastIndexOf(':');
        if (colon > s.indexOf("..")) {
            body = s.substring(0, colon);
            stepText = s.substring(colon + 1).strip();
        }
        String[] ends = ends(key, s, body);
        if (stepText == null) {
            long a = integer(key, s, ends[0]), b = integer(key, s, ends[1]);
            if (b < a) throw new ParameterException(key, s, FORMS, "the range a..b needs a <= b");
            check(key, s, b - a + 1);
            List<String> out = new ArrayList<>();
            for (long v = a; v <= b; v++) out.add(Long.toString(v));
            return out;
        }
        BigDecimal a = decimal(key, s, ends[0]), b = decimal(key, s, ends[1]), step = decimal(key, s, stepText);
        if (step.signum() <= 0) throw new ParameterException(key, s, FORMS, "the step must be positive");
        if (b.compareTo(a) < 0) throw new ParameterException(key, s, FORMS, "the range a..b:step needs a <= b");
        // Exact decimal arithmetic: 0..1:0.1 gives 0, 0.1, ..., 1 with no rounding drift.
        BigDecimal count =
                b.subtract(a).divide(step, 0, java.math.RoundingMode.FLOOR).add(BigDecimal.ONE);
        if (count.compareTo(BigDecimal.valueOf(MAX_VALUES)) > 0) check(key, s, MAX_VALUES + 1L);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count.intValue(); i++) out.add(plain(a.add(step.multiply(BigDecimal.valueOf(i)))));
        return out;
    }

    /** {@code a..b:n} spaced evenly in log (log = true) or linearly. */
    private static List<String> spaced(String key, String s, String spec, boolean log) {
        int colon = spec.lastIndexOf(':');
        if (colon < 0)
            throw new ParameterException(key, s, FORMS, (log ? "log" : "lin") + ":a..b:n needs the number of values n");
        String[] ends = ends(key, s, spec.substring(0, colon));
        long n = integer(key, s, spec.substring(colon + 1));
        if (n < 2) throw new ParameterException(key, s, FORMS, "n must be at least 2");
        check(key, s, n);
        double a = real(key, s, ends[0]), b = real(key, s, ends[1]);
        if (log && (a <= 0 || b <= 0)) throw new ParameterException(key, s, FORMS, "log-spaced ends must be positive");
        boolean integers = log && isInteger(ends[0]) && isInteger(ends[1]);
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (long i = 0; i < n; i++) {
            double f = (double) i / (n - 1);
            double v = i == n - 1 ? b : log ? Math.exp(Math.log(a) + f * (Math.log(b) - Math.log(a))) : a + f * (b - a);
            if (i == 0) v = a;
            out.add(integers ? Long.toString(Math.round(v)) : shortest(v));
        }
        return new ArrayList<>(out);
    }

    private static String[] ends(String key, String s, String body) {
        int dots = body.indexOf("..");
        if (dots < 0) throw new ParameterException(key, s, FORMS, "missing '..' between the ends");
        String a = body.substring(0, dots).strip(), b = body.substring(dots + 2).strip();
        if (a.isEmpty() || b.isEmpty()) throw new ParameterException(key, s, FORMS, "a range needs both ends");
        return new String[] {a, b};
    }

    private static void check(String key, String s, long count) {
        if (count > MAX_VALUES)
            throw new ParameterException(key, s, FORMS, "expands to " + count + " values, more than " + MAX_VALUES);
    }

    private static boolean isInteger(String t) {
        return t.strip().matches("[+-]?\\d+");
    }

    private static long integer(String key, String s, String t) {
        if (!isInteger(t)) throw new ParameterException(key, s, FORMS, "'" + t.strip() + "' is not an integer");
        try {
            return Long.parseLong(t.strip());
        } catch (NumberFormatException e) {
            throw new ParameterException(key, s, FORMS, "'" + t.strip() + "' is out of range");
        }
    }

    private static double real(String key, String s, String t) {
        try {
            double v = Double.parseDouble(t.strip());
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new ParameterException(key, s, FORMS, "'" + t.strip() + "' is not a finite number");
    }

    private static BigDecimal decimal(String key, String s, String t) {
        try {
            return new BigDecimal(t.strip());
        } catch (NumberFormatException e) {
            throw new ParameterException(key, s, FORMS, "'" + t.strip() + "' is not a number");
        }
    }

    private static String plain(BigDecimal v) {
        String t = v.stripTrailingZeros().toPlainString();
        return t.equals("-0") ? "0" : t;
    }

    /** A grid value rounded to 6 significant digits (177.828, not 177.82794100389228): the run uses this value. */
    static String shortest(double v) {
        if (v == 0) return "0";
        return plainIfShort(new BigDecimal(v)
                .round(new java.math.MathContext(6))
                .stripTrailingZeros()
                .toString());
    }

    private static String plainIfShort(String t) {
        String plain = new BigDecimal(t).toPlainString();
        return plain.length() <= 12 ? plain : t;
    }
}
