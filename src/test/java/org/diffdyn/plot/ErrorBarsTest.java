package org.diffdyn.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class ErrorBarsTest {
    private final Table t = Table.create(
            "t",
            DoubleColumn.create("n", 1, 2, 4),
            DoubleColumn.create("mean", 1.0, 0.5, 0.25),
            DoubleColumn.create("sd", 0.1, 0.6, 0.05),
            DoubleColumn.create("theory", 1.0, 0.5, 0.25));

    @Test
    void barsAreVerticalSegmentsSeparatedByGaps() {
        PlotSpec spec = PlotSpec.of("x", "n").lines("theory").markers("mean").errors("sd");
        double[][] b = Plots.errorBars(t, spec, spec.series().get(1));
        assertEquals(9, b[0].length);
        assertEquals(0.9, b[1][0], 1e-15);
        assertEquals(1.1, b[1][1], 1e-15);
        assertTrue(Double.isNaN(b[0][2]) && Double.isNaN(b[1][2]));
        assertNull(Plots.errorBars(t, spec, spec.series().get(0)), "lines carry no error bars");
        // On a log axis a lower end at or below zero is kept visible.
        PlotSpec log = PlotSpec.of("x", "n").markers("mean").errors("sd").logY();
        assertEquals(0.005, Plots.errorBars(t, log, log.series().get(0))[1][3], 1e-15);
    }

    @Test
    void figureAndSvgBothDrawThem() {
        PlotSpec spec = PlotSpec.of("x", "n").lines("theory").markers("mean").errors("sd");
        assertEquals(3, Plots.figure(t, spec).getTraces().length);
        String svg = Svg.of(t, spec);
        assertTrue(svg.startsWith("<svg") || svg.contains("<svg"), svg.substring(0, 40));
        assertEquals(3, Svg.chart(t, spec).series().size());
    }
}
