package org.diffdyn.plot;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.diffdyn.core.ParameterException;
import org.jfree.chart.JFreeChart;
import org.jfree.pdf.PDFDocument;
import org.jfree.pdf.Page;
import tech.tablesaw.api.Table;

/**
 * Figures for papers: a table + {@link PlotSpec} written as SVG, PNG or PDF, drawn by the same JFreeChart chart as
 * the notebook's static SVG ({@link Svg}), so the files show the series, colours and legend of the interactive
 * figure. SVG through JFreeSVG; PNG through the JDK's ImageIO at twice the size (1520 × 960 px, for print); PDF as
 * vector graphics through JFreePDF ({@code org.jfree:org.jfree.pdf}, the same author's Graphics2D-to-PDF library,
 * 70 KB, no further dependencies), 760 × 480 pt.
 */
public final class FigureFiles {
    private FigureFiles() {}

    /** The file formats, chosen by the file name's extension. */
    public enum Format {
        SVG,
        PNG,
        PDF;

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The format of {@code file} from its extension; a ParameterException names the file otherwise. */
        public static Format of(Path file) {
            String f = file.getFileName().toString();
            int dot = f.lastIndexOf('.');
            String ext = dot < 0 ? "" : f.substring(dot + 1).toLowerCase(Locale.ROOT);
            for (Format x : values()) if (x.extension().equals(ext)) return x;
            throw new ParameterException("file", file, "a file name ending in .svg, .png or .pdf");
        }
    }

    /** Writes the figure to {@code file} in the format its extension names; creates missing parent folders. */
    public static Path write(Table table, PlotSpec spec, Path file) {
        Format format = Format.of(file);
        try {
            if (file.toAbsolutePath().getParent() != null)
                Files.createDirectories(file.toAbsolutePath().getParent());
            switch (format) {
                case SVG:
                    Files.writeString(file, Svg.of(table, spec), StandardCharsets.UTF_8);
                    break;
                case PNG:
                    Files.write(file, png(chart(table, spec)));
                    break;
                default:
                    Files.write(file, pdf(chart(table, spec), spec.title()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    static JFreeChart chart(Table table, PlotSpec spec) {
        return Svg.jfreechart(Svg.chart(table, spec));
    }

    static byte[] png(JFreeChart chart) throws IOException {
        int scale = 2;
        BufferedImage image = new BufferedImage(Svg.WIDTH * scale, Svg.HEIGHT * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(scale, scale);
            chart.draw(g, new Rectangle2D.Double(0, 0, Svg.WIDTH, Svg.HEIGHT));
        } finally {
            g.dispose();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static byte[] pdf(JFreeChart chart, String title) {
        PDFDocument doc = new PDFDocument();
        if (title != null) doc.setTitle(title);
        doc.setAuthor("diffdyn");
        Page page = doc.createPage(new Rectangle2D.Double(0, 0, Svg.WIDTH, Svg.HEIGHT));
        chart.draw(page.getGraphics2D(), new Rectangle2D.Double(0, 0, Svg.WIDTH, Svg.HEIGHT));
        return doc.getPDFBytes();
    }
}
