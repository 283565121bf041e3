package org.diffdyn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Registry;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code describe} output fits 120 columns for every registered experiment and loses no text. */
class TextTableTest {

    @Test
    void describeFitsWidthForEveryExperiment() {
        List<Experiment> all = Registry.all();
        assertTrue(all.size() > 5, "experiments registered: " + all.size());
        for (Experiment e : all) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            assertEquals(
                    0,
                    Main.run(
                            new String[] {"describe", e.name()},
                            new PrintStream(buf, true, StandardCharsets.UTF_8),
                            new PrintStream(new ByteArrayOutputStream())));
            String text = buf.toString(StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                assertTrue(
                        line.length() <= TextTable.WIDTH, e.name() + ": line of " + line.length() + " chars: " + line);
            }
            // Nothing is lost to the wrapping: each parameter's name, default, range and every word of its meaning
            // appear, in order.
            String flat = String.join(" ", text.split("\\s+"));
            for (Param<?> p : e.params()) {
                assertTrue(flat.contains(p.key()), e.name() + ": " + p.key());
                assertContainsWordsInOrder(flat, p.description(), e.name() + "." + p.key());
                assertContainsWordsInOrder(flat, p.range(), e.name() + "." + p.key());
            }
            assertContainsWordsInOrder(flat, e.description(), e.name());
        }
    }

    @Test
    void wrapsLongCellsAndKeepsShortColumnsWhole() {
        String meaning = "a long meaning that certainly does not fit into what is left of forty columns, at all";
        Table t = Table.create(
                "t",
                StringColumn.create("parameter", "alpha", "beta-gamma"),
                StringColumn.create("default", "1", "2.5"),
                StringColumn.create("meaning", meaning, "short"));
        String text = TextTable.format(t, 40);
        String[] lines = text.split("\n");
        for (String l : lines) assertTrue(l.length() <= 40, l);
        assertTrue(lines[0].startsWith("parameter   default  meaning"), text);
        assertTrue(lines.length > 4, text); // the long meaning wrapped onto continuation lines
        assertTrue(lines[2].startsWith("alpha       1        a long"), text);
        assertTrue(lines[3].startsWith("                     "), text); // continuation stays in the meaning column
        assertContainsWordsInOrder(String.join(" ", text.split("\\s+")), meaning, "meaning");
        assertEquals(List.of("abcde", "fgh", "ij k"), TextTable.wrap("abcdefgh ij k", 5));
    }

    private static void assertContainsWordsInOrder(String flat, String text, String what) {
        int at = 0;
        for (String word : text.strip().split("\\s+")) {
            if (word.isEmpty()) continue;
            int i = flat.indexOf(word, at);
            if (i < 0 && word.length() > 20) i = flat.indexOf(word.substring(0, 20), at); // cut long words
            assertTrue(
                    i >= 0,
                    what + ": '" + word + "' missing after offset " + at + " in "
                            + Arrays.toString(flat.substring(at, Math.min(flat.length(), at + 200))
                                    .split(" ")));
            at = i;
        }
    }
}
