package org.diffdyn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;

class SvgTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Two groups, five points each, theory as lines and simulation as markers. */
    static Table table() {
        double[] x = new double[10], th = new double[10], sim = new double[10];
        String[] g = new String[10];
        for (int i = 0; i < 10; i++) {
            x[i] = Math.pow(10, i % 5 - 2);
            th[i] = (i < 5 ? 1 : 3) * Math.exp(-x[i]);
            sim[i] = th[i] * (1 + 0.01 * (i % 3 - 1));
            g[i] = i < 5 ? "0.5" : "2";
        }
        return Table.create(
                "t",
                DoubleColumn.create("tau", x),
                DoubleColumn.create("theory", th),
                DoubleColumn.create("simulation", sim),
                StringColumn.create("lambda", g));
    }

    static PlotSpec spec() {
        return PlotSpec.of("Relaxation <of> modes", "tau")
                .lines("theory")
                .markers("simulation")
                .groupBy("lambda")
                .labels("training time tau", "variance")
                .logX()
                .logY();
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); // offline, no DTD
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    /** Style property of the nearest ancestor (or self) that sets it. */
    static String style(Node n, String property) {
        for (Node p = n; p instanceof Element; p = p.getParentNode()) {
            for (String decl : ((Element) p).getAttribute("style").split(";")) {
                String[] kv = decl.split(":", 2);
                if (kv.length == 2 && kv[0].trim().equals(property)) return kv[1].trim();
            }
        }
        return null;
    }

    static String rgb(String hex) {
        java.awt.Color c = java.awt.Color.decode(hex);
        return "rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")";
    }

    /** Data polylines (at least 3 segments) by stroke colour, and filled circles by fill colour. */
    static Map<String, Integer> lines(Document d) {
        Map<String, Integer> out = new HashMap<>();
        NodeList paths = d.getElementsByTagNameNS("*", "path");
        for (int i = 0; i < paths.getLength(); i++) {
            Element p = (Element) paths.item(i);
            String dd = p.getAttribute("d");
            if ("none".equals(style(p, "fill")) && !dd.contains("C") && dd.split("L").length >= 4 && !dd.contains("Z"))
                out.merge(style(p, "stroke"), 1, Integer::sum);
        }
        return out;
    }

    static Map<String, Integer> filledCircles(Document d) {
        Map<String, Integer> out = new HashMap<>();
        NodeList paths = d.getElementsByTagNameNS("*", "path");
        for (int i = 0; i < paths.getLength(); i++) {
            Element p = (Element) paths.item(i);
            String fill = style(p, "fill");
            if (p.getAttribute("d").contains("C")
                    && fill != null
                    && !"none".equals(fill)
                    && p.getAttribute("d").split("C").length == 5) out.merge(fill, 1, Integer::sum);
        }
        return out;
    }

    static List<String> texts(Document d) {
        List<String> out = new ArrayList<>();
        NodeList t = d.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < t.getLength(); i++) out.add(t.item(i).getTextContent());
        return out;
    }

    @Test
    void specSvgIsWellFormedWithOneLinePerTheorySeriesAndMarkersPerPoint() throws Exception {
        String svg = Svg.of(table(), spec());
        Document d = parse(svg);
        assertEquals("svg", d.getDocumentElement().getLocalName());
        String c0 = rgb(Plots.PALETTE[0]), c1 = rgb(Plots.PALETTE[1]);
        assertEquals(Map.of(c0, 1, c1, 1), lines(d), "one theory line per group, in the group colours");
        // 5 simulation points per group; the group's one legend entry shows its theory line, not a marker.
        assertEquals(Map.of(c0, 5, c1, 5), filledCircles(d));
        List<String> texts = texts(d);
        assertTrue(texts.contains("Relaxation <of> modes"), texts.toString());
        assertTrue(texts.contains(Plots.STYLE_NOTE), "the style note, once: " + texts);
        assertEquals(1, texts.stream().filter("lambda=0.5"::equals).count(), texts.toString());
        assertEquals(1, texts.stream().filter("lambda=2"::equals).count(), texts.toString());
        assertFalse(
                texts.stream().anyMatch(x -> x.contains("simulation") && !x.equals(Plots.STYLE_NOTE)),
                texts.toString());
        assertFalse(svg.contains("http://www.w3.org/TR"), "no DTD reference");
    }

    @Test
    void logAxesAndLabelsFollowTheSpec() {
        JFreeChart chart = Svg.jfreechart(Svg.chart(table(), spec()));
        XYPlot plot = chart.getXYPlot();
        assertInstanceOf(LogAxis.class, plot.getDomainAxis());
        assertInstanceOf(LogAxis.class, plot.getRangeAxis());
        assertEquals("training time tau", plot.getDomainAxis().getLabel());
        assertEquals("variance", plot.getRangeAxis().getLabel());
        assertEquals(4, plot.getDataset().getSeriesCount());
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        assertTrue(r.getSeriesLinesVisible(0) && !r.getSeriesShapesVisible(0), "theory: line only");
        assertTrue(!r.getSeriesLinesVisible(1) && r.getSeriesShapesVisible(1), "simulation: markers only");
        // A log range spanning 4 decades: ticks are powers of ten.
        JFreeChart lin =
                Svg.jfreechart(Svg.chart(table(), PlotSpec.of("t", "tau").lines("theory")));
        assertInstanceOf(NumberAxis.class, lin.getXYPlot().getDomainAxis());
        assertInstanceOf(NumberAxis.class, lin.getXYPlot().getRangeAxis());
    }

    @Test
    void nonPositiveValuesAreDroppedOnLogAxesOnly() throws Exception {
        Table t = Table.create("t", DoubleColumn.create("x", 0, 1, 2, 3, 4), DoubleColumn.create("y", 1, 2, 3, 4, 5));
        JFreeChart log =
                Svg.jfreechart(Svg.chart(t, PlotSpec.of("t", "x").lines("y").logX()));
        assertEquals(4, log.getXYPlot().getDataset().getItemCount(0));
        JFreeChart lin = Svg.jfreechart(Svg.chart(t, PlotSpec.of("t", "x").lines("y")));
        assertEquals(5, lin.getXYPlot().getDataset().getItemCount(0));
    }

    @Test
    void specFigureGivesExactlyTheSpecSvg() throws Exception {
        Figure f = Plots.figure(table(), spec());
        assertInstanceOf(SpecFigure.class, f);
        Document d = parse(Svg.of(f).orElseThrow());
        assertEquals(2, lines(d).size());
    }

    @Test
    void arbitraryScatterFigureIsReadBack() throws Exception {
        double[] x = {1, 10, 100, 1000}, y1 = {1, 2, 3, 4}, y2 = {4, 3, 2, 1};
        Figure f = new Figure(
                Layout.builder("user figure")
                        .xAxis(Axis.builder().title("n").type(Axis.Type.LOG).build())
                        .yAxis(Axis.builder().title("error").build())
                        .build(),
                ScatterTrace.builder(x, y1)
                        .mode(ScatterTrace.Mode.LINE)
                        .name("first")
                        .line(Line.builder().color("#123456").build())
                        .build(),
                ScatterTrace.builder(x, y2)
                        .mode(ScatterTrace.Mode.MARKERS)
                        .name("second")
                        .build());
        Svg.Chart c = Svg.extract(f).orElseThrow();
        assertEquals("user figure", c.title());
        assertEquals("n", c.xLabel());
        assertEquals("error", c.yLabel());
        assertTrue(c.logX());
        assertFalse(c.logY());
        assertEquals(2, c.series().size());
        assertEquals(new java.awt.Color(0x12, 0x34, 0x56), c.series().get(0).color());
        assertTrue(c.series().get(0).lines() && !c.series().get(0).markers());
        assertTrue(!c.series().get(1).lines() && c.series().get(1).markers());
        assertEquals(
                List.of(4.0, 3.0, 2.0, 1.0),
                java.util.Arrays.stream(c.series().get(1).y()).boxed().toList());
        Document d = parse(Svg.of(f).orElseThrow());
        assertEquals(Map.of("rgb(18,52,86)", 1), lines(d));
        assertTrue(texts(d).contains("user figure"));
    }

    @Test
    void unsupportedFiguresGiveNoSvg() {
        Figure bars = new Figure(
                BarTrace.builder(new String[] {"a", "b"}, new double[] {1, 2}).build());
        assertEquals(Optional.empty(), Svg.of(bars));
        Figure categories =
                new Figure(ScatterTrace.builder(StringColumn.create("c", "a", "b"), DoubleColumn.create("v", 1, 2))
                        .build());
        assertEquals(Optional.empty(), Svg.of(categories));
    }
}
