package org.diffdyn.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.AbstractTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Static SVG images of plots, for viewers that run no JavaScript (GitHub's notebook preview, PDF export, untrusted
 * notebooks). Drawn with JFreeChart into JFreeSVG, with the same colours ({@link Plots#PALETTE}, one per group),
 * line/marker styles, log axes, axis labels and title as the interactive plotly figure.
 *
 * <p>Two sources: a table + {@link PlotSpec} (exact; {@link SpecFigure}s carry both), or an arbitrary tablesaw-jsplot
 * {@link Figure} made of scatter traces, whose data are read back from the traces. When a figure holds anything
 * this class cannot reproduce faithfully (bars, dates, categories, a second y axis), {@link #of(Figure)} returns
 * empty rather than a misleading picture.
 */
public final class Svg {
    private Svg() {}

    public static final int WIDTH = 760;
    public static final int HEIGHT = 480;

    /** One drawable series: points plus style; {@code legend} false hides it from the legend (same group shown). */
    record Series(
            String name,
            double[] x,
            double[] y,
            Color color,
            boolean lines,
            boolean markers,
            boolean errorBars,
            boolean legend,
            int dash) {
        Series(String name, double[] x, double[] y, Color color, boolean lines, boolean markers) {
            this(name, x, y, color, lines, markers, false, true, 0);
        }
    }

    /** Everything needed to draw one chart. */
    record Chart(
            String title,
            String subtitle,
            String xLabel,
            String yLabel,
            boolean logX,
            boolean logY,
            List<Series> series) {
        Chart(String title, String xLabel, String yLabel, boolean logX, boolean logY, List<Series> series) {
            this(title, null, xLabel, yLabel, logX, logY, series);
        }
    }

    /** The SVG document for a table drawn as the spec says. */
    public static String of(Table table, PlotSpec spec) {
        return render(chart(table, spec));
    }

    /**
     * The SVG document for a figure: exact for {@link SpecFigure}s, otherwise read back from the figure's scatter
     * traces and layout; empty when the figure contains something that cannot be reproduced.
     */
    public static Optional<String> of(Figure figure) {
        if (figure instanceof SpecFigure) {
            SpecFigure f = (SpecFigure) figure;
            return Optional.of(of(f.table(), f.spec()));
        }
        return extract(figure).map(Svg::render);
    }

    /** The chart model of a table + spec: {@link Plots#series}, trace by trace, as the interactive figure. */
    static Chart chart(Table table, PlotSpec spec) {
        List<Series> out = new ArrayList<>();
        List<Plots.Series> drawn = Plots.series(table, spec);
        for (Plots.Series s : drawn) {
            out.add(new Series(
                    s.name(),
                    s.x(),
                    s.y(),
                    Color.decode(s.color()),
                    s.style() != PlotSpec.Style.MARKERS,
                    s.style() != PlotSpec.Style.LINES,
                    s.errorBars(),
                    s.showLegend() && !s.errorBars(),
                    s.dash()));
        }
        return new Chart(
                spec.title(),
                Plots.pairsLinesWithMarkers(spec, drawn) ? Plots.STYLE_NOTE : null,
                spec.xLabel(),
                spec.yLabel(),
                spec.isLogX(),
                spec.isLogY(),
                out);
    }

    /** Reads a chart model back from a figure of scatter traces; empty if anything is not reproducible. */
    static Optional<Chart> extract(Figure figure) {
        try {
            List<Series> out = new ArrayList<>();
            Trace[] traces = figure.getTraces();
            if (traces == null || traces.length == 0) return Optional.empty();
            for (int i = 0; i < traces.length; i++) {
                if (!(traces[i] instanceof ScatterTrace)) return Optional.empty();
                ScatterTrace t = (ScatterTrace) traces[i];
                if (!"scatter".equals(get(t, AbstractTrace.class, "type"))) return Optional.empty();
                if (get(t, ScatterTrace.class, "open") != null) return Optional.empty(); // OHLC / candlestick
                Object yAxis = get(t, AbstractTrace.class, "yAxis");
                if (yAxis != null && !"y".equals(String.valueOf(yAxis))) return Optional.empty();
                double[] x = numbers((Object[]) get(t, ScatterTrace.class, "x"));
                double[] y = numbers((Object[]) get(t, ScatterTrace.class, "y"));
                if (x == null || y == null || x.length != y.length) return Optional.empty();
                String mode = String.valueOf(get(t, ScatterTrace.class, "mode"));
                boolean lines = mode.contains("lines");
                boolean markers = mode.contains("markers");
                if (!lines && !markers) return Optional.empty();
                Color c = traceColour(t, i);
                String name = t.name() == null ? "trace " + i : t.name();
                out.add(new Series(name, x, y, c, lines, markers));
            }
            Layout layout = figure.getLayout();
            String title = layout == null ? null : layout.getTitle();
            Axis xa = layout == null ? null : (Axis) get(layout, Layout.class, "xAxis");
            Axis ya = layout == null ? null : (Axis) get(layout, Layout.class, "yAxis");
            if (layout != null && get(layout, Layout.class, "yAxis2") != null) return Optional.empty();
            if (!plainAxis(xa) || !plainAxis(ya)) return Optional.empty();
            return Optional.of(new Chart(title, axisTitle(xa), axisTitle(ya), isLog(xa), isLog(ya), out));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty(); // tablesaw internals differ from 0.44.x: draw nothing rather than something wrong
        }
    }

    private static boolean plainAxis(Axis a) throws ReflectiveOperationException {
        if (a == null) return true;
        Object type = get(a, Axis.class, "type");
        return type == null || type == Axis.Type.LINEAR || type == Axis.Type.LOG || type == Axis.Type.DEFAULT;
    }

    private static boolean isLog(Axis a) throws ReflectiveOperationException {
        return a != null && get(a, Axis.class, "type") == Axis.Type.LOG;
    }

    private static String axisTitle(Axis a) throws ReflectiveOperationException {
        return a == null ? null : (String) get(a, Axis.class, "title");
    }

    private static Color traceColour(ScatterTrace t, int index) throws ReflectiveOperationException {
        String spec = null;
        Line line = (Line) get(t, ScatterTrace.class, "line");
        if (line != null) spec = (String) get(line, Line.class, "color");
        Marker marker = (Marker) get(t, ScatterTrace.class, "marker");
        if (spec == null && marker != null) {
            String[] colours = (String[]) get(marker, Marker.class, "color");
            if (colours != null && colours.length == 1) spec = colours[0];
        }
        Color c = spec == null ? null : parseColour(spec);
        return c != null ? c : Color.decode(Plots.PALETTE[index % Plots.PALETTE.length]);
    }

    private static Color parseColour(String s) {
        String v = s.trim();
        try {
            if (v.matches("#[0-9a-fA-F]{6}")) return Color.decode(v);
            if (v.matches("#[0-9a-fA-F]{3}"))
                return Color.decode(
                        "#" + v.charAt(1) + v.charAt(1) + v.charAt(2) + v.charAt(2) + v.charAt(3) + v.charAt(3));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "rgba?\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*(?:,\\s*[0-9.]+\\s*)?\\)")
                    .matcher(v);
            if (m.matches())
                return new Color(
                        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null; // named CSS colours etc.: fall back to the palette
    }

    private static double[] numbers(Object[] values) {
        if (values == null) return null;
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v instanceof Number) out[i] = ((Number) v).doubleValue();
            else if (v == null) out[i] = Double.NaN;
            else {
                try {
                    out[i] = Double.parseDouble(v.toString());
                } catch (NumberFormatException e) {
                    return null; // dates or categories: not reproducible here
                }
            }
        }
        return out;
    }

    private static Object get(Object target, Class<?> declaring, String field) throws ReflectiveOperationException {
        return org.diffdyn.compat.LibraryInternals.read(target, declaring, field); // declared and tested there
    }

    /** The JFreeChart chart for a model (package-private so tests can check axes and series). */
    static JFreeChart jfreechart(Chart chart) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setDrawSeriesLineAsPath(true);
        renderer.setDrawOutlines(false); // filled markers only: half the SVG size
        Set<String> names = new HashSet<>();
        int i = 0;
        for (Series s : chart.series()) {
            String key = s.name();
            for (int k = 2; !names.add(key); k++) key = s.name() + " (" + k + ")";
            XYSeries xy = new XYSeries(key, false, true);
            for (int p = 0; p < s.x().length; p++) {
                double x = s.x()[p], y = s.y()[p];
                if (s.errorBars() && Double.isNaN(x)) {
                    // NaN separates two bars; a null y breaks JFreeChart's path there.
                    if (xy.getItemCount() > 0) xy.add(xy.getX(xy.getItemCount() - 1), null);
                    continue;
                }
                if (!Double.isFinite(x) || !Double.isFinite(y)) continue;
                if ((chart.logX() && x <= 0) || (chart.logY() && y <= 0)) continue; // not drawable on a log axis
                xy.add(x, y);
            }
            if (xy.getItemCount() == 0) continue;
            data.addSeries(xy);
            renderer.setSeriesPaint(i, s.color());
            renderer.setSeriesLinesVisible(i, s.lines());
            renderer.setSeriesShapesVisible(i, s.markers());
            renderer.setSeriesShapesFilled(i, true);
            renderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
            float[] dash = s.dash() == 1 ? new float[] {7f, 4f} : s.dash() == 2 ? new float[] {2f, 3f} : null;
            renderer.setSeriesStroke(
                    i,
                    new BasicStroke(
                            s.errorBars() ? 1.2f : 2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
            renderer.setSeriesVisibleInLegend(i, s.legend() && !s.errorBars());
            i++;
        }
        XYPlot plot = new XYPlot(
                data,
                axis(chart.xLabel(), chart.logX(), decades(data, true)),
                axis(chart.yLabel(), chart.logY(), decades(data, false)),
                renderer);
        plot.setBackgroundPaint(new Color(0xE5, 0xEC, 0xF6)); // plotly's default plot background
        plot.setDomainGridlinePaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.WHITE);
        plot.setOutlineVisible(false);
        long entries = chart.series().stream()
                .filter(x -> x.legend() && !x.errorBars())
                .count();
        JFreeChart jf = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, entries > 1);
        if (chart.title() != null && !chart.title().isBlank())
            jf.setTitle(new TextTitle(chart.title(), new Font(Font.SANS_SERIF, Font.PLAIN, 17)));
        if (chart.subtitle() != null)
            jf.addSubtitle(new TextTitle(chart.subtitle(), new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        jf.setBackgroundPaint(Color.WHITE);
        if (jf.getLegend() != null) {
            // Few series: legend at the right, as plotly. Many: below, wrapped in rows, so the plot keeps its width.
            jf.getLegend().setPosition(entries <= 8 ? RectangleEdge.RIGHT : RectangleEdge.BOTTOM);
            jf.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
        return jf;
    }

    /** How many decades the data span along x or y (for choosing log-axis tick labels). */
    private static double decades(XYSeriesCollection data, boolean x) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            XYSeries xy = data.getSeries(s);
            for (int i = 0; i < xy.getItemCount(); i++) {
                Number n = x ? xy.getX(i) : xy.getY(i);
                double v = n == null ? Double.NaN : n.doubleValue(); // null: a gap between error bars
                if (v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return hi > 0 ? Math.log10(hi / lo) : 0;
    }

    private static ValueAxis axis(String label, boolean log, double decades) {
        if (log) {
            LogAxis a = new LogAxis(label);
            a.setSmallestValue(1e-300);
            a.setBase(10);
            a.setBaseSymbol("10");
            a.setMinorTickMarksVisible(true);
            // Powers of ten read well over several decades; within about one decade ticks fall at fractional
            // exponents, so show them as plain numbers (as plotly does) instead of 10^0.3.
            if (decades < 2) {
                a.setNumberFormatOverride(new SignificantFormat());
            } else if (decades <= 6) {
                a.setTickUnit(new NumberTickUnit(1), false, true); // one tick per decade: 0.01, 0.1, 1, 10
                a.setNumberFormatOverride(new SignificantFormat());
            } else {
                a.setTickUnit(
                        new NumberTickUnit(Math.ceil(decades / 8), new java.text.DecimalFormat("0")), false, true);
            }
            return a;
        }
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    static String render(Chart chart) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        g.setGeomDoubleConverter(v -> String.format(Locale.ROOT, "%.1f", v)); // 0.1 px: invisible, keeps files small
        jfreechart(chart).draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement(); // no XML prolog or DTD reference: embeds inline and parses offline
    }

    /** Three significant digits, no trailing zeros: 0.00125, 1.26, 250, 1.5e+06. */
    static final class SignificantFormat extends java.text.NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double v, StringBuffer to, java.text.FieldPosition pos) {
            String s = String.format(Locale.ROOT, "%.3g", v);
            if (s.contains("e")) {
                String[] parts = s.split("e");
                s = strip(parts[0]) + "e" + parts[1];
            } else {
                s = strip(s);
            }
            return to.append(s);
        }

        private static String strip(String s) {
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, java.text.FieldPosition pos) {
            return format((double) v, to, pos);
        }

        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            throw new UnsupportedOperationException();
        }
    }
}
