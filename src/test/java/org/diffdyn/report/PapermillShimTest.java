package org.diffdyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.diffdyn.core.ParameterException;
import org.junit.jupiter.api.Test;

/**
 * One rule set: papermill's translator ({@code kernel/papermill_diffdyn.py}, run by python3 against a stand-in for
 * papermill, which Debian does not package) and {@link JavaParameters} must find the same declarations in the same
 * parameters cells, write the same injected cells (or the same error) for the same parameters, and write the same
 * text for 3000 doubles (random bit patterns and decimal-looking values).
 */
class PapermillShimTest {
    static final Path PYTHON = Paths.get("/usr/bin/python3");

    record Case(String cell, Map<String, Object> parameters) {}

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        String cell = JavaParametersTest.CELL;
        out.add(new Case(
                cell,
                params(
                        "Q",
                        BigInteger.ONE,
                        "D",
                        32.0,
                        "SEED",
                        BigInteger.valueOf(7),
                        "NAME",
                        BigInteger.valueOf(42),
                        "FLAG",
                        "TRUE",
                        "QS",
                        List.of(BigInteger.ONE, 0.25),
                        "KS",
                        List.of(BigInteger.valueOf(3)),
                        "N",
                        2.5)));
        out.add(new Case(
                "",
                params(
                        "A",
                        BigInteger.valueOf(3_000_000_000L),
                        "B",
                        1e16,
                        "C",
                        "tab\there \\ \"q\" é\u0001",
                        "E",
                        null,
                        "F",
                        List.of(BigInteger.ONE, 2.5),
                        "G",
                        List.of("x", Boolean.TRUE),
                        "H",
                        Double.NaN,
                        "I",
                        Double.NEGATIVE_INFINITY,
                        "J",
                        List.of(),
                        "K",
                        Boolean.FALSE,
                        "L",
                        -0.0)));
        out.add(new Case(
                "float F = 1; short S = 2; byte B = 3; Integer I = null; Double X = 1.0; Object O = 1; CharSequence T = \"\";",
                params(
                        "F",
                        0.1,
                        "S",
                        BigInteger.valueOf(-7),
                        "B",
                        BigInteger.valueOf(100),
                        "I",
                        null,
                        "X",
                        BigInteger.TEN,
                        "O",
                        1e-7,
                        "T",
                        Boolean.TRUE)));
        out.add(new Case(cell, params("D", 1.5)));
        out.add(new Case(cell, params("FLAG", "yes")));
        out.add(new Case(cell, params("class", BigInteger.ONE)));
        out.add(new Case("int[] A = {1};", params("A", List.of(BigInteger.ONE, 2.5))));
        out.add(new Case("Rng R = null;", params("R", BigInteger.ONE)));
        out.add(new Case("", params("X", BigInteger.ONE.shiftLeft(70))));
        out.add(new Case("byte B = 1;", params("B", BigInteger.valueOf(128))));
        return out;
    }

    static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** JSON whose numbers Python reads back with the right type: whole numbers as int, doubles as float. */
    static String json(Object v) {
        if (v == null) return "null";
        if (v instanceof Boolean || v instanceof BigInteger) return v.toString();
        if (v instanceof Double) {
            double d = (Double) v;
            if (Double.isNaN(d)) return "NaN";
            if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
            return JavaParameters.repr(d);
        }
        if (v instanceof String) return new JsonPrimitive((String) v).toString();
        if (v instanceof List) {
            List<String> parts = new ArrayList<>();
            for (Object x : (List<?>) v) parts.add(json(x));
            return "[" + String.join(",", parts) + "]";
        }
        throw new IllegalArgumentException(String.valueOf(v));
    }

    static long[] doubles() {
        SplittableRandom r = new SplittableRandom(12);
        long[] out = new long[3000];
        for (int i = 0; i < out.length; i++) {
            double d;
            if (i % 3 == 0) {
                d = Double.longBitsToDouble(r.nextLong());
                if (!Double.isFinite(d)) d = i;
            } else if (i % 3 == 1) {
                d = r.nextInt(1, 100_000) * Math.pow(10, r.nextInt(-25, 25)); // decimal-looking values
            } else {
                d = r.nextDouble() * Math.pow(10, r.nextInt(-8, 20));
            }
            out[i] = Double.doubleToRawLongBits(d);
        }
        return out;
    }

    @Test
    void pythonTranslatorAndJavaWriteTheSameDeclarations() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "python3 not installed");
        List<Case> cases = cases();
        StringBuilder spec = new StringBuilder("{\"cases\":[");
        for (int i = 0; i < cases.size(); i++) {
            if (i > 0) spec.append(',');
            spec.append("{\"cell\":")
                    .append(new JsonPrimitive(cases.get(i).cell()))
                    .append(",\"parameters\":[");
            int k = 0;
            for (var e : cases.get(i).parameters().entrySet())
                spec.append(k++ > 0 ? "," : "")
                        .append("[")
                        .append(new JsonPrimitive(e.getKey()))
                        .append(",")
                        .append(json(e.getValue()))
                        .append("]");
            spec.append("]}");
        }
        long[] doubles = doubles();
        spec.append("],\"doubles\":").append(Arrays.toString(doubles)).append("}");
        Path dir = Files.createTempDirectory("papermill-shim");
        Path specFile = dir.resolve("cases.json");
        Files.writeString(specFile, spec, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(
                        PYTHON.toString(), "src/test/python/papermill_shim_check.py", specFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(dir.resolve("out.json").toFile());
        pb.environment().put("PYTHONPATH", "src/test/python/papermill_stub:kernel");
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 timed out");
        }
        assertEquals(0, p.exitValue(), "python3 failed");
        JsonObject py = JsonParser.parseString(Files.readString(dir.resolve("out.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();

        JsonArray pyCases = py.getAsJsonArray("cases");
        assertEquals(cases.size(), pyCases.size());
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JsonObject r = pyCases.get(i).getAsJsonObject();
            List<List<String>> javaDecls = new ArrayList<>();
            for (JavaParameters.Declaration d : JavaParameters.declarations(c.cell()))
                javaDecls.add(List.of(d.name(), d.type(), d.value(), d.help()));
            List<List<String>> pyDecls = new ArrayList<>();
            for (JsonElement d : r.getAsJsonArray("declarations")) {
                List<String> row = new ArrayList<>();
                d.getAsJsonArray().forEach(x -> row.add(x.getAsString()));
                pyDecls.add(row);
            }
            assertEquals(javaDecls, pyDecls, "declarations of case " + i);
            String java;
            try {
                java = "cell: " + JavaParameters.cell(c.parameters(), JavaParameters.declaredTypes(c.cell()));
            } catch (ParameterException e) {
                java = "error: " + e.getMessage();
            }
            String python = r.has("cell")
                    ? "cell: " + r.get("cell").getAsString()
                    : "error: " + r.get("error").getAsString();
            assertEquals(java, python, "case " + i + " " + c.parameters());
        }
        JsonArray pyDoubles = py.getAsJsonArray("doubles");
        for (int i = 0; i < doubles.length; i++) {
            double d = Double.longBitsToDouble(doubles[i]);
            assertEquals(pyDoubles.get(i).getAsString(), JavaParameters.repr(d), "repr of " + d);
        }
    }
}
