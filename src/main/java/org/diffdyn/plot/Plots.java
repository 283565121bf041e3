package org.diffdyn.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Builds tablesaw-jsplot {@link Figure}s from a result table and a {@link PlotSpec}: one trace per (group, series),
 * with a shared colour per group so theory lines and simulation markers of the same mode match.
 */
public final class Plots {
    private Plots() {}

    /** A colour-blind-safe qualitative palette (Okabe–Ito, then Tableau), cycled. */
    public static final String[] PALETTE = {
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
        "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#9C755F", "#76B7B2", "#EDC948", "#FF9DA7"};

    /** The rows of {@code table} split by the group column's values, in order of first appearance. */
    public static Map<String, Table> groups(Table table, String groupBy) {
        Map<String, Table> out = new LinkedHashMap<>();
        if (groupBy == null) {
            out.put("", table);
            return out;
        }
        Column<?> g = table.column(groupBy);
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (int r = 0; r < table.rowCount(); r++) rows.computeIfAbsent(g.getString(r), k -> new ArrayList<>()).add(r);
        for (Map.Entry<String, List<Integer>> e : rows.entrySet())
            out.put(e.getKey(), table.rows(e.getValue().stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    /** The interactive figure; it is a {@link SpecFigure}, so it also carries what the static SVG needs. */
    public static Figure figure(Table table, PlotSpec spec) {
        List<Trace> traces = new ArrayList<>();
        int colour = 0;
        for (Map.Entry<String, Table> group : groups(table, spec.groupBy()).entrySet()) {
            String c = PALETTE[colour++ % PALETTE.length];
            for (PlotSpec.Series s : spec.series()) {
                Table t = group.getValue().dropWhere(((NumericColumn<?>) group.getValue().column(s.column())).isMissing());
                if (t.rowCount() == 0) continue;
                double[] x = ((NumericColumn<?>) t.column(spec.x())).asDoubleArray();
                double[] y = ((NumericColumn<?>) t.column(s.column())).asDoubleArray();
                String name = (spec.groupBy() == null ? "" : spec.groupBy() + "=" + group.getKey() + " ") + s.label();
                ScatterTrace.ScatterBuilder b = ScatterTrace.builder(x, y).name(name.trim());
                switch (s.style()) {
                    case LINES:
                        b.mode(ScatterTrace.Mode.LINE).line(Line.builder().color(c).width(2).build());
                        break;
                    case MARKERS:
                        b.mode(ScatterTrace.Mode.MARKERS).marker(Marker.builder().color(c).size(7).build());
                        break;
                    default:
                        b.mode(ScatterTrace.Mode.LINE_AND_MARKERS).line(Line.builder().color(c).build())
                                .marker(Marker.builder().color(c).size(6).build());
                }
                traces.add(b.build());
                double[][] bars = errorBars(t, spec, s);
                if (bars != null) {
                    traces.add(ScatterTrace.builder(bars[0], bars[1]).name(name.trim() + " ± error")
                            .mode(ScatterTrace.Mode.LINE).line(Line.builder().color(c).width(1.5).build())
                            .showLegend(false).build());
                }
            }
        }
        Layout layout = Layout.builder(spec.title())
                .xAxis(axis(spec.xLabel(), spec.isLogX()))
                .yAxis(axis(spec.yLabel(), spec.isLogY()))
                .width(760).height(480)
                .build();
        return new SpecFigure(table, spec, layout, traces.toArray(new Trace[0]));
    }

    /**
     * Vertical error bars of a MARKERS series as one polyline with gaps: x = (x_i, x_i, NaN, …),
     * y = (y_i − e_i, y_i + e_i, NaN, …); null when the spec has no error column or the series is not markers.
     * On a log y axis a lower end ≤ 0 is drawn at y_i/100 so the bar stays visible.
     */
    public static double[][] errorBars(Table t, PlotSpec spec, PlotSpec.Series s) {
        if (spec.errorColumn() == null || s.style() != PlotSpec.Style.MARKERS || !t.columnNames().contains(spec.errorColumn()))
            return null;
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
        return Axis.builder().title(title).type(log ? Axis.Type.LOG : Axis.Type.LINEAR).build();
    }
}
