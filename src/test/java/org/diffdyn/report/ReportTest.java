package org.diffdyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.diffdyn.core.ParameterException;
import org.diffdyn.jupyter.PlotlyHtml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report command without Jupyter: arguments, cell injection, the HTML post-processing, a missing jupyter. */
class ReportTest {
    static final String NB = "{\"cells\":[{\"cell_type\":\"markdown\",\"metadata\":{},\"source\":\"# t\"},"
            + "{\"cell_type\":\"code\",\"metadata\":{\"tags\":[\"parameters\"]},\"outputs\":[],\"source\":[\"int D = 1;\\n\",\"double L = 0.5;\"]},"
            + "{\"cell_type\":\"code\",\"metadata\":{},\"outputs\":[],\"source\":\"D\"}],\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}";

    @Test
    void injectsAfterTheParametersCellAndReplacesAnEarlierInjection() {
        JsonObject nb = JsonParser.parseString(NB).getAsJsonObject();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("D", "32");
        p.put("L", "2");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String cell = Report.inject(nb, p, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("// Parameters\nint D = 32;\ndouble L = 2.0;\n", cell);
        assertEquals(4, nb.getAsJsonArray("cells").size());
        JsonObject injected = nb.getAsJsonArray("cells").get(2).getAsJsonObject();
        assertTrue(Report.tagged(injected, "injected-parameters"));
        assertEquals("D", Report.source(nb.getAsJsonArray("cells").get(3).getAsJsonObject()));
        Report.inject(nb, Map.of("D", "7"), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(4, nb.getAsJsonArray("cells").size(), "replaced, not added");
        assertEquals(
                "// Parameters\nint D = 7;\n",
                Report.source(nb.getAsJsonArray("cells").get(2).getAsJsonObject()));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "both parameters are declared");
    }

    @Test
    void badArgumentsAreNamed(@TempDir Path dir) throws Exception {
        Path nb = Files.writeString(dir.resolve("n.ipynb"), NB);
        assertTrue(assertThrows(ParameterException.class, () -> Report.parse(List.of(nb.toString(), "-p", "D")))
                .getMessage()
                .contains("KEY=VALUE"));
        assertTrue(assertThrows(ParameterException.class, () -> Report.parse(List.of(nb.toString(), "--out", "x.pdf")))
                .getMessage()
                .contains(".html"));
        assertTrue(assertThrows(
                        ParameterException.class,
                        () -> Report.parse(List.of(dir.resolve("missing.ipynb").toString())))
                .getMessage()
                .contains("missing.ipynb"));
        assertTrue(assertThrows(ParameterException.class, () -> Report.parse(List.of(nb.toString(), "--colour")))
                .getMessage()
                .contains("--colour"));
        assertTrue(assertThrows(
                        ParameterException.class,
                        () -> Report.parse(List.of(
                                nb.toString(), "--out", dir.resolve("n.html").toString())))
                .getMessage()
                .contains("overwrite"));
        Report.Options o = Report.parse(List.of(
                nb.toString(), "-p", "D=3", "--out", dir.resolve("r/out.html").toString()));
        assertEquals(dir.resolve("r/out.ipynb").toAbsolutePath(), o.executed());
    }

    @Test
    void aMissingJupyterIsExplained(@TempDir Path dir) throws Exception {
        Path nb = Files.writeString(dir.resolve("n.ipynb"), NB);
        System.setProperty("diffdyn.jupyter", dir.resolve("no-jupyter-here").toString());
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Report.run(
                    List.of(nb.toString(), "--out", dir.resolve("o.html").toString()),
                    System.out,
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(1, code);
            String e = err.toString(StandardCharsets.UTF_8);
            assertTrue(e.contains("no-jupyter-here") && e.contains("nbconvert") && e.contains("apt install"), e);
        } finally {
            System.clearProperty("diffdyn.jupyter");
        }
    }

    static byte[] readPlotly() {
        try (var in = PlotlyHtml.class.getResourceAsStream(
                "/org/diffdyn/plot/plotly/plotly-cartesian-" + PlotlyHtml.PLOTLY_VERSION + ".min.js")) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void plotlyOnceMathJaxEmbeddedNothingFromTheNetwork() {
        String out1 = PlotlyHtml.figure(FiguresForPapersTestSupport.figure("a"));
        String out2 = PlotlyHtml.figure(FiguresForPapersTestSupport.figure("b"));
        String page =
                "<html><head><style>.jp-Unused { color: red } /* c */ .jp-Cell { margin: 0 }\n body  { x: y }</style>"
                        + OfflineHtml.MARKER + "</head><body><div class=\"jp-Cell\">" + out1 + out2
                        + "$x$</div></body></html>";
        OfflineHtml.Result r = OfflineHtml.process(page);
        assertEquals(2, r.plotlyCopies());
        String html = r.html();
        String lib = PlotlyHtml.gzipBase64(readPlotly());
        assertTrue(html.indexOf(lib) >= 0 && html.indexOf(lib) == html.lastIndexOf(lib), "one copy of plotly.js");
        assertTrue(
                html.contains("id=\"" + OfflineHtml.MATHJAX_ID + "\"") && html.contains(OfflineHtml.mathjax()),
                "MathJax embedded");
        assertEquals(List.of(), OfflineHtml.networkReferences(html));
        assertTrue(
                !html.contains("jp-Unused") && html.contains(".jp-Cell{margin: 0}") && !html.contains("/* c */"),
                "styles compacted");
        assertEquals(
                List.of("https://cdn.example/x.js", "//fonts.example/f.woff"),
                OfflineHtml.networkReferences(
                        "<script src=\"https://cdn.example/x.js\"></script><style>@font-face{src:url('//fonts.example/f.woff')}</style>"));
        assertThrows(IllegalArgumentException.class, () -> OfflineHtml.process("<html></html>"));
    }
}
