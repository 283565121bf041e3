package org.diffdyn.plot;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Builds figures from a result table and a {@link PlotSpec}. One model ({@link #series}) drives the interactive
 * plotly figure ({@link #plotlyJson}), the tablesaw {@link Figure} and the static images ({@link Svg},
 * {@link FigureFiles}), so they show the same series, colours and legend.
 *
 * <p>Legend: with a group column, a group's theory line and simulation markers (the j-th LINES series and the j-th
 * MARKERS series of the spec) form one legend entry ({@code legendgroup}, shown once) in one colour, and a note
 * above the plot (a subtitle in the static images) says once "lines: theory, markers: simulation". Colours: a qualitative palette per group, or a sequential scale in
 * increasing order when the spec marks the group column {@link PlotSpec#ordered() ordered}.
 */
public final class Plots {
    private Plots() {}

    /** A colour-blind-safe qualitative palette (Okabe–Ito, then Tableau), cycled. */
    public static final String[] PALETTE = {
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
        "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#9C755F", "#76B7B2", "#EDC948", "#FF9DA7"
    };

    /** The sequential scale for ordered groups: viridis at 0, 0.1, …, 1 (used from 0 to 0.9, dark to light). */
    public static final String[] SEQUENTIAL = {
        "#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c", "#22a884", "#44bf70", "#7ad151", "#bddf26",
        "#fde725"
    };

    /** The note said once when a figure pairs theory lines with simulation markers. */
    public static final String STYLE_NOTE = "lines: theory, markers: simulation";

    public static final int HEIGHT = 480;

    /**
     * One drawn trace: its legend text, legend group and whether it shows the group's legend entry, its points,
     * colour, style, and dash (0 solid, 1 dashed, 2 dotted: the 2nd, 3rd … line series of a group).
     */
    public record Series(
            String name,
            String legendGroup,
            boolean showLegend,
            double[] x,
            double[] y,
            String color,
            PlotSpec.Style style,
            int dash,
            boolean errorBars) {}

    /** The rows of {@code table} split by the group column's values, in order of first appearance. */
    public static Map<String, Table> groups(Table table, String groupBy) {
        Map<String, Table> out = new LinkedHashMap<>();
        if (groupBy == null) {
            out.put("", table);
            return out;
        }
        Column<?> g = table.column(groupBy);
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (int r = 0; r < table.rowCount(); r++)
            rows.computeIfAbsent(g.getString(r), k -> new ArrayList<>()).add(r);
        for (Map.Entry<String, List<Integer>> e : rows.entrySet())
            out.put(
                    e.getKey(),
                    table.rows(e.getValue().stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

    /** The order key of an ordered group: the last number in its text (NaN if none). */
    static double orderKey(String group) {
        Matcher m = NUMBER.matcher(group);
        double v = Double.NaN;
        while (m.find()) v = Double.parseDouble(m.group());
        return v;
    }

    /** The groups in drawing order: first appearance, or increasing value for an ordered spec. */
    static List<Map.Entry<String, Table>> orderedGroups(Table table, PlotSpec spec) {
        List<Map.Entry<String, Table>> groups =
                new ArrayList<>(groups(table, spec.groupBy()).entrySet());
        if (spec.isOrdered()
                && spec.groupBy() != null
                && groups.stream().noneMatch(e -> Double.isNaN(orderKey(e.getKey()))))
            groups.sort(Comparator.comparingDouble(e -> orderKey(e.getKey())));
        return groups;
    }

    /** {@code n} colours: the palette cycled, or the sequential scale from dark to light for ordered groups. */
    public static String[] colours(int n, boolean ordered) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++)
            out[i] = ordered ? sequential(n == 1 ? 0 : 0.9 * i / (n - 1)) : PALETTE[i % PALETTE.length];
        return out;
    }

    /** The sequential scale at {@code t} in [0, 1], linear in RGB between its anchors. */
    static String sequential(double t) {
        double pos = Math.max(0, Math.min(1, t)) * (SEQUENTIAL.length - 1);
        int i = Math.min((int) pos, SEQUENTIAL.length - 2);
        double f = pos - i;
        java.awt.Color a = java.awt.Color.decode(SEQUENTIAL[i]), b = java.awt.Color.decode(SEQUENTIAL[i + 1]);
        return String.format(
                Locale.ROOT,
                "#%02x%02x%02x",
                Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /**
     * Whether the drawn figure pairs lines with markers in groups, so that {@link #STYLE_NOTE} is said (once): a
     * group column, and both a line and a marker trace with points (a simulation column left empty draws no markers).
     */
    public static boolean pairsLinesWithMarkers(PlotSpec spec, List<Series> drawn) {
        return spec.groupBy() != null
                && !spec.isLegendPerSeries()
                && drawn.stream().anyMatch(s -> !s.errorBars() && s.style() != PlotSpec.Style.MARKERS)
                && drawn.stream().anyMatch(s -> s.style() == PlotSpec.Style.MARKERS);
    }

    /**
     * A group's legend text: the value itself when it is text ("linear theory", "Bag", "increase"), or
     * "column=value" when it is a number or empty ("lambda=0.5"), so that a bare number still says what it is.
     */
    static String groupText(String column, String key) {
        String k = key.trim();
        return k.isEmpty() || NUMBER.matcher(k).matches() ? column + "=" + key : key;
    }

    /** Every trace of the figure, in drawing order (see the class comment for legend and colours). */
    public static List<Series> series(Table table, PlotSpec spec) {
        if (spec.isLegendPerSeries()) return seriesWithOwnLegend(table, spec);
        List<Series> out = new ArrayList<>();
        List<Map.Entry<String, Table>> groups = orderedGroups(table, spec);
        // groups with nothing to draw (rows of another kind in a long table) take no colour
        groups.removeIf(g -> spec.series().stream()
                .allMatch(s -> ((NumericColumn<?>) g.getValue().column(s.column()))
                                .isMissing()
                                .size()
                        == g.getValue().rowCount()));
        String[] colours = colours(groups.size(), spec.isOrdered() && spec.groupBy() != null);
        List<PlotSpec.Series> lines = new ArrayList<>(), markers = new ArrayList<>();
        for (PlotSpec.Series s : spec.series()) (s.style() == PlotSpec.Style.MARKERS ? markers : lines).add(s);
        int pairs = Math.max(lines.size(), markers.size());
        for (int g = 0; g < groups.size(); g++) {
            String key = groups.get(g).getKey();
            Table group = groups.get(g).getValue();
            java.util.Set<String> shown = new java.util.HashSet<>();
            for (PlotSpec.Series s : spec.series()) {
                Table t = group.dropWhere(((NumericColumn<?>) group.column(s.column())).isMissing());
                if (t.rowCount() == 0) continue;
                double[] x = ((NumericColumn<?>) t.column(spec.x())).asDoubleArray();
                double[] y = ((NumericColumn<?>) t.column(s.column())).asDoubleArray();
                String name, legendGroup;
                int dash = 0;
                if (spec.groupBy() == null) {
                    name = s.label();
                    legendGroup = s.label();
                } else {
                    boolean isMarkers = s.style() == PlotSpec.Style.MARKERS;
                    int j = (isMarkers ? markers : lines).indexOf(s);
                    if (!isMarkers) dash = Math.min(j, 2);
                    legendGroup = spec.groupBy() + "=" + key + (pairs > 1 ? " #" + j : "");
                    PlotSpec.Series named = j < lines.size() ? lines.get(j) : markers.get(j);
                    name = groupText(spec.groupBy(), key) + (pairs > 1 ? ", " + named.label() : "");
                }
                boolean show = shown.add(legendGroup);
                out.add(new Series(name, legendGroup, show, x, y, colours[g], s.style(), dash, false));
                double[][] bars = errorBars(t, spec, s);
                if (bars != null)
                    out.add(new Series(
                            name + " ± error",
                            legendGroup,
                            false,
                            bars[0],
                            bars[1],
                            colours[g],
                            PlotSpec.Style.LINES,
                            0,
                            true));
            }
        }
        return out;
    }

    /**
     * The traces of a {@link PlotSpec#legendPerSeries()} spec: series by series, each split by its own group column
     * (or the spec's), one legend entry per trace named "label, group" ("label" alone when the column has one group);
     * a colour per group value shared by every series (several markers series over one grouping: a colour per series
     * and group, as markers have no dash), the 2nd, 3rd … line series dashed, dotted.
     */
    static List<Series> seriesWithOwnLegend(Table table, PlotSpec spec) {
        List<Series> out = new ArrayList<>();
        Map<String, String> colourOf = new LinkedHashMap<>();
        List<PlotSpec.Series> lines = new ArrayList<>();
        Map<String, Integer> markerSeries = new java.util.HashMap<>(); // MARKERS series per group column
        for (PlotSpec.Series s : spec.series())
            if (s.style() != PlotSpec.Style.MARKERS) lines.add(s);
            else
                markerSeries.merge(String.valueOf(s.groupBy() != null ? s.groupBy() : spec.groupBy()), 1, Integer::sum);
        for (PlotSpec.Series s : spec.series()) {
            String column = s.groupBy() != null ? s.groupBy() : spec.groupBy();
            // markers are told apart by colour only: several markers series over one grouping get a colour each
            boolean ownColour = s.style() == PlotSpec.Style.MARKERS && markerSeries.get(String.valueOf(column)) > 1;
            Map<String, Table> groups = new LinkedHashMap<>(); // the groups with points in this series
            Map<String, Table> all = groups(table, column);
            long named = all.keySet().stream().filter(k -> !k.isBlank()).count();
            for (Map.Entry<String, Table> g : all.entrySet()) {
                Table t =
                        g.getValue().dropWhere(((NumericColumn<?>) g.getValue().column(s.column())).isMissing());
                if (t.rowCount() > 0) groups.put(g.getKey(), t);
            }
            int dash = s.style() == PlotSpec.Style.MARKERS ? 0 : Math.min(lines.indexOf(s), 2);
            for (Map.Entry<String, Table> g : groups.entrySet()) {
                Table t = g.getValue();
                String key = column == null || ownColour ? s.label() + "\n" + g.getKey() : g.getKey();
                String colour = colourOf.computeIfAbsent(key, k -> PALETTE[colourOf.size() % PALETTE.length]);
                String name =
                        column == null || named <= 1 ? s.label() : s.label() + ", " + groupText(column, g.getKey());
                double[] x = ((NumericColumn<?>) t.column(spec.x())).asDoubleArray();
                double[] y = ((NumericColumn<?>) t.column(s.column())).asDoubleArray();
                out.add(new Series(name, name, true, x, y, colour, s.style(), dash, false));
                double[][] bars = errorBars(t, spec, s);
                if (bars != null)
                    out.add(new Series(
                            name + " ± error", name, false, bars[0], bars[1], colour, PlotSpec.Style.LINES, 0, true));
            }
        }
        return out;
    }

    /** The interactive figure; it is a {@link SpecFigure}, so it also carries what the static images need. */
    public static Figure figure(Table table, PlotSpec spec) {
        List<Trace> traces = new ArrayList<>();
        for (Series s : series(table, spec)) {
            ScatterTrace.ScatterBuilder b =
                    ScatterTrace.builder(s.x(), s.y()).name(s.name()).showLegend(s.showLegend());
            switch (s.style()) {
                case LINES:
                    b.mode(ScatterTrace.Mode.LINE)
                            .line(Line.builder()
                                    .color(s.color())
                                    .width(s.errorBars() ? 1.5 : 2)
                                    .build());
                    break;
                case MARKERS:
                    b.mode(ScatterTrace.Mode.MARKERS)
                            .marker(Marker.builder().color(s.color()).size(7).build());
                    break;
                default:
                    b.mode(ScatterTrace.Mode.LINE_AND_MARKERS)
                            .line(Line.builder().color(s.color()).build())
                            .marker(Marker.builder().color(s.color()).size(6).build());
            }
            traces.add(b.build());
        }
        Layout layout = Layout.builder(spec.title())
                .xAxis(axis(spec.xLabel(), spec.isLogX()))
                .yAxis(axis(spec.yLabel(), spec.isLogY()))
                .autosize(true)
                .height(HEIGHT)
                .build();
        return new SpecFigure(table, spec, layout, traces.toArray(new Trace[0]));
    }

    /**
     * The plotly figure as JSON, {@code {"data": [...], "layout": {...}}}: scatter traces with {@code legendgroup}
     * and {@code showlegend} (once per group), the colours of {@link #series}, autosized to the container's width.
     */
    public static JsonObject plotlyJson(Table table, PlotSpec spec) {
        JsonArray data = new JsonArray();
        List<Series> drawn = series(table, spec);
        for (Series s : drawn) {
            JsonObject t = new JsonObject();
            t.addProperty("type", "scatter");
            t.add("x", numbers(s.x()));
            t.add("y", numbers(s.y()));
            t.addProperty(
                    "mode",
                    s.style() == PlotSpec.Style.LINES
                            ? "lines"
                            : s.style() == PlotSpec.Style.MARKERS ? "markers" : "lines+markers");
            t.addProperty("name", s.name());
            t.addProperty("legendgroup", s.legendGroup());
            t.addProperty("showlegend", s.showLegend());
            if (s.style() != PlotSpec.Style.MARKERS) {
                JsonObject line = new JsonObject();
                line.addProperty("color", s.color());
                line.addProperty("width", s.errorBars() ? 1.5 : 2);
                if (s.dash() > 0) line.addProperty("dash", s.dash() == 1 ? "dash" : "dot");
                t.add("line", line);
            }
            if (s.style() != PlotSpec.Style.LINES) {
                JsonObject marker = new JsonObject();
                marker.addProperty("color", s.color());
                marker.addProperty("size", s.style() == PlotSpec.Style.MARKERS ? 7 : 6);
                t.add("marker", marker);
            }
            if (s.errorBars()) t.addProperty("hoverinfo", "skip");
            data.add(t);
        }
        JsonObject layout = new JsonObject();
        JsonObject title = new JsonObject();
        title.addProperty("text", wrapTitle(spec.title()));
        layout.add("title", title);
        if (pairsLinesWithMarkers(spec, drawn)) { // said once, above the plot's top-left corner
            JsonObject note = new JsonObject();
            note.addProperty("text", STYLE_NOTE);
            note.addProperty("xref", "paper");
            note.addProperty("yref", "paper");
            note.addProperty("x", 0);
            note.addProperty("y", 1);
            note.addProperty("xanchor", "left");
            note.addProperty("yanchor", "bottom");
            note.addProperty("showarrow", false);
            JsonObject font = new JsonObject();
            font.addProperty("size", 11);
            font.addProperty("color", "#555");
            note.add("font", font);
            JsonArray annotations = new JsonArray();
            annotations.add(note);
            layout.add("annotations", annotations);
        }
        layout.add("xaxis", axisJson(spec.xLabel(), spec.isLogX()));
        layout.add("yaxis", axisJson(spec.yLabel(), spec.isLogY()));
        layout.addProperty("autosize", true);
        layout.addProperty("height", HEIGHT);
        JsonObject legend = new JsonObject();
        legend.addProperty("tracegroupgap", 0);
        layout.add("legend", legend);
        JsonObject fig = new JsonObject();
        fig.add("data", data);
        fig.add("layout", layout);
        return fig;
    }

    /** Characters per title line of the interactive figure (plotly does not wrap titles; about 9 px per character). */
    static final int TITLE_LINE = 90;

    /**
     * A title broken into lines of at most {@link #TITLE_LINE} characters at spaces, joined by plotly's {@code <br>}
     * (a title that already contains {@code <br>} is kept as written).
     */
    static String wrapTitle(String title) {
        if (title == null || title.length() <= TITLE_LINE || title.contains("<br>")) return title;
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : title.split(" ")) {
            if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > TITLE_LINE) {
                out.append("<br>");
                lineStart = out.length();
            } else if (out.length() > lineStart) out.append(' ');
            out.append(word);
        }
        return out.toString();
    }

    private static JsonArray numbers(double[] v) {
        JsonArray a = new JsonArray(v.length);
        for (double d : v) a.add(Double.isFinite(d) ? new JsonPrimitive(d) : JsonNull.INSTANCE);
        return a;
    }

    private static JsonObject axisJson(String label, boolean log) {
        JsonObject a = new JsonObject();
        JsonObject t = new JsonObject();
        t.addProperty("text", label);
        a.add("title", t);
        a.addProperty("type", log ? "log" : "linear");
        return a;
    }

    /**
     * Vertical error bars of a MARKERS series as one polyline with gaps: x = (x_i, x_i, NaN, …),
     * y = (y_i − e_i, y_i + e_i, NaN, …); null when the spec has no error column or the series is not markers.
     * On a log y axis a lower end ≤ 0 is drawn at y_i/100 so the bar stays visible.
     */
    public static double[][] errorBars(Table t, PlotSpec spec, PlotSpec.Series s) {
        if (spec.errorColumn() == null
                || s.style() != PlotSpec.Style.MARKERS
                || !t.columnNames().contains(spec.errorColumn())) return null;
        double[] x = ((NumericColumn<?>) t.column(spec.x())).asDoubleArray();
        double[] y = ((NumericColumn<?>) t.column(s.column())).asDoubleArray();
        double[] e = ((NumericColumn<?>) t.column(spec.errorColumn())).asDoubleArray();
        double[] bx = new double[3 * x.length], by = new double[3 * x.length];
        for (int i = 0; i < x.length; i++) {
            double err = Double.isFinite(e[i]) ? Math.abs(e[i]) : 0;
            double lo = y[i] - err;
            if (spec.isLogY() && lo <= 0) lo = y[i] / 100;
            bx[3 * i] = x[i];
            bx[3 * i + 1] = x[i];
            bx[3 * i + 2] = Double.NaN;
            by[3 * i] = lo;
            by[3 * i + 1] = y[i] + err;
            by[3 * i + 2] = Double.NaN;
        }
        return new double[][] {bx, by};
    }

    private static Axis axis(String title, boolean log) {
        return Axis.builder()
                .title(title)
                .type(log ? Axis.Type.LOG : Axis.Type.LINEAR)
                .build();
    }
}
