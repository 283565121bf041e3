package org.diffdyn.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.diffdyn.core.ParameterException;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.jupyter.DiffdynMagics.Command;
import org.diffdyn.jupyter.DiffdynMagics.Kind;
import org.diffdyn.jupyter.DiffdynMagics.UsageException;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class DiffdynMagicsTest {
    static final String EXP = "weight-relaxation";

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void lineCommands() {
        assertEquals(Kind.HELP, DiffdynMagics.parseLine(List.of()).kind());
        assertEquals(Kind.HELP, DiffdynMagics.parseLine(List.of("help")).kind());
        assertEquals(Kind.VERSION, DiffdynMagics.parseLine(List.of("version")).kind());
        assertEquals(Kind.LIST, DiffdynMagics.parseLine(List.of("list")).kind());
        assertEquals(new Command(Kind.DESCRIBE, EXP, Map.of()), DiffdynMagics.parseLine(List.of("describe", EXP)));
        Command run = DiffdynMagics.parseLine(List.of(EXP, "d=6", "seed=3"));
        assertEquals(new Command(Kind.RUN, EXP, map("d", "6", "seed", "3")), run);
        assertEquals(run, DiffdynMagics.parseLine(List.of("run", EXP, "d=6", "seed=3")));
        assertEquals(List.of("d", "seed"), List.copyOf(run.options().keySet()), "order kept");
    }

    @Test
    void cellBodyOptions() {
        String body = String.join(
                "\n", "# spectrum and size", "d = 6", "", "spectrum=powerlaw k=1.5   # two on one line", "  steps=200");
        Command c = DiffdynMagics.parseCell(List.of(EXP, "seed=9"), body);
        assertEquals(
                new Command(
                        Kind.RUN, EXP, map("seed", "9", "d", "6", "spectrum", "powerlaw", "k", "1.5", "steps", "200")),
                c);
        assertEquals(
                map("lambdas", "1, 2, 3"),
                new Command(Kind.RUN, EXP, Map.of("lambdas", "1, 2, 3")).options(),
                "sanity");
        assertEquals(
                "1, 2, 3",
                DiffdynMagics.parseCell(List.of(EXP), "lambdas = 1, 2, 3")
                        .options()
                        .get("lambdas"),
                "one key = value per line keeps spaces inside a list");
    }

    @Test
    void malformedInvocationsAreUsageErrorsNamingTheToken() {
        UsageException e = assertThrows(UsageException.class, () -> DiffdynMagics.parseLine(List.of(EXP, "d")));
        assertTrue(e.getMessage().contains("'d'") && e.getMessage().contains("key=value"), e.getMessage());
        e = assertThrows(UsageException.class, () -> DiffdynMagics.parseLine(List.of(EXP, "d=1", "d=2")));
        assertTrue(e.getMessage().contains("'d' is given twice"), e.getMessage());
        e = assertThrows(UsageException.class, () -> DiffdynMagics.parseLine(List.of("d=4")));
        assertTrue(e.getMessage().contains("experiment name comes first"), e.getMessage());
        assertThrows(UsageException.class, () -> DiffdynMagics.parseLine(List.of("describe")));
        assertThrows(UsageException.class, () -> DiffdynMagics.parseLine(List.of("run")));
        assertThrows(UsageException.class, () -> DiffdynMagics.parseLine(List.of("list", "extra")));
        assertThrows(UsageException.class, () -> DiffdynMagics.parseCell(List.of("version"), "d=3"));
        assertThrows(UsageException.class, () -> DiffdynMagics.parseCell(List.of(EXP), "=3"));
        assertEquals(0, e.getStackTrace().length, "no stack trace to bury the message");
    }

    @Test
    void badOptionsNameOptionValueAndRangeBeforeAnyWork() {
        ParameterException unknownExp = assertThrows(
                ParameterException.class,
                () -> DiffdynMagics.builder(DiffdynMagics.parseLine(List.of("no-such-experiment"))));
        assertTrue(
                unknownExp.getMessage().contains("no-such-experiment")
                        && unknownExp.getMessage().contains(EXP),
                unknownExp.getMessage());
        ParameterException unknownOpt = assertThrows(
                ParameterException.class,
                () -> DiffdynMagics.builder(DiffdynMagics.parseLine(List.of(EXP, "dimension=3"))));
        assertTrue(
                unknownOpt.getMessage().contains("'dimension'")
                        && unknownOpt.getMessage().contains("d, "),
                unknownOpt.getMessage());
        ParameterException bad = assertThrows(
                ParameterException.class, () -> DiffdynMagics.builder(DiffdynMagics.parseLine(List.of(EXP, "d=-4"))));
        assertEquals("d", bad.parameter());
        assertEquals("-4", bad.value());
        assertTrue(bad.getMessage().contains("[1, 512]"), bad.getMessage());
        ParameterException notNumber = assertThrows(
                ParameterException.class,
                () -> DiffdynMagics.builder(DiffdynMagics.parseLine(List.of(EXP, "sigma=abc"))));
        assertTrue(notNumber.getMessage().contains("'sigma' = abc"), notNumber.getMessage());
    }

    @Test
    void magicDisplaysResultReturnsNullAndReportsErrorsConcisely() throws Exception {
        FakeKernel k = new FakeKernel();
        DiffdynMagics.register(k);
        Object r = k.getMagicsRegistry().evalLineMagic(k, "diffdyn", List.of(EXP, "d=4", "steps=50", "record=5"));
        assertNull(r, "nothing returned: the display is the output in every kernel");
        assertEquals(1, k.displayed.size());
        var shown = k.displayed.get(0);
        assertTrue(shown.hasDataForType(MIMEType.TEXT_PLAIN));
        assertTrue(
                String.valueOf(shown.getData(MIMEType.TEXT_PLAIN)).startsWith(EXP + " [d=4"),
                String.valueOf(shown.getData(MIMEType.TEXT_PLAIN)));

        Object none = k.getMagicsRegistry().evalCellMagic(k, "diffdyn", List.of("describe", EXP), "");
        assertNull(none);
        assertEquals(2, k.displayed.size());

        UsageException e = assertThrows(
                UsageException.class, () -> k.getMagicsRegistry().evalLineMagic(k, "diffdyn", List.of(EXP, "d=0")));
        assertTrue(
                e.getMessage().startsWith("parameter 'd' = 0 is not valid: expected an integer in [1, 512]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("'%diffdyn describe weight-relaxation' lists every option"), e.getMessage());
        assertEquals(0, e.getStackTrace().length);
        e = assertThrows(
                UsageException.class, () -> k.getMagicsRegistry().evalLineMagic(k, "diffdyn", List.of("nope")));
        assertTrue(
                e.getMessage().contains("'experiment' = nope") && e.getMessage().contains("%diffdyn list"),
                e.getMessage());
        assertEquals(2, k.displayed.size(), "nothing displayed for failed invocations");
    }

    @Test
    void executeGivesTheRightKinds() {
        assertTrue(
                ((String) DiffdynMagics.execute(DiffdynMagics.parseLine(List.of()))).contains("%%diffdyn EXPERIMENT"));
        assertTrue(((String) DiffdynMagics.execute(DiffdynMagics.parseLine(List.of("version"))))
                .contains("linear algebra"));
        Table list = (Table) DiffdynMagics.execute(DiffdynMagics.parseLine(List.of("list")));
        assertTrue(list.stringColumn("experiment").asList().contains(EXP));
        Table describe = (Table) DiffdynMagics.execute(DiffdynMagics.parseLine(List.of("describe", EXP)));
        int row = describe.stringColumn("parameter").asList().indexOf("d");
        assertEquals("16", describe.stringColumn("default").get(row));
        assertTrue(describe.stringColumn("valid range").get(row).contains("[1, 512]"));
        Object run = DiffdynMagics.execute(DiffdynMagics.parseCell(List.of(EXP), "d=3\nsteps=20\nrecord=4\nseed=5"));
        assertInstanceOf(ExperimentResult.class, run);
        assertEquals(5L, ((ExperimentResult) run).seed());
    }
}
