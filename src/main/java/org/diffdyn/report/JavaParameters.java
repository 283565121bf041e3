package org.diffdyn.report;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.diffdyn.core.ParameterException;

/**
 * The rules that turn notebook parameters into Java declarations, papermill's way: the cell tagged {@code parameters}
 * holds the defaults, and a cell tagged {@code injected-parameters} placed right after it re-declares the ones given
 * on the command line. JShell lets a later declaration replace an earlier one.
 *
 * <p>One rule set for two callers: {@code diffdyn report -p KEY=VALUE} (this class) and papermill's translator
 * ({@code kernel/papermill_diffdyn.py}, the same rules in Python; {@code PapermillShimTest} checks both write the
 * same text for the same parameters).
 * <ul>
 *   <li>Values are papermill's: {@code null}, a boolean, a whole number, a double, a string, or a list of these.
 *       A command-line text is read as papermill's CLI reads {@code -p}: {@code True}/{@code False}/{@code None},
 *       then a whole number, then a floating-point number, else a string ({@link #resolve}).</li>
 *   <li>A parameter declared in the parameters cell keeps its declared type: {@code double LAMBDA = 0.5;} and
 *       {@code -p LAMBDA=1} give {@code double LAMBDA = 1.0;}. A value that does not fit (1.5 for an {@code int})
 *       is a {@link ParameterException} naming the parameter, the value and the declared type.</li>
 *   <li>Otherwise (undeclared, or declared {@code var}) the type follows the value: boolean, int (long beyond the int
 *       range, with an {@code L}), double, String, {@code Object} for null, {@code java.util.List<E>} for a list.</li>
 *   <li>Doubles are written as Python's {@code repr} writes them (shortest text that reads back to the same double:
 *       {@code 0.1}, {@code 1e-05}, {@code 1e+16}, {@code 32.0}); all of these are valid Java literals.</li>
 * </ul>
 */
public final class JavaParameters {
    private JavaParameters() {}

    /** The comment line papermill puts first in the injected cell. */
    public static final String COMMENT = "Parameters";

    /** A declaration found in a parameters cell: {@code type name = value; // help}. */
    public record Declaration(String name, String type, String value, String help) {}

    // ---------------------------------------------------------------- command-line values (papermill's _resolve_type)

    private static final Pattern INT = Pattern.compile("\\s*[+-]?\\d(?:_?\\d)*\\s*");
    private static final Pattern FLOAT = Pattern.compile(
            "\\s*[+-]?(?:(?:\\d(?:_?\\d)*)?\\.\\d(?:_?\\d)*|\\d(?:_?\\d)*\\.?)(?:[eE][+-]?\\d(?:_?\\d)*)?\\s*");
    private static final Pattern SPECIAL =
            Pattern.compile("\\s*([+-]?)(nan|inf|infinity)\\s*", Pattern.CASE_INSENSITIVE);

    /**
     * A command-line text as papermill's {@code -p} reads it: {@code True}, {@code False}, {@code None}, a whole
     * number (BigInteger), a floating-point number (Double, also nan/inf), otherwise the text itself.
     */
    public static Object resolve(String text) {
        if (text.equals("True")) return Boolean.TRUE;
        if (text.equals("False")) return Boolean.FALSE;
        if (text.equals("None")) return null;
        if (INT.matcher(text).matches())
            return new BigInteger(text.strip().replace("_", "").replace("+", ""));
        if (FLOAT.matcher(text).matches())
            return Double.parseDouble(text.strip().replace("_", ""));
        Matcher m = SPECIAL.matcher(text);
        if (m.matches()) {
            if (m.group(2).equalsIgnoreCase("nan")) return Double.NaN;
            return m.group(1).equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return text;
    }

    // ---------------------------------------------------------------- the parameters cell

    private static final Pattern DECLARATION = Pattern.compile(
            "(?:final\\s+)?(?<type>[A-Za-z_$][\\w$.]*(?:\\s*<[^=]*>)?(?:\\s*\\[\\s*\\])*)\\s+(?<name>[A-Za-z_$][\\w$]*)\\s*=\\s*(?<value>.+)",
            Pattern.DOTALL);

    /**
     * The declarations {@code TYPE NAME = VALUE;} of a parameters cell, in order. Statements end at a {@code ;}
     * outside strings, comments and braces; a {@code //} comment on the line where a statement ends is its help.
     * Other statements (imports, calls) are skipped.
     */
    public static List<Declaration> declarations(String source) {
        List<Declaration> out = new ArrayList<>();
        StringBuilder stmt = new StringBuilder();
        int depth = 0;
        int i = 0, n = source.length();
        List<Integer> pending = new ArrayList<>(); // indexes in out of statements that ended on the current line
        while (i < n) {
            char c = source.charAt(i);
            if (c == '\n') {
                pending.clear();
                stmt.append(c);
                i++;
                continue;
            }
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                int end = source.indexOf('\n', i);
                if (end < 0) end = n;
                String help = source.substring(i + 2, end).strip();
                for (int k : pending) {
                    Declaration d = out.get(k);
                    out.set(k, new Declaration(d.name(), d.type(), d.value(), help));
                }
                pending.clear();
                i = end;
                continue;
            }
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                stmt.append(' ');
                continue;
            }
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n')
                    j += source.charAt(j) == '\\' ? 2 : 1;
                j = Math.min(j + 1, n);
                stmt.append(source, i, j);
                i = j;
                continue;
            }
            if (c == '{' || c == '(' || c == '[') depth++;
            if (c == '}' || c == ')' || c == ']') depth = Math.max(0, depth - 1);
            if (c == ';' && depth == 0) {
                Matcher m = DECLARATION.matcher(stmt.toString().strip());
                if (m.matches()) {
                    pending.add(out.size());
                    out.add(new Declaration(
                            m.group("name"),
                            m.group("type").replaceAll("\\s+", ""),
                            m.group("value").strip(),
                            ""));
                }
                stmt.setLength(0);
                i++;
                continue;
            }
            stmt.append(c);
            i++;
        }
        return out;
    }

    /** Name to declared type of a parameters cell (the last declaration of a name wins). */
    public static Map<String, String> declaredTypes(String source) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Declaration d : declarations(source)) out.put(d.name(), d.type());
        return out;
    }

    // ---------------------------------------------------------------- the injected cell

    /**
     * The injected cell: the comment line, then one declaration per parameter in the order given.
     *
     * @param declared name to type, from the parameters cell ({@link #declaredTypes}); may be empty
     */
    public static String cell(Map<String, ?> parameters, Map<String, String> declared) {
        StringBuilder sb = new StringBuilder("// ").append(COMMENT).append('\n');
        parameters.forEach((name, value) ->
                sb.append(declaration(name, value, declared.get(name))).append('\n'));
        return sb.toString();
    }

    private static final Set<String> KEYWORDS = Set.of(
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "var",
            "record",
            "yield",
            "_");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    /** One declaration {@code TYPE NAME = LITERAL;}; {@code declaredType} null or "var" means: from the value. */
    public static String declaration(String name, Object value, String declaredType) {
        if (!IDENTIFIER.matcher(name).matches() || KEYWORDS.contains(name))
            throw new ParameterException(
                    name,
                    value,
                    "a Java identifier (letters, digits, _ or $, not starting with a digit, not a keyword) as the parameter name");
        String type = declaredType == null || declaredType.equals("var") ? inferredType(name, value) : declaredType;
        return type + " " + name + " = " + literal(name, value, type) + ";";
    }

    private static String inferredType(String name, Object value) {
        if (value == null) return "Object";
        if (value instanceof List) return "java.util.List<" + elementType(name, (List<?>) value) + ">";
        return scalarType(name, value, false);
    }

    private static String scalarType(String name, Object value, boolean boxed) {
        if (value == null) return "Object";
        if (value instanceof Boolean) return boxed ? "Boolean" : "boolean";
        if (isWhole(value)) {
            BigInteger b = whole(value);
            if (b.bitLength() < 32) return boxed ? "Integer" : "int";
            if (b.bitLength() < 64) return boxed ? "Long" : "long";
            throw new ParameterException(
                    name, value, "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
        }
        if (value instanceof Double || value instanceof Float) return boxed ? "Double" : "double";
        if (value instanceof String) return "String";
        throw new ParameterException(name, value, "null, a boolean, a number, a string or a list of these");
    }

    /** The boxed element type of a list: all whole numbers (Integer/Long), numbers (Double), booleans, strings, else Object. */
    private static String elementType(String name, List<?> list) {
        String type = null;
        for (Object v : list) {
            if (v instanceof List || v instanceof Map)
                throw new ParameterException(
                        name, list, "a list of nulls, booleans, numbers or strings (no nested lists or maps)");
            if (v == null) continue;
            String t = scalarType(name, v, true);
            if (type == null || type.equals(t)) type = t;
            else if (Set.of("Integer", "Long", "Double").containsAll(List.of(type, t)))
                type = type.equals("Double") || t.equals("Double") ? "Double" : "Long";
            else type = "Object";
        }
        return type == null ? "Object" : type;
    }

    /** The literal of {@code value} for a variable of Java type {@code type}. */
    static String literal(String name, Object value, String type) {
        String t = type.replaceAll("\\s+", "");
        if (t.endsWith("[]")) {
            String element = t.substring(0, t.length() - 2);
            if (!(value instanceof List)) throw bad(name, value, type);
            List<String> parts = new ArrayList<>();
            for (Object v : (List<?>) value) parts.add(literal(name, v, element));
            return "{" + String.join(", ", parts) + "}";
        }
        Matcher list = Pattern.compile("(?:java\\.util\\.)?List<(.+)>").matcher(t);
        if (list.matches()) {
            if (!(value instanceof List)) throw bad(name, value, type);
            String element = list.group(1);
            List<String> parts = new ArrayList<>();
            for (Object v : (List<?>) value) parts.add(literal(name, v, element));
            return "java.util.List.of(" + String.join(", ", parts) + ")";
        }
        if (value == null) {
            if (Character.isLowerCase(t.charAt(0)) && PRIMITIVES.contains(t)) throw bad(name, null, type);
            return "null";
        }
        switch (t) {
            case "boolean":
            case "Boolean":
                if (value instanceof Boolean) return value.toString();
                if (value instanceof String
                        && (((String) value).equalsIgnoreCase("true") || ((String) value).equalsIgnoreCase("false")))
                    return ((String) value).toLowerCase(Locale.ROOT);
                throw bad(name, value, type);
            case "int":
            case "Integer":
            case "long":
            case "Long":
            case "short":
            case "Short":
            case "byte":
            case "Byte": {
                BigInteger b = integral(value);
                int bits = t.equalsIgnoreCase("long")
                        ? 64
                        : t.startsWith("s") || t.startsWith("S") ? 16 : t.startsWith("b") || t.startsWith("B") ? 8 : 32;
                if (b == null || b.bitLength() >= bits) throw bad(name, value, type);
                String text = b.toString();
                if (bits == 64) return text + "L";
                if (bits < 32) return "(" + t.toLowerCase(Locale.ROOT).replace("integer", "int") + ") " + text;
                return text;
            }
            case "double":
            case "Double":
            case "float":
            case "Float": {
                boolean f = t.equalsIgnoreCase("float");
                if (!(value instanceof Number) || value instanceof Float) throw bad(name, value, type);
                double d = isWhole(value) ? whole(value).doubleValue() : ((Number) value).doubleValue();
                String box = f ? "Float" : "Double";
                if (Double.isNaN(d)) return box + ".NaN";
                if (Double.isInfinite(d)) return box + (d > 0 ? ".POSITIVE_INFINITY" : ".NEGATIVE_INFINITY");
                if (f && Math.abs(d) > Float.MAX_VALUE) throw bad(name, value, type);
                return repr(d) + (f ? "f" : "");
            }
            case "String":
            case "CharSequence":
            case "java.lang.String":
                return stringLiteral(text(value));
            case "Object":
            case "java.lang.Object":
                if (value instanceof List) throw bad(name, value, type);
                return literal(name, value, scalarType(name, value, true));
            default:
                throw new ParameterException(
                        name,
                        value,
                        "a parameter whose declared type the injected cell can write: boolean, int, long, "
                                + "short, byte, double, float, String, Object, their boxes, arrays or Lists of them, or var; the parameters cell declares '"
                                + type + "'");
        }
    }

    private static final Set<String> PRIMITIVES =
            Set.of("boolean", "int", "long", "short", "byte", "double", "float", "char");

    private static ParameterException bad(String name, Object value, String type) {
        return new ParameterException(name, show(value), "a value of the type the parameters cell declares, " + type);
    }

    /** The value as text, the way the injected cell shows it (strings unquoted, doubles as repr). */
    static String text(Object value) {
        if (value == null) return "null";
        if (value instanceof Double) {
            double d = (Double) value;
            if (Double.isNaN(d)) return "nan";
            if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
            return repr(d);
        }
        return value.toString();
    }

    private static String show(Object value) {
        return value instanceof String ? "\"" + value + "\"" : text(value);
    }

    private static boolean isWhole(Object v) {
        return v instanceof BigInteger
                || v instanceof Long
                || v instanceof Integer
                || v instanceof Short
                || v instanceof Byte;
    }

    private static BigInteger whole(Object v) {
        return v instanceof BigInteger ? (BigInteger) v : BigInteger.valueOf(((Number) v).longValue());
    }

    /** A whole number, or a double with an integral value; null otherwise. */
    private static BigInteger integral(Object v) {
        if (isWhole(v)) return whole(v);
        if (v instanceof Double) {
            double d = (Double) v;
            if (Double.isFinite(d) && d == Math.rint(d)) return new BigDecimal(d).toBigInteger();
        }
        return null;
    }

    /** A Java string literal: quotes, backslash and control characters escaped; other characters as they are. */
    public static String stringLiteral(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                default:
                    if (c < 0x20 || c == 0x7f) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /**
     * A finite double as Python's {@code repr} writes it: the shortest digit string that reads back to the same
     * double, in fixed notation when the decimal exponent is from -4 to 15, else {@code d.ddde±XX}.
     */
    public static String repr(double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("not finite: " + v);
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        BigDecimal exact = new BigDecimal(v);
        BigDecimal shortest = null;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == v) {
                shortest = r;
                break;
            }
        }
        if (shortest == null) shortest = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int decpt = digits.length() - shortest.scale(); // value = 0.digits * 10^decpt
        String sign = v < 0 ? "-" : "";
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) return sign + "0." + "0".repeat(-decpt) + digits;
            if (decpt >= digits.length()) return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
            return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
        }
        int exp = decpt - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
    }
}
