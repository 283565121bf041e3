package org.diffdyn.report;

import org.diffdyn.plot.PlotSpec;
import org.diffdyn.plot.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

final class FiguresForPapersTestSupport {
    private FiguresForPapersTestSupport() {}

    static Figure figure(String title) {
        Table t = Table.create("t", DoubleColumn.create("x", 1, 2, 3), DoubleColumn.create("y", 1, 4, 9));
        return Plots.figure(t, PlotSpec.of(title, "x").lines("y"));
    }
}
