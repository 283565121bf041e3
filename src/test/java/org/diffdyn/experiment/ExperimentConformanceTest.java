package org.diffdyn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every registered experiment follows the one naming rule of the experiment layer (issue #11 item 1): each declared
 * parameter has a lower-kebab key that the magics and the CLI accept (its default's text form parses back to the
 * same value), and a setter on the typed builder named by the camelCase rule ({@code ratio-max -> ratioMax}) taking
 * the parameter's type; the experiment declares its {@link Spec} itself; its source names every plot
 * ({@code plot("name", spec)}) and keys every check ({@code check(key, label, value[, target])}), whose names the
 * result builder then validates at run time.
 */
class ExperimentConformanceTest {
    static final Path SRC = Path.of("src", "main", "java");

    /** What is wrong with one experiment, one line per problem (empty when it conforms). */
    static List<String> offences(Experiment e) throws IOException {
        List<String> out = new ArrayList<>();
        Class<?> type = e.getClass();
        Class<?> builder = e.builder().getClass();
        if (builder == ExperimentBuilder.Generic.class)
            out.add("no generated typed builder: annotate " + type.getSimpleName() + " with @TypedBuilder");
        else if (!builder.getSimpleName().equals(type.getSimpleName() + "Builder"))
            out.add("builder " + builder.getSimpleName() + " is not the generated " + type.getSimpleName() + "Builder");
        for (Param<?> p : e.params()) {
            String key = p.key();
            if (!Names.isKebab(key)) out.add("key '" + key + "' is not lower kebab case");
            try { // the magic/CLI form: the default's text parses back to the same value
                Params parsed = Params.builder(e.params())
                        .parse(key, p.format(p.defaultValue()))
                        .build();
                if (!p.format(parsed.get(p)).equals(p.format(p.defaultValue())))
                    out.add("key '" + key + "' does not round-trip its default");
            } catch (RuntimeException ex) {
                out.add("key '" + key + "' rejects its own default as text: " + ex.getMessage());
            }
            String setter = Names.camel(key);
            if (!hasSetter(builder, setter, expectedType(p)))
                out.add("builder " + builder.getSimpleName() + " has no " + setter + "("
                        + expectedType(p).getSimpleName() + ") for key '" + key + "'");
        }
        String entry = Names.camel(e.name());
        if (type.getPackageName().startsWith("org.diffdyn.") && !hasDslEntry(type, entry, builder))
            out.add("no DSL entry " + entry + "() returning " + builder.getSimpleName() + " in a *Dsl class of "
                    + type.getPackageName());
        Path source = SRC.resolve(type.getName().replace('.', '/') + ".java");
        if (Files.isRegularFile(source)) {
            String text = Files.readString(source);
            for (List<String> args : calls(text, ".plot("))
                if (args.size() == 1) out.add("unnamed plot: .plot(" + args.get(0) + ")");
            for (List<String> args : calls(text, ".check(")) {
                if (args.size() == 2) out.add("check without a key: .check(" + String.join(", ", args) + ")");
                else if (args.size() >= 3
                        && isLiteral(args.get(0))
                        && !Names.isCheckKey(
                                args.get(0).substring(1, args.get(0).length() - 1)))
                    out.add("malformed check key " + args.get(0));
            }
            for (List<String> args : calls(text, ".plot(")) // literal plot names must be lower kebab
            if (args.size() == 2
                        && isLiteral(args.get(0))
                        && !Names.isKebab(args.get(0).replace("\"", ""))) out.add("malformed plot name " + args.get(0));
        }
        return out;
    }

    /** Whether a {@code *Dsl} class of the experiment's package has the public static entry {@code entry()}. */
    static boolean hasDslEntry(Class<?> type, String entry, Class<?> builder) throws IOException {
        Path dir = SRC.resolve(type.getPackageName().replace('.', '/'));
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith("Dsl.java"))
                    .toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                try {
                    Method m = Class.forName(type.getPackageName() + "." + name).getMethod(entry);
                    if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == builder) return true;
                } catch (ReflectiveOperationException absent) {
                    // not in this class
                }
            }
        }
        return false;
    }

    /** A single string literal (not a concatenation such as {@code "a." + key}, which the result builder checks at run time). */
    static boolean isLiteral(String arg) {
        return arg.length() >= 2 && arg.startsWith("\"") && arg.indexOf('"', 1) == arg.length() - 1;
    }

    static Class<?> expectedType(Param<?> p) {
        return switch (p.kind()) {
            case INTEGER -> int.class;
            case SEED -> long.class;
            case REAL -> double.class;
            case FLAG -> boolean.class;
            case CHOICE -> p.enumType();
            case REALS -> double[].class;
            case TEXT -> String.class;
        };
    }

    static boolean hasSetter(Class<?> builder, String name, Class<?> type) {
        for (Method m : builder.getMethods()) {
            if (!m.getName().equals(name) || m.getParameterCount() != 1 || !Modifier.isPublic(m.getModifiers()))
                continue;
            Class<?> t = m.getParameterTypes()[0];
            // a setter returns the builder: its class, or the type variable of a shared-group interface it implements
            boolean chains = ExperimentBuilder.class.isAssignableFrom(m.getReturnType())
                    || m.getGenericReturnType() instanceof java.lang.reflect.TypeVariable<?> v
                            && v.getGenericDeclaration() instanceof Class<?> c
                            && c.isInterface()
                            && c.isAssignableFrom(builder);
            if ((t == type || t.isAssignableFrom(type) || boxed(t) == type) && chains) return true;
        }
        return false;
    }

    private static Class<?> boxed(Class<?> t) {
        return t == Integer.class
                ? int.class
                : t == Long.class
                        ? long.class
                        : t == Double.class ? double.class : t == Boolean.class ? boolean.class : t;
    }

    /** The top-level arguments of every call {@code marker(...)} in the source text (string literals respected). */
    static List<List<String>> calls(String text, String marker) {
        List<List<String>> out = new ArrayList<>();
        for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
            List<String> args = new ArrayList<>();
            int depth = 0, start = i + marker.length();
            boolean inString = false;
            for (int j = start; j < text.length(); j++) {
                char c = text.charAt(j);
                if (inString) {
                    if (c == '\\') j++;
                    else if (c == '"') inString = false;
                    continue;
                }
                if (c == '"') inString = true;
                else if (c == '(' || c == '{' || c == '[') depth++;
                else if ((c == ')' || c == '}' || c == ']') && depth > 0) depth--;
                else if (c == ',' && depth == 0) {
                    args.add(text.substring(start, j).trim());
                    start = j + 1;
                } else if (c == ')') {
                    String last = text.substring(start, j).trim();
                    if (!last.isEmpty() || !args.isEmpty()) args.add(last);
                    break;
                }
            }
            out.add(args);
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyRegisteredExperimentConforms() {
        return Registry.all().stream()
                .filter(e -> e.spec().paper() != Paper.USER)
                .map(e -> DynamicTest.dynamicTest(e.name(), () -> {
                    List<String> bad = offences(e);
                    assertEquals(List.of(), bad, e.name() + " does not follow the v2 naming rule");
                }));
    }

    /** The offence finder itself can fail: a pre-v2 style experiment is caught on every count. */
    @Test
    void offencesAreFound() throws IOException {
        Spec spec = new Spec(
                "old-style", Paper.A, "t", "d", List.of(Param.integer("tauMax", 1, 0, 2, "camel key"), Param.seed(1)));
        Experiment old = new Experiment() {
            @Override
            public Spec spec() {
                return spec;
            }

            @Override
            public void run(Params ps, ExperimentResult.Builder r, org.diffdyn.core.progress.Progress pr) {}
        };
        List<String> bad = offences(old);
        assertTrue(bad.stream().anyMatch(s -> s.contains("'tauMax' is not lower kebab")), bad.toString());
        assertTrue(bad.stream().anyMatch(s -> s.contains("no tauMax(int)")), bad.toString());
        assertTrue(bad.stream().noneMatch(s -> s.contains("seed(")), "seed(long) is on every builder: " + bad);
        assertTrue(bad.stream().anyMatch(s -> s.contains("no DSL entry oldStyle()")), bad.toString());
        String src =
                "b.plot(PlotSpec.of(\"a, b\", \"x\")).check(\"max |x|\", v).check(\"Bad Key\", \"label\", f(1, 2)).plot(\"Var\", s)"
                        + ".check(\"slope.one-layer\", \"l\", 1, \"<= 1\")";
        assertEquals(List.of(List.of("PlotSpec.of(\"a, b\", \"x\")"), List.of("\"Var\"", "s")), calls(src, ".plot("));
        assertEquals(
                List.of(2, 3, 4), calls(src, ".check(").stream().map(List::size).toList());
    }
}
