package org.diffdyn.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.diffdyn.core.ParameterException;
import org.junit.jupiter.api.Test;

class ParamsTest {
    static final Param<Integer> D = Param.integer("d", 8, 1, 100, "dimension");
    static final Param<Double> ETA = Param.realAbove("eta", 0.1, 0, 1, "step");

    enum Kind {
        A,
        B
    }

    static final Param<Kind> KIND = Param.choice("kind", Kind.A, "which");
    static final Param<double[]> LAMBDAS = Param.reals("lambdas", new double[] {1, 0.1}, 0, 1e6, true, "variances");
    static final Param<Boolean> FLAG = Param.flag("twoLayer", false, "two-layer model");
    static final List<Param<?>> ALL = List.of(D, ETA, KIND, LAMBDAS, FLAG, Param.seed(3));

    @Test
    void defaultsAndParsing() {
        Params p = Params.builder(ALL)
                .parseAll(List.of("d=12", "eta=0.5", "kind=b", "lambdas=10,1,0.5", "twoLayer=true", "seed=-4"))
                .build();
        assertEquals(12, p.get(D));
        assertEquals(0.5, p.get(ETA));
        assertEquals(Kind.B, p.get(KIND));
        assertArrayEquals(new double[] {10, 1, 0.5}, p.get(LAMBDAS));
        assertEquals(true, p.get(FLAG));
        assertEquals(-4, p.seed());
        assertEquals("d=12, eta=0.5, kind=b, lambdas=10.0,1.0,0.5, twoLayer=true, seed=-4", p.toString());
        Params def = Params.builder(ALL).build();
        assertEquals(8, def.get(D));
        assertEquals(3, def.seed());
    }

    @Test
    void withDefaultKeepsKeyRangeDescriptionAndValidation() {
        Param<Integer> d = D.withDefault(32);
        assertEquals(32, d.defaultValue());
        assertEquals(8, D.defaultValue());
        assertEquals(List.of("d", D.range(), D.description()), List.of(d.key(), d.range(), d.description()));
        assertThrows(ParameterException.class, () -> D.withDefault(101));
        assertThrows(ParameterException.class, () -> d.parse("0"));
        Param<String> upper = Param.text("name", "ab", "d", "two letters", t -> {
            if (t.length() != 2) throw new ParameterException("name", t, "two letters");
            return t.toUpperCase(java.util.Locale.ROOT);
        });
        assertEquals("CD", upper.withDefault("cd").parse("cd"));
        assertThrows(ParameterException.class, () -> upper.withDefault("abc"));
        assertEquals(Kind.B, KIND.withDefault(Kind.B).defaultValue());
    }

    @Test
    void badValuesNameTheParameterTheValueAndTheRange() {
        ParameterException e =
                assertThrows(ParameterException.class, () -> Params.builder(ALL).parse("d", "-3"));
        assertEquals("parameter 'd' = -3 is not valid: expected an integer in [1, 100]", e.getMessage());
        e = assertThrows(ParameterException.class, () -> Params.builder(ALL).parse("eta", "0"));
        assertTrue(e.getMessage().contains("'eta' = 0") && e.getMessage().contains("(0, 1]"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> Params.builder(ALL).parse("eta", "NaN"));
        assertTrue(e.getMessage().contains("'eta' = NaN"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> Params.builder(ALL).parse("kind", "c"));
        assertTrue(e.getMessage().endsWith("expected one of a, b"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> Params.builder(ALL).parse("lambdas", "1,-2"));
        assertTrue(e.getMessage().contains("entry 1 = -2.0"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> Params.builder(ALL).parse("d", "2.5"));
        assertEquals("d", e.parameter());
        e = assertThrows(ParameterException.class, () -> Params.builder(ALL).parse("nosuch", "1"));
        assertTrue(
                e.getMessage().contains("'nosuch'") && e.getMessage().contains("one of the options d, eta, kind"),
                e.getMessage());
        e = assertThrows(ParameterException.class, () -> Params.builder(ALL).parseAll(List.of("d")));
        assertTrue(e.getMessage().contains("key=value"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> Params.builder(ALL).set("d", 2.5));
        assertEquals("d", e.parameter());
    }

    @Test
    void aDeclarationWithAnInvalidDefaultIsRejected() {
        assertThrows(ParameterException.class, () -> Param.integer("n", 0, 1, 10, "bad default"));
    }
}
