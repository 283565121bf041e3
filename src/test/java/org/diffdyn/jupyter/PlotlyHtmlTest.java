package org.diffdyn.jupyter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.plot.Plots;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

class PlotlyHtmlTest {
    static final Pattern JS_IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    static Figure figure(String title) {
        Table t = Table.create(
                "t",
                DoubleColumn.create("x", 1, 2, 3),
                DoubleColumn.create("y", 1, 4, 9),
                StringColumn.create("g", "a", "a", "b"));
        return Plots.figure(t, PlotSpec.of(title, "x").lines("y").groupBy("g").logY());
    }

    private static List<String> divIds(String html) {
        Matcher m =
                Pattern.compile("<div id=\"([^\"]+)\" class=\"diffdyn-figure\"").matcher(html);
        List<String> ids = new ArrayList<>();
        while (m.find()) ids.add(m.group(1));
        return ids;
    }

    @Test
    void noNetworkReferences() {
        String html = PlotlyHtml.figure(figure("loss"));
        assertFalse(Pattern.compile("(?i)<script[^>]*\\bsrc\\s*=").matcher(html).find(), "no external script");
        assertFalse(html.contains("cdn.plot.ly"), "no CDN");
        assertFalse(
                Pattern.compile("(?i)https?://")
                        .matcher(html.replace(PlotlyHtml.embeddedLibrary(), ""))
                        .find(),
                "no URL outside the embedded library");
    }

    @Test
    void divIdsAreValidJsIdentifiersAndUnique() {
        String html = PlotlyHtml.figures(List.of(figure("a"), figure("b")));
        List<String> ids = divIds(html);
        assertEquals(2, ids.size(), html.substring(0, 200));
        for (String id : ids) {
            assertTrue(JS_IDENTIFIER.matcher(id).matches(), id);
            assertTrue(
                    html.contains("Plotly.newPlot(document.getElementById('" + id + "')"),
                    "the script draws into " + id);
        }
        assertFalse(ids.get(0).equals(ids.get(1)));
        assertFalse(
                divIds(PlotlyHtml.figure(figure("a")))
                        .get(0)
                        .equals(divIds(PlotlyHtml.figure(figure("a"))).get(0)),
                "ids differ between outputs");
    }

    @Test
    void everyOutputEmbedsOneDecodableCopyOfPlotly() throws Exception {
        String one = PlotlyHtml.figure(figure("a"));
        String two = PlotlyHtml.figures(List.of(figure("a"), figure("b")));
        assertEquals(1, count(one, "type=\"application/x-diffdyn-plotly\""));
        assertEquals(
                1, count(two, "type=\"application/x-diffdyn-plotly\""), "one copy shared by the figures of one output");
        Matcher m = Pattern.compile(
                        "<script type=\"application/x-diffdyn-plotly\" id=\"([A-Za-z0-9_]+)\"[^>]*>([A-Za-z0-9+/=]+)</script>")
                .matcher(one);
        assertTrue(m.find());
        assertTrue(one.contains("diffdynPlotly('" + m.group(1) + "'"), "the loader refers to this output's copy");
        byte[] js;
        try (GZIPInputStream in =
                new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(2))))) {
            js = in.readAllBytes();
        }
        assertArrayEquals(PlotlyHtml.libraryBytes(), js);
        assertTrue(new String(js, 0, 200, java.nio.charset.StandardCharsets.UTF_8).contains("v2.35.3"));
        // Size budget documented in kernel/offline-plots.md: the compressed copy is well under half the raw library.
        assertTrue(
                m.group(2).length() < 0.5 * js.length,
                "embedded copy " + m.group(2).length() + " chars");
    }

    @Test
    void titleReachesThePlotlyLayoutAndScriptsCannotBeClosedEarly() {
        String html = PlotlyHtml.figure(figure("loss </script><b>x</b>"));
        assertTrue(html.contains("\"title\":{\"text\":\"loss <\\/script><b>x</b>"), "title in the layout");
        int scripts = count(html.toLowerCase(), "<script");
        int closes = count(html.toLowerCase(), "</script");
        assertEquals(scripts, closes, "every script element closes exactly once");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) n++;
        return n;
    }
}
