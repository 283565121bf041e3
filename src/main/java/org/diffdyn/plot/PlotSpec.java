package org.diffdyn.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * What to draw from a result table, as data: the x column, one or more y columns each drawn as lines (theory) or
 * markers (simulation), an optional grouping column (one colour per group, e.g. per eigenvalue λ) and log axes.
 * The same spec drives the interactive plotly figure and the static SVG.
 */
public final class PlotSpec {
    public enum Style {
        LINES,
        MARKERS,
        LINES_AND_MARKERS
    }

    /**
     * One y column and how to draw it; {@code groupBy} is the series' own group column (null: the spec's, see
     * {@link #add(String, Style, String, String)}).
     */
    public record Series(String column, Style style, String label, String groupBy) {
        public Series(String column, Style style, String label) {
            this(column, style, label, null);
        }
    }

    private final String title;
    private final String x;
    private final List<Series> series = new ArrayList<>();
    private String groupBy;
    private String xLabel;
    private String yLabel;
    private boolean logX;
    private boolean logY;
    private String errorColumn;
    private boolean ordered;
    private boolean legendPerSeries;

    private PlotSpec(String title, String x) {
        this.title = title;
        this.x = x;
        this.xLabel = x;
    }

    public static PlotSpec of(String title, String xColumn) {
        return new PlotSpec(title, xColumn);
    }

    /** One series of lines per column, in order (theory curves). */
    public PlotSpec lines(String... yColumns) {
        for (String y : yColumns) add(y, Style.LINES, y);
        return this;
    }

    /** One series of markers per column, in order (simulations and measurements). */
    public PlotSpec markers(String... yColumns) {
        for (String y : yColumns) add(y, Style.MARKERS, y);
        return this;
    }

    public PlotSpec add(String yColumn, Style style, String label) {
        series.add(new Series(yColumn, style, label));
        if (yLabel == null) yLabel = yColumn;
        return this;
    }

    /**
     * A series split by its own group column instead of the spec's (e.g. a theory line per analysis beside measured
     * markers per branch); the figure then names every series in its own legend entry, as {@link #legendPerSeries()}.
     */
    public PlotSpec add(String yColumn, Style style, String label, String groupBy) {
        series.add(new Series(yColumn, style, label, groupBy));
        if (yLabel == null) yLabel = yColumn;
        legendPerSeries = true;
        return this;
    }

    /**
     * Every series gets its own legend entry, named "label, group" (just "label" when its group column has one value),
     * instead of the default pairing of the j-th line with the j-th markers series of a group under the group's name.
     * Series of the same group share its colour; the 2nd, 3rd … line series are dashed, dotted.
     */
    public PlotSpec legendPerSeries() {
        this.legendPerSeries = true;
        return this;
    }

    public PlotSpec groupBy(String column) {
        this.groupBy = column;
        return this;
    }

    /**
     * Marks the group column as an ordered parameter (λ, N/d, a class variance …): groups are drawn and listed in
     * increasing order of their value (the last number in the group's text) with a sequential colour scale
     * ({@link Plots#SEQUENTIAL}) instead of the qualitative palette.
     */
    public PlotSpec ordered() {
        this.ordered = true;
        return this;
    }

    public PlotSpec labels(String xLabel, String yLabel) {
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        return this;
    }

    public PlotSpec logX() {
        this.logX = true;
        return this;
    }

    public PlotSpec logY() {
        this.logY = true;
        return this;
    }

    /** Both axes logarithmic. */
    public PlotSpec logXY() {
        return logX().logY();
    }

    /** A column of symmetric error-bar half-widths for the MARKERS series (e.g. the sd over data draws). */
    public PlotSpec errors(String column) {
        this.errorColumn = column;
        return this;
    }

    public String title() {
        return title;
    }

    public String x() {
        return x;
    }

    public List<Series> series() {
        return List.copyOf(series);
    }

    public String groupBy() {
        return groupBy;
    }

    public String xLabel() {
        return xLabel;
    }

    public String yLabel() {
        return yLabel;
    }

    public boolean isLogX() {
        return logX;
    }

    public boolean isLogY() {
        return logY;
    }

    public String errorColumn() {
        return errorColumn;
    }

    public boolean isOrdered() {
        return ordered;
    }

    public boolean isLegendPerSeries() {
        return legendPerSeries;
    }
}
