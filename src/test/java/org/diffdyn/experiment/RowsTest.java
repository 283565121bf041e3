package org.diffdyn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class RowsTest {
    private static Rows rows() {
        return Rows.named("t").text("series").integers("k").reals("lambda", "tau");
    }

    @Test
    void positionalRowsAreTheNamedRows() {
        Rows byName = rows(), byPosition = rows();
        byName.add("series", "a", "k", 1, "lambda", 0.5, "tau", 2.0);
        byName.add("k", 2, "tau", 3.0);
        byPosition.columns("series", "k", "lambda", "tau").add("a", 1, 0.5, 2.0);
        byPosition.columns("k", "tau").add(2, 3.0);
        Rows allBut = rows();
        allBut.columnsExcept("k", "lambda").add("a", 2.0); // the other columns, in declaration order
        assertEquals("a", allBut.table().stringColumn("series").get(0));
        assertEquals(2.0, allBut.table().doubleColumn("tau").get(0));
        assertTrue(allBut.table().intColumn("k").isMissing(0)
                && allBut.table().doubleColumn("lambda").isMissing(0));
        assertThrows(IllegalArgumentException.class, () -> allBut.columnsExcept("nope"));
        Rows whole = rows();
        whole.row("a", 1, 0.5, 2.0);
        assertEquals(byName.table().first(1).print(), whole.table().print(), "row(...) fills every column in order");
        Table a = byName.table(), b = byPosition.table();
        assertEquals(a.print(), b.print());
        assertTrue(b.doubleColumn("lambda").isMissing(1), "columns not named are missing");
        assertEquals(0.5, b.doubleColumn("lambda").get(0));
    }

    @Test
    void wrongArityAndUnknownColumnsNameTheTable() {
        Rows r = rows();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> r.columns("k", "nope"));
        assertTrue(unknown.getMessage().contains("t has no column nope"), unknown.getMessage());
        IllegalArgumentException arity = assertThrows(
                IllegalArgumentException.class, () -> r.columns("k", "tau").add(1));
        assertTrue(arity.getMessage().contains("1 values for the 2 columns"), arity.getMessage());
        IllegalArgumentException twice =
                assertThrows(IllegalArgumentException.class, () -> r.add("k", 1, "tau", 2.0, "k", 3));
        assertTrue(twice.getMessage().contains("column k named twice"), twice.getMessage());
        assertEquals(0, r.rowCount());
        assertEquals(0, r.table().intColumn("k").size(), "a rejected row leaves no partial values behind");
    }
}
