package org.diffdyn.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.diffdyn.core.ParameterException;
import org.diffdyn.jupyter.DiffdynMagics.Command;
import org.diffdyn.jupyter.DiffdynMagics.Kind;
import org.diffdyn.sweep.SweepResult;
import org.junit.jupiter.api.Test;

class SweepMagicTest {

    @Test
    void parsesGridsAndEngineOptions() {
        Command c =
                DiffdynMagics.parseLine(List.of("sweep", "kl-vs-n", "d=50,100", "seed=1..3", "--master", "local[2]"));
        assertEquals(Kind.SWEEP, c.kind());
        assertEquals("kl-vs-n", c.experiment());
        assertEquals(Map.of("d", "50,100", "seed", "1..3", "--master", "local[2]"), c.options());
        Command cell = DiffdynMagics.parseCell(
                List.of("sweep", "weight-relaxation", "d=4"), "eta = 0.01, 0.02\nseed=log:1..100:3 # comment");
        assertEquals(Map.of("d", "4", "eta", "0.01, 0.02", "seed", "log:1..100:3"), cell.options());
        assertEquals(List.of("1", "10", "100"), DiffdynMagics.sweep(cell).axes().get("seed"));
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThrows(DiffdynMagics.UsageException.class, () -> DiffdynMagics.parseLine(List.of("sweep")));
        assertThrows(DiffdynMagics.UsageException.class, () -> DiffdynMagics.parseLine(List.of("sweep", "d=1")));
        assertThrows(
                DiffdynMagics.UsageException.class,
                () -> DiffdynMagics.parseLine(List.of("sweep", "kl-vs-n", "--master")));
        assertThrows(
                DiffdynMagics.UsageException.class,
                () -> DiffdynMagics.parseLine(List.of("sweep", "kl-vs-n", "--bogus", "1")));
        Command bad = DiffdynMagics.parseLine(List.of("sweep", "weight-relaxation", "d=0..3"));
        ParameterException e = assertThrows(ParameterException.class, () -> DiffdynMagics.execute(bad));
        assertEquals("d", e.parameter());
    }

    @Test
    void executesOnTheLocalPoolAndRendersASummary() {
        Command c = DiffdynMagics.parseLine(
                List.of("sweep", "weight-relaxation", "d=4", "steps=20", "record=3", "q=0.1,0.2", "--threads", "2"));
        Object r = DiffdynMagics.execute(c);
        assertTrue(r instanceof SweepResult);
        SweepResult s = (SweepResult) r;
        assertEquals(2, s.runCount());
        assertEquals("local pool (2 threads)", s.engine());
        String html = Renderers.sweepHtml(s);
        assertTrue(html.contains("sweep weight-relaxation: 2 runs (0 failed)"), html);
    }
}
