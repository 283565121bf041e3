package org.diffdyn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.junit.jupiter.api.Test;

/** Tail, range and search over the session's cells, as IPython answers history requests. */
class CellHistoryTest {

    private static final Set<ResultFlag> RAW = EnumSet.noneOf(ResultFlag.class);

    private static CellHistory sample() {
        CellHistory h = new CellHistory();
        h.add(1, "1 + 2", null, "3");
        h.add(2, "%classpath a.jar", "lineMagic(\"classpath\", List.of(\"a.jar\"))", null);
        h.add(3, "int y = 6 * 7;\ny", null, "42");
        h.add(4, "1 + 2", null, "3");
        h.add(5, "\"diff\" + \"dyn\"", null, "diffdyn");
        return h;
    }

    private static List<String> inputs(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::getInput).collect(Collectors.toList());
    }

    @Test
    void tailGivesTheLastCellsInOrder() {
        CellHistory h = sample();
        List<HistoryEntry> tail = h.lookupTail(2, RAW);
        assertEquals(List.of("1 + 2", "\"diff\" + \"dyn\""), inputs(tail));
        assertEquals(CellHistory.SESSION, tail.get(0).getSession());
        assertEquals(4, tail.get(0).getCellNumber());
        assertFalse(tail.get(0).hasOutput());
        assertEquals(5, h.lookupTail(100, RAW).size());
        List<HistoryEntry> withOutput = h.lookupTail(5, EnumSet.of(ResultFlag.INCLUDE_OUTPUT));
        assertEquals("3", withOutput.get(0).getOutput());
        assertEquals("", withOutput.get(1).getOutput()); // no result: "" rather than null
    }

    @Test
    void rangeIsStartInclusiveStopExclusiveInThisSessionOnly() {
        CellHistory h = sample();
        assertEquals(List.of("int y = 6 * 7;\ny"), inputs(h.lookupRange(CellHistory.SESSION, 3, 4, RAW)));
        assertEquals(List.of("int y = 6 * 7;\ny"), inputs(h.lookupRange(0, 3, 4, RAW)));
        assertEquals(3, h.lookupRange(0, 3, 0, RAW).size()); // stop 0: to the end
        assertEquals(List.of(), h.lookupRange(-1, 1, 5, RAW)); // earlier sessions are not kept
        assertEquals(
                List.of("lineMagic(\"classpath\", List.of(\"a.jar\"))"),
                inputs(h.lookupRange(0, 2, 3, EnumSet.of(ResultFlag.TRANSFORMED_INPUT))));
    }

    @Test
    void searchUsesGlobsWithUniqueAndCount() {
        CellHistory h = sample();
        assertEquals(List.of("1 + 2", "1 + 2"), inputs(h.search("1 + ?", 0, RAW)));
        assertEquals(1, h.search("1 + ?", 0, EnumSet.of(ResultFlag.UNIQUE)).size());
        assertEquals(
                4, h.search("1 + ?", 0, EnumSet.of(ResultFlag.UNIQUE)).get(0).getCellNumber()); // latest
        assertEquals(List.of("\"diff\" + \"dyn\""), inputs(h.search("*", 1, RAW))); // n = the last n matches
        assertEquals(List.of("int y = 6 * 7;\ny"), inputs(h.search("int*y", 0, RAW))); // '*' crosses lines
        assertEquals(List.of(), h.search("1 +", 0, RAW)); // the whole input must match
        assertEquals(List.of("%classpath a.jar"), inputs(h.search("%[a-c]lass*", 0, RAW)));
        assertTrue(CellHistory.glob("[^0-9]x").matcher("ax").matches());
        assertFalse(CellHistory.glob("[^0-9]x").matcher("1x").matches());
        assertTrue(CellHistory.glob("a.c").matcher("a.c").matches());
        assertFalse(CellHistory.glob("a.c").matcher("abc").matches());
        assertTrue(CellHistory.glob("[]]").matcher("]").matches());
    }

    @Test
    void longOutputsAreCut() {
        CellHistory h = new CellHistory();
        h.add(1, "s", null, "x".repeat(5000));
        String out =
                h.lookupTail(1, EnumSet.of(ResultFlag.INCLUDE_OUTPUT)).get(0).getOutput();
        assertEquals(CellHistory.MAX_OUTPUT + 1, out.length());
        assertNull(h.lookupTail(1, RAW).get(0).getOutput());
    }
}
