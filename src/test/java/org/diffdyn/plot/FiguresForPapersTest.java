package org.diffdyn.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.diffdyn.core.ParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Legend groups, ordered colours, full-width layout, and the svg/png/pdf files of a figure. */
class FiguresForPapersTest {
    /** Three modes (given out of order: 10, 0.1, 1), each a theory line and simulation markers. */
    static Table table() {
        StringColumn lambda = StringColumn.create("lambda");
        DoubleColumn tau = DoubleColumn.create("tau"),
                th = DoubleColumn.create("theory"),
                sim = DoubleColumn.create("simulation");
        for (String l : new String[] {"10", "0.1", "1"}) {
            for (int i = 0; i < 4; i++) {
                double t = Math.pow(10, i - 1), v = Math.exp(-Double.parseDouble(l) * t);
                lambda.append(l);
                tau.append(t);
                th.append(v);
                sim.append(v * 1.01);
            }
        }
        return Table.create("modes", lambda, tau, th, sim);
    }

    static PlotSpec spec() {
        return PlotSpec.of("Modes", "tau")
                .lines("theory")
                .markers("simulation")
                .groupBy("lambda")
                .logX();
    }

    static List<JsonObject> traces(JsonObject fig) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : fig.getAsJsonArray("data")) out.add(e.getAsJsonObject());
        return out;
    }

    static String colour(JsonObject t) {
        JsonObject style = t.has("line") ? t.getAsJsonObject("line") : t.getAsJsonObject("marker");
        return style.get("color").getAsString();
    }

    @Test
    void oneLegendEntryPerGroupInOneColour() {
        JsonObject fig = Plots.plotlyJson(table(), spec());
        List<JsonObject> traces = traces(fig);
        assertEquals(6, traces.size());
        Map<String, Integer> shown = new LinkedHashMap<>();
        Map<String, String> colours = new LinkedHashMap<>();
        for (JsonObject t : traces) {
            String group = t.get("legendgroup").getAsString();
            if (t.get("showlegend").getAsBoolean()) shown.merge(group, 1, Integer::sum);
            String previous = colours.putIfAbsent(group, colour(t));
            if (previous != null) assertEquals(previous, colour(t), "line and markers of " + group + " share a colour");
        }
        assertEquals(Map.of("lambda=10", 1, "lambda=0.1", 1, "lambda=1", 1), shown, "showlegend once per legendgroup");
        assertEquals(3, colours.values().stream().distinct().count());
        assertEquals(
                "Modes",
                fig.getAsJsonObject("layout")
                        .getAsJsonObject("title")
                        .get("text")
                        .getAsString());
        String layout = fig.getAsJsonObject("layout").toString();
        assertEquals(1, layout.split(Plots.STYLE_NOTE, -1).length - 1, "the style note is said once: " + layout);
        assertEquals(
                Plots.STYLE_NOTE,
                fig.getAsJsonObject("layout")
                        .getAsJsonArray("annotations")
                        .get(0)
                        .getAsJsonObject()
                        .get("text")
                        .getAsString());
        assertTrue(
                !Plots.plotlyJson(
                                table(), PlotSpec.of("t", "tau").lines("theory").groupBy("lambda"))
                        .getAsJsonObject("layout")
                        .has("annotations"),
                "no note without markers");
        Table noSimulation = table();
        noSimulation.replaceColumn("simulation", DoubleColumn.create("simulation", noSimulation.rowCount()));
        assertTrue(
                !Plots.plotlyJson(noSimulation, spec())
                        .getAsJsonObject("layout")
                        .has("annotations"),
                "no note when no marker is drawn");
        assertTrue(fig.getAsJsonObject("layout").get("autosize").getAsBoolean(), "fills the width");
        assertTrue(!fig.getAsJsonObject("layout").has("width"), "no fixed width");
    }

    @Test
    void orderedGroupsFollowASequentialScaleInIncreasingOrder() {
        List<JsonObject> traces = traces(Plots.plotlyJson(table(), spec().ordered()));
        List<String> order = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        for (JsonObject t : traces)
            if (t.get("showlegend").getAsBoolean()) {
                order.add(t.get("name").getAsString());
                colours.add(colour(t));
            }
        assertEquals(List.of("lambda=0.1", "lambda=1", "lambda=10"), order);
        assertEquals(List.of(Plots.SEQUENTIAL[0], Plots.sequential(0.45), Plots.sequential(0.9)), colours);
        // dark to light: luminance increases with lambda
        double previous = -1;
        for (String c : colours) {
            Color x = Color.decode(c);
            double luminance = 0.2126 * x.getRed() + 0.7152 * x.getGreen() + 0.0722 * x.getBlue();
            assertTrue(luminance > previous, colours.toString());
            previous = luminance;
        }
        // unordered: first appearance, qualitative palette
        List<String> unordered = new ArrayList<>();
        for (JsonObject t : traces(Plots.plotlyJson(table(), spec())))
            if (t.get("showlegend").getAsBoolean()) unordered.add(colour(t));
        assertEquals(List.of(Plots.PALETTE[0], Plots.PALETTE[1], Plots.PALETTE[2]), unordered);
    }

    @Test
    void staticSvgShowsTheSameSeriesColoursAndLegend() {
        Svg.Chart chart = Svg.chart(table(), spec().ordered());
        List<Plots.Series> series = Plots.series(table(), spec().ordered());
        assertEquals(series.size(), chart.series().size());
        for (int i = 0; i < series.size(); i++) {
            assertEquals(
                    Color.decode(series.get(i).color()), chart.series().get(i).color());
            assertEquals(series.get(i).showLegend(), chart.series().get(i).legend());
            assertEquals(series.get(i).name(), chart.series().get(i).name());
        }
        assertEquals(Plots.STYLE_NOTE, chart.subtitle());
    }

    @Test
    void filesAreWrittenInTheFormatTheirNameSays(@TempDir Path dir) throws Exception {
        Path svg = FigureFiles.write(table(), spec(), dir.resolve("fig.svg"));
        Path png = FigureFiles.write(table(), spec(), dir.resolve("sub/fig.png"));
        Path pdf = FigureFiles.write(table(), spec(), dir.resolve("fig.pdf"));
        String s = Files.readString(svg, StandardCharsets.UTF_8);
        assertTrue(s.startsWith("<svg") && s.contains("Modes"), s.substring(0, 80));
        SvgTest.parse(s); // well-formed XML
        byte[] p = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(p, 4));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1520, image.getWidth());
        assertEquals(960, image.getHeight());
        byte[] f = Files.readAllBytes(pdf);
        String head = new String(f, 0, 8, StandardCharsets.ISO_8859_1),
                all = new String(f, StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("%PDF-1."), head);
        assertTrue(
                all.stripTrailing().endsWith("%%EOF") && all.contains("/Type /Page") && all.contains("startxref"),
                "a complete PDF");
        ParameterException e = assertThrows(
                ParameterException.class, () -> FigureFiles.write(table(), spec(), dir.resolve("fig.jpg")));
        assertTrue(e.getMessage().contains("fig.jpg") && e.getMessage().contains(".svg, .png or .pdf"), e.getMessage());
    }

    /**
     * Legend text: a text group is named by its value, a numeric one as column=value; a legend-per-series spec names
     * every trace "label, group" (the label alone for a single-valued group column) with a colour per group shared by
     * its series, and a series grouped by its own column (here the theory per analysis across both branches).
     */
    @Test
    void legendNamesAreShortAndSeriesMayHaveTheirOwnGroups() {
        StringColumn branch = StringColumn.create("branch"), analysis = StringColumn.create("analysis");
        DoubleColumn lam = DoubleColumn.create("lambda"),
                measured = DoubleColumn.create("measured"),
                theory = DoubleColumn.create("theory"),
                fit = DoubleColumn.create("fit");
        for (int k = 0; k < 6; k++) {
            branch.append(k < 3 ? "increase" : "decrease");
            analysis.append("image");
            lam.append(Math.pow(10, 1 - k));
            measured.append(10 + k);
            theory.append(11 + k);
            fit.append(k == 2 ? Double.NaN : 12 + k);
        }
        branch.append(""); // a row of another kind: blank groups are neither drawn nor counted
        analysis.append("");
        lam.append(1);
        measured.appendMissing();
        theory.appendMissing();
        fit.appendMissing();
        Table t = Table.create("emergence", branch, analysis, lam, measured, theory, fit);
        PlotSpec spec = PlotSpec.of("e", "lambda")
                .add("measured", PlotSpec.Style.MARKERS, "measured", "branch")
                .add("theory", PlotSpec.Style.LINES, "linear theory", "analysis")
                .add("fit", PlotSpec.Style.LINES, "fit", "branch");
        List<Plots.Series> drawn = Plots.series(t, spec);
        List<String> names = new ArrayList<>();
        for (Plots.Series s : drawn) names.add(s.name());
        assertEquals(
                List.of("measured, increase", "measured, decrease", "linear theory", "fit, increase", "fit, decrease"),
                names);
        assertEquals(drawn.get(0).color(), drawn.get(3).color(), "measured and fit of a branch share its colour");
        assertTrue(!drawn.get(0).color().equals(drawn.get(1).color()), "branches differ");
        assertEquals(6, drawn.get(2).x().length, "the theory line runs across both branches");
        assertEquals(2, drawn.get(3).x().length, "a fit is drawn only where it has values");
        assertEquals(
                List.of(0, 0, 0, 1, 1), drawn.stream().map(Plots.Series::dash).toList(), "fit dashed");
        assertTrue(!Plots.pairsLinesWithMarkers(spec, drawn), "no theory/simulation note: the names say it");
        // text groups of a paired spec: the value alone; numeric ones keep column=value (see the tests above)
        Table byBranch = t.where(t.stringColumn("branch").isNotEqualTo(""));
        List<String> paired = new ArrayList<>();
        for (Plots.Series s : Plots.series(
                byBranch,
                PlotSpec.of("p", "lambda").markers("measured").lines("theory").groupBy("branch")))
            if (s.showLegend()) paired.add(s.name());
        assertEquals(List.of("increase", "decrease"), paired);
        // a group with nothing to draw (here the blank one, sorted first) takes no colour
        List<Plots.Series> sorted = Plots.series(
                t.sortAscendingOn("branch"),
                PlotSpec.of("p", "lambda").markers("measured").lines("theory").groupBy("branch"));
        assertEquals("decrease", sorted.get(0).name());
        assertEquals(Plots.PALETTE[0], sorted.get(0).color());
    }

    @Test
    void longTitlesAreWrappedForPlotly() {
        String title = "mlp on fashion-mnist train (2000): emergence step vs mode variance, measured beside the linear "
                + "theory's emergence times on the same spectrum";
        String text = Plots.plotlyJson(table(), PlotSpec.of(title, "tau").lines("theory"))
                .getAsJsonObject("layout")
                .getAsJsonObject("title")
                .get("text")
                .getAsString();
        String[] lines = text.split("<br>");
        assertTrue(lines.length >= 2, text);
        for (String l : lines) assertTrue(l.length() <= Plots.TITLE_LINE, l);
        assertEquals(title, String.join(" ", lines), "only spaces are replaced");
        assertEquals("Modes", Plots.wrapTitle("Modes"));
    }
}
