package org.diffdyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.diffdyn.core.ParameterException;
import org.junit.jupiter.api.Test;

class JavaParametersTest {
    static final String CELL = String.join(
            "\n",
            "import java.util.*;",
            "double Q = 0.1;                  // aligned initialisation; Fig. 5 uses 0.5",
            "double[] QS = {0.1, 0.5, 1.0};   // initialisations",
            "int D = 16; long SEED = 1L;      // two on one line",
            "/* a comment; with a semicolon */ String NAME = \"a;b\";",
            "var N = 3;",
            "final boolean FLAG = false;",
            "java.util.List<Integer> KS = List.of(1, 2);",
            "System.out.println(D);");

    @Test
    void declarationsOfAParametersCell() {
        List<JavaParameters.Declaration> d = JavaParameters.declarations(CELL);
        assertEquals(
                List.of("Q", "QS", "D", "SEED", "NAME", "N", "FLAG", "KS"),
                d.stream().map(JavaParameters.Declaration::name).toList());
        assertEquals(
                new JavaParameters.Declaration("Q", "double", "0.1", "aligned initialisation; Fig. 5 uses 0.5"),
                d.get(0));
        assertEquals(new JavaParameters.Declaration("QS", "double[]", "{0.1, 0.5, 1.0}", "initialisations"), d.get(1));
        assertEquals("two on one line", d.get(2).help());
        assertEquals("two on one line", d.get(3).help());
        assertEquals(new JavaParameters.Declaration("NAME", "String", "\"a;b\"", ""), d.get(4));
        assertEquals("java.util.List<Integer>", d.get(7).type());
    }

    @Test
    void commandLineValuesReadAsPapermillReadsThem() {
        assertEquals(Boolean.TRUE, JavaParameters.resolve("True"));
        assertEquals("true", JavaParameters.resolve("true"));
        assertEquals(null, JavaParameters.resolve("None"));
        assertEquals(BigInteger.valueOf(32), JavaParameters.resolve("32"));
        assertEquals(BigInteger.valueOf(-1000), JavaParameters.resolve(" -1_000 "));
        assertEquals(0.001, JavaParameters.resolve("1e-3"));
        assertEquals(5.0, JavaParameters.resolve("5."));
        assertEquals(Double.NEGATIVE_INFINITY, JavaParameters.resolve("-inf"));
        assertTrue(Double.isNaN((Double) JavaParameters.resolve("NaN")));
        assertEquals("1e", JavaParameters.resolve("1e"));
        assertEquals("0x10", JavaParameters.resolve("0x10"));
    }

    static String cell(Map<String, Object> p) {
        return JavaParameters.cell(p, JavaParameters.declaredTypes(CELL));
    }

    @Test
    void declaredTypesWin() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Q", BigInteger.ONE);
        p.put("D", 32.0);
        p.put("SEED", BigInteger.valueOf(7));
        p.put("NAME", BigInteger.valueOf(42));
        p.put("FLAG", "TRUE");
        p.put("QS", List.of(BigInteger.ONE, 0.25));
        p.put("KS", List.of(BigInteger.valueOf(3)));
        p.put("N", 2.5);
        assertEquals(
                String.join(
                        "\n",
                        "// Parameters",
                        "double Q = 1.0;",
                        "int D = 32;",
                        "long SEED = 7L;",
                        "String NAME = \"42\";",
                        "boolean FLAG = true;",
                        "double[] QS = {1.0, 0.25};",
                        "java.util.List<Integer> KS = java.util.List.of(3);",
                        "double N = 2.5;",
                        ""),
                cell(p));
    }

    @Test
    void undeclaredParametersTakeTheValuesType() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("A", BigInteger.valueOf(3_000_000_000L));
        p.put("B", 1e16);
        p.put("C", "tab\there \\ \"q\" é");
        p.put("E", null);
        p.put("F", List.of(BigInteger.ONE, 2.5));
        p.put("G", List.of("x", Boolean.TRUE));
        p.put("H", Double.NaN);
        assertEquals(
                String.join(
                        "\n",
                        "// Parameters",
                        "long A = 3000000000L;",
                        "double B = 1e+16;",
                        "String C = \"tab\\there \\\\ \\\"q\\\" é\";",
                        "Object E = null;",
                        "java.util.List<Double> F = java.util.List.of(1.0, 2.5);",
                        "java.util.List<Object> G = java.util.List.of(\"x\", true);",
                        "double H = Double.NaN;",
                        ""),
                JavaParameters.cell(p, Map.of()));
    }

    @Test
    void valuesThatDoNotFitAreRejectedWithTheParameterNamed() {
        ParameterException e = assertThrows(ParameterException.class, () -> cell(Map.of("D", 1.5)));
        assertEquals(
                "parameter 'D' = 1.5 is not valid: expected a value of the type the parameters cell declares, int",
                e.getMessage());
        assertThrows(ParameterException.class, () -> cell(Map.of("D", BigInteger.valueOf(1L << 31))));
        assertThrows(ParameterException.class, () -> cell(Map.of("FLAG", "yes")));
        assertThrows(ParameterException.class, () -> cell(Map.of("Q", "abc")));
        assertThrows(ParameterException.class, () -> JavaParameters.cell(Map.of("class", BigInteger.ONE), Map.of()));
        assertThrows(
                ParameterException.class,
                () -> JavaParameters.cell(Map.of("X", BigInteger.ONE.shiftLeft(70)), Map.of()));
        assertThrows(
                ParameterException.class, () -> JavaParameters.cell(Map.of("X", BigInteger.ONE), Map.of("X", "Rng")));
    }

    @Test
    void doublesAreWrittenAsPythonsRepr() {
        // the strings Python 3 prints for repr(x)
        Object[][] cases = {
            {0.1, "0.1"},
            {1e-5, "1e-05"},
            {1e-4, "0.0001"},
            {1e16, "1e+16"},
            {1e15, "1000000000000000.0"},
            {32.0, "32.0"},
            {-0.0, "-0.0"},
            {1.0 / 3, "0.3333333333333333"},
            {2.5e-300, "2.5e-300"},
            {123456789.125, "123456789.125"},
            {Double.MAX_VALUE, "1.7976931348623157e+308"},
            {Double.MIN_VALUE, "5e-324"},
            {0.30000000000000004, "0.30000000000000004"}
        };
        for (Object[] c : cases) assertEquals(c[1], JavaParameters.repr((Double) c[0]), String.valueOf(c[0]));
    }
}
