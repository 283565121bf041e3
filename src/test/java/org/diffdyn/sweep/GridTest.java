package org.diffdyn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.diffdyn.core.ParameterException;
import org.junit.jupiter.api.Test;

class GridTest {

    @Test
    void listsAndSingleValues() {
        assertEquals(List.of("50", "100", "200"), Grid.parse("d", "50,100,200"));
        assertEquals(List.of("0.5", "two-layer"), Grid.parse("x", " 0.5 , two-layer "));
        assertEquals(List.of("7"), Grid.parse("d", "7"));
    }

    @Test
    void bracketsKeepAListAsOneValue() {
        assertEquals(List.of("1,2,5"), Grid.parse("ratios", "[1,2,5]"));
        assertThrows(ParameterException.class, () -> Grid.parse("ratios", "[1,2"));
    }

    @Test
    void integerRanges() {
        assertEquals(List.of("1", "2", "3", "4", "5"), Grid.parse("seed", "1..5"));
        assertEquals(List.of("-2", "-1", "0"), Grid.parse("seed", "-2..0"));
        assertEquals(20, Grid.parse("seed", "1..20").size());
    }

    @Test
    void steppedRangesAreExactDecimals() {
        assertEquals(
                List.of("0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"),
                Grid.parse("q", "0..1:0.1"));
        assertEquals(
                List.of("10", "35", "60", "85"), Grid.parse("n", "10..100:25")); // the end is included only when hit
    }

    @Test
    void logRangesAreGeometricAndIncludeBothEnds() {
        List<String> v = Grid.parse("n", "log:100..10000:9");
        assertEquals(9, v.size());
        assertEquals("100", v.get(0));
        assertEquals("10000", v.get(8));
        assertEquals("1000", v.get(4));
        for (int i = 0; i < 9; i++) { // integer ends: each value is 100 * 10^(i/4) rounded
            assertEquals(Math.round(100 * Math.pow(10, i / 4.0)), Long.parseLong(v.get(i)));
        }
        List<String> r = Grid.parse("c", "log:1e-4..1e-2:3");
        assertEquals(3, r.size());
        assertEquals(1e-3, Double.parseDouble(r.get(1)), 1e-15);
        List<String> s = Grid.parse("x", "log:1.0..2.0:3"); // non-integer ends: 6 significant digits
        assertEquals("1.41421", s.get(1));
    }

    @Test
    void linearSpacing() {
        assertEquals(List.of("0", "0.25", "0.5", "0.75", "1"), Grid.parse("q", "lin:0..1:5"));
    }

    @Test
    void integerLogRangesDropRepeatsAfterRounding() {
        List<String> v = Grid.parse("n", "log:1..3:5");
        assertEquals(List.of("1", "2", "3"), v);
    }

    @Test
    void badGridsNameTheParameterAndTheForms() {
        for (String bad : new String[] {
            "",
            "1..",
            "..3",
            "5..1",
            "1.5..3",
            "log:0..10:3",
            "log:1..10",
            "log:1..10:1",
            "0..1:-0.1",
            "1,,2",
            "lin:a..b:3",
            "1..2000000"
        }) {
            ParameterException e = assertThrows(ParameterException.class, () -> Grid.parse("d", bad), bad);
            assertEquals("d", e.parameter(), bad);
            assertTrue(e.getMessage().contains("log:a..b:n"), e.getMessage());
        }
    }
}
