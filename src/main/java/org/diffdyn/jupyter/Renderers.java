package org.diffdyn.jupyter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.plot.Svg;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * The notebook renderers: {@link Table} as an HTML table, {@link Figure} as an offline interactive plot plus a
 * static SVG, {@link ExperimentResult} as summary + table + plots. Registered by class on the kernel's
 * {@link Renderer}; subclasses (e.g. {@code SpecFigure}) are found through the renderer's inheritance walk.
 */
public final class Renderers {
    private Renderers() {}

    public static void register(Renderer renderer) {
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((table, ctx) -> ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> TableHtml.render(table)));

        renderer.createRegistration(Figure.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.IMAGE_SVG)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((figure, ctx) -> fill(ctx.getOutputContainer(), figure, ctx::wantsDataRenderedAs));

        renderer.createRegistration(ExperimentResult.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.IMAGE_SVG)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((result, ctx) -> fill(ctx.getOutputContainer(), result, ctx::wantsDataRenderedAs));

        renderer.createRegistration(org.diffdyn.sweep.SweepResult.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((sweep, ctx) -> {
                    if (ctx.wantsDataRenderedAs(MIMEType.TEXT_HTML))
                        ctx.getOutputContainer().putHTML(sweepHtml(sweep));
                    ctx.getOutputContainer().putText(sweep.summary());
                });
    }

    /** A sweep: summary, failed runs (if any), checks aggregated over seeds (if any) and the stacked table. */
    static String sweepHtml(org.diffdyn.sweep.SweepResult sweep) {
        StringBuilder sb = new StringBuilder(
                        "<div class=\"diffdyn-sweep\">\n<p style=\"font-family:monospace;font-size:12px\">")
                .append(TableHtml.escape(sweep.summary()))
                .append("</p>\n");
        if (sweep.failedCount() > 0)
            sb.append(TableHtml.render(sweep.failures())).append('\n');
        Table checks = sweep.aggregateChecks();
        if (checks.rowCount() > 0) sb.append(TableHtml.render(checks)).append('\n');
        return sb.append(TableHtml.render(sweep.table())).append("\n</div>").toString();
    }

    /** A figure's bundle: HTML (interactive, offline), SVG (when reproducible) and a one-line text. */
    public static DisplayData figure(Figure figure) {
        DisplayData d = new DisplayData();
        fill(d, figure, t -> true);
        return d;
    }

    /** An experiment result's bundle: summary text, HTML with summary + table + all plots, SVG of the first plot. */
    public static DisplayData result(ExperimentResult result) {
        DisplayData d = new DisplayData();
        fill(d, result, t -> true);
        return d;
    }

    private static void fill(DisplayData d, Figure figure, java.util.function.Predicate<MIMEType> wanted) {
        if (wanted.test(MIMEType.TEXT_HTML)) d.putHTML(PlotlyHtml.figure(figure));
        if (wanted.test(MIMEType.IMAGE_SVG)) svg(figure).ifPresent(d::putSVG);
        d.putText(describe(figure));
    }

    private static void fill(DisplayData d, ExperimentResult result, java.util.function.Predicate<MIMEType> wanted) {
        List<Figure> plots = List.of();
        String plotError = null;
        try {
            if (!result.plotSpecs().isEmpty()) plots = result.plots();
        } catch (RuntimeException e) { // a broken plot spec must not hide the table
            plotError = "plots could not be drawn: " + e;
        }
        if (wanted.test(MIMEType.TEXT_HTML)) d.putHTML(resultHtml(result, plots, plotError));
        if (wanted.test(MIMEType.IMAGE_SVG) && !plots.isEmpty())
            svg(plots.get(0)).ifPresent(d::putSVG);
        d.putText(result.summary() + (plotError == null ? "" : "\n" + plotError));
    }

    static String resultHtml(ExperimentResult result, List<Figure> plots, String plotError) {
        StringBuilder sb = new StringBuilder(
                        "<div class=\"diffdyn-result\">\n<p style=\"font-family:monospace;font-size:12px\">")
                .append(TableHtml.escape(result.summary()))
                .append("</p>\n");
        if (!result.checks().isEmpty())
            sb.append(TableHtml.render(result.checksTable())).append('\n'); // key, label, value, target
        sb.append(TableHtml.render(result.table())).append('\n');
        if (!plots.isEmpty()) sb.append(PlotlyHtml.figures(plots)).append('\n');
        if (plotError != null)
            sb.append("<p style=\"color:#b00\">")
                    .append(TableHtml.escape(plotError))
                    .append("</p>\n");
        return sb.append("</div>").toString();
    }

    /** The static image, or empty when the figure cannot be reproduced (or drawing fails: never a wrong picture). */
    static Optional<String> svg(Figure figure) {
        try {
            return Svg.of(figure);
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    static String describe(Figure figure) {
        String title = figure.getLayout() == null ? null : figure.getLayout().getTitle();
        List<String> names = new ArrayList<>();
        if (figure.getTraces() != null)
            for (var t : figure.getTraces()) names.add(t.name() == null ? "unnamed" : t.name());
        int n = names.size();
        String listed = String.join(", ", names.subList(0, Math.min(n, 6))) + (n > 6 ? ", \u2026" : "");
        return "Figure" + (title == null ? "" : " '" + title + "'") + " with " + n + " trace" + (n == 1 ? "" : "s")
                + (n == 0 ? "" : ": " + listed);
    }
}
