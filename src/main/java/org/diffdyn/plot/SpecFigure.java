package org.diffdyn.plot;

import java.util.Objects;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A plotly {@link Figure} that remembers the table and {@link PlotSpec} it was drawn from, so that renderers can
 * produce an exact static image ({@link Svg#of(Figure)}) from the data rather than reverse-engineering the traces.
 * Created by {@link Plots#figure}; behaves exactly like a plain Figure everywhere else.
 */
public final class SpecFigure extends Figure {
    private final Table table;
    private final PlotSpec spec;

    SpecFigure(Table table, PlotSpec spec, Layout layout, Trace... traces) {
        super(layout, traces);
        this.table = Objects.requireNonNull(table, "table");
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** The table the traces were built from (shared, not copied). */
    public Table table() {
        return table;
    }

    public PlotSpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return "Figure '" + spec.title() + "' (" + getTraces().length + " traces from " + table.name() + ")";
    }
}
