package org.diffdyn.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dflib.jjava.jupyter.kernel.BaseNotebookStatics;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.diffdyn.core.progress.Progresses;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** The extension in a kernel built from nothing but the jjava-jupyter 1.0-a6 API (as upstream JJava is). */
class DiffdynExtensionTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private FakeKernel started;

    private FakeKernel start() {
        return started = new FakeKernel().started();
    }

    @AfterEach
    void reset() {
        if (started != null) started.onShutdown(false); // uninstalls extensions and the notebook kernel
        Progresses.setDefault(null);
    }

    @Test
    void serviceLoaderInstallsImportsMagicsRenderersAndProgress() {
        FakeKernel k = start();
        assertTrue(k.getMagicsRegistry().getLineMagicNames().contains("diffdyn"));
        assertTrue(k.getMagicsRegistry().getCellMagicNames().contains("diffdyn"));
        assertEquals(List.of(String.join("\n", DiffdynExtension.DEFAULT_IMPORTS)), k.evaluated);
        assertTrue(k.evaluated.get(0).contains("import static org.diffdyn.Diffdyn.*;"));
        assertInstanceOf(NotebookProgress.class, Progresses.create());

        DisplayData table = k.getRenderer().render(Table.create("t", DoubleColumn.create("x", 1, 2)));
        assertTrue(String.valueOf(table.getData(MIMEType.TEXT_HTML)).contains("class=\"diffdyn-table\""));

        ExperimentResult r = Registry.get("weight-relaxation")
                .builder()
                .parse("d", "3")
                .parse("steps", "20")
                .parse("record", "4")
                .progress(org.diffdyn.core.progress.Progress.NONE)
                .run();
        DisplayData fig = k.getRenderer().render(r.plot());
        assertTrue(String.valueOf(fig.getData(MIMEType.TEXT_HTML)).contains("diffdynPlotly("));
        assertTrue(String.valueOf(fig.getData(MIMEType.IMAGE_SVG)).startsWith("<svg"));
        assertTrue(String.valueOf(fig.getData(MIMEType.TEXT_PLAIN)).startsWith("Figure '"));

        DisplayData res = k.getRenderer().render(r);
        String html = String.valueOf(res.getData(MIMEType.TEXT_HTML));
        assertTrue(html.contains("class=\"diffdyn-table\"") && html.contains("diffdynPlotly("), "table + plot");
        assertTrue(html.indexOf("diffdyn-table") < html.indexOf("diffdyn-plotly"), "summary, table, then plots");
        assertEquals(r.plotSpecs().size(), count(html, "class=\"diffdyn-figure\""));
        assertEquals(1, count(html, "application/x-diffdyn-plotly"), "one library copy per output");
        assertTrue(String.valueOf(res.getData(MIMEType.IMAGE_SVG)).startsWith("<svg"));
        assertEquals(r.summary(), res.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void installIsIdempotent() {
        FakeKernel k = new FakeKernel();
        new DiffdynExtension().install(k);
        new DiffdynExtension().install(k);
        assertEquals(1, k.evaluated.size());
        FakeKernel other = new FakeKernel();
        other.getMagicsRegistry().registerLineMagic("diffdyn", (kk, args) -> "another copy");
        new DiffdynExtension().install(other);
        assertTrue(other.evaluated.isEmpty(), "a copy from another class loader already installed it");
    }

    @Test
    void failingImportsDoNotStopTheRest() {
        FakeKernel k = new FakeKernel() {
            @Override
            public Object evalRaw(String code) {
                throw new IllegalStateException("no JShell here");
            }
        };
        new DiffdynExtension().install(k);
        assertTrue(k.getMagicsRegistry().getLineMagicNames().contains("diffdyn"));
    }

    @Test
    void transpiledMagicRunsThroughTheNotebookStatics() {
        FakeKernel k = start();
        String code = k.getMagicParser().resolveMagics("%diffdyn describe weight-relaxation");
        assertTrue(code.contains("BaseNotebookStatics.lineMagic("), code);
        Object r = BaseNotebookStatics.lineMagic("diffdyn", List.of("describe", "weight-relaxation"));
        assertNull(r);
        assertEquals(1, k.displayed.size());
        assertTrue(
                String.valueOf(k.displayed.get(0).getData(MIMEType.TEXT_HTML)).contains("valid range"));
        RuntimeException e = assertThrows(
                RuntimeException.class,
                () -> BaseNotebookStatics.cellMagic("diffdyn", List.of("weight-relaxation"), "d = 100000"));
        assertTrue(
                e.getMessage().contains("parameter 'd' = 100000 is not valid: expected an integer in [1, 512]"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\tat "), "no stack trace in the message");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) n++;
        return n;
    }

    @Test
    void brokenPlotSpecStillShowsTheTable() {
        FakeKernel k = new FakeKernel();
        new DiffdynExtension().install(k);
        var params = org.diffdyn.experiment.Params.builder(List.of(org.diffdyn.experiment.Param.seed(1)))
                .experiment("broken")
                .build();
        ExperimentResult r = ExperimentResult.builder(params)
                .table(Table.create("t", DoubleColumn.create("x", 1, 2)))
                .plot("bad", org.diffdyn.plot.PlotSpec.of("bad", "x").lines("no-such-column"))
                .build();
        DisplayData d = k.getRenderer().render(r);
        String html = String.valueOf(d.getData(MIMEType.TEXT_HTML));
        assertTrue(html.contains("class=\"diffdyn-table\""), html);
        assertTrue(html.contains("plots could not be drawn"), html);
        assertFalse(d.hasDataForType(MIMEType.IMAGE_SVG));
    }
}
