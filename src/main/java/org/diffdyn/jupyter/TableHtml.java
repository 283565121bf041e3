package org.diffdyn.jupyter;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw {@link Table} as an HTML table for notebooks (tablesaw-core has no HTML writer): the name, row and
 * column counts, each column's type under its name, and for long tables the first and last rows around an
 * "… N more rows …" separator. Every cell and header is HTML-escaped; floating-point cells are shown to 6
 * significant digits (0.1 rather than 0.09999999999999998).
 */
public final class TableHtml {
    /** Tables up to this many rows are shown whole. */
    public static final int SHOW_ALL_UP_TO = 20;

    public static final int HEAD = 10;
    public static final int TAIL = 5;

    private TableHtml() {}

    public static String render(Table table) {
        return render(table, HEAD, TAIL);
    }

    /** With explicit head and tail sizes; a table of at most {@code head + tail} rows is shown whole. */
    public static String render(Table table, int head, int tail) {
        int rows = table.rowCount();
        List<Column<?>> cols = table.columns();
        boolean cut = rows > Math.max(head + tail, SHOW_ALL_UP_TO);
        StringBuilder sb = new StringBuilder(256 + 64 * Math.min(rows, head + tail) * Math.max(1, cols.size()));
        sb.append(
                        "<div class=\"diffdyn-table\">\n<table style=\"border-collapse:collapse;font-size:12px\">\n<caption style=\"text-align:left;caption-side:top\"><b>")
                .append(escape(table.name() == null ? "" : table.name()))
                .append("</b> <span style=\"color:#666\">")
                .append(rows)
                .append(rows == 1 ? " row" : " rows")
                .append(" \u00d7 ")
                .append(cols.size())
                .append(cols.size() == 1 ? " column" : " columns")
                .append("</span></caption>\n<thead><tr>");
        for (Column<?> c : cols)
            sb.append("<th style=\"text-align:right;padding:2px 8px;border-bottom:1px solid #999\">")
                    .append(escape(c.name()))
                    .append("<br><span style=\"font-weight:normal;color:#888;font-size:10px\">")
                    .append(escape(c.type().name().toLowerCase(java.util.Locale.ROOT)))
                    .append("</span></th>");
        sb.append("</tr></thead>\n<tbody>\n");
        if (!cut) {
            for (int r = 0; r < rows; r++) row(sb, cols, r);
        } else {
            for (int r = 0; r < head; r++) row(sb, cols, r);
            sb.append("<tr><td colspan=\"")
                    .append(Math.max(1, cols.size()))
                    .append("\" style=\"text-align:center;color:#888;padding:2px 8px\">\u2026 ")
                    .append(rows - head - tail)
                    .append(" more rows \u2026</td></tr>\n");
            for (int r = rows - tail; r < rows; r++) row(sb, cols, r);
        }
        sb.append("</tbody>\n</table>\n</div>");
        return sb.toString();
    }

    private static void row(StringBuilder sb, List<Column<?>> cols, int r) {
        sb.append("<tr>");
        for (Column<?> c : cols)
            sb.append("<td style=\"text-align:right;padding:2px 8px\">")
                    .append(escape(cell(c, r)))
                    .append("</td>");
        sb.append("</tr>\n");
    }

    /** A cell's text; floating-point values are rounded to 6 significant digits for reading (the table keeps all). */
    static String cell(Column<?> c, int r) {
        // instanceof, not ColumnType identity: tablesaw's type singletons can differ under class-init cycles.
        if ((c instanceof DoubleColumn || c instanceof FloatColumn) && !c.isMissing(r)) {
            double v = ((Number) c.get(r)).doubleValue();
            if (Double.isFinite(v)) {
                String s = String.format(java.util.Locale.ROOT, "%.6g", v);
                int e = s.indexOf('e');
                String mantissa = e < 0 ? s : s.substring(0, e);
                if (mantissa.contains("."))
                    mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
                return e < 0 ? mantissa : mantissa + s.substring(e);
            }
        }
        return c.getString(r);
    }

    /** Escapes the five HTML-special characters (safe in element content and quoted attributes). */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            String rep;
            switch (ch) {
                case '&':
                    rep = "&amp;";
                    break;
                case '<':
                    rep = "&lt;";
                    break;
                case '>':
                    rep = "&gt;";
                    break;
                case '"':
                    rep = "&quot;";
                    break;
                case '\'':
                    rep = "&#39;";
                    break;
                default:
                    rep = null;
            }
            if (rep != null && sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (sb != null) {
                if (rep != null) sb.append(rep);
                else sb.append(ch);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
