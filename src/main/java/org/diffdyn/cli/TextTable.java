package org.diffdyn.cli;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.Registry;
import tech.tablesaw.api.Table;

/**
 * Plain-text tables for a terminal of a given width: columns are left-aligned, separated by two spaces, and cells
 * that do not fit are wrapped at spaces (a word longer than its column is cut). The widest columns give up space
 * first, so short columns (names, defaults) stay on one line and long ones (meanings) wrap.
 */
final class TextTable {

    /** Terminal width the CLI formats for. */
    static final int WIDTH = 120;

    private static final String GAP = "  ";
    /** A column is never narrowed below this (or below its header, or its natural width if smaller). */
    private static final int MIN_COLUMN = 10;

    private TextTable() {}

    /** {@code describe EXPERIMENT}: title, the description as a wrapped paragraph, then the parameter table. */
    static String describe(Experiment e, int width) {
        StringBuilder sb = new StringBuilder();
        for (String line : wrap(e.name() + " (paper " + e.paper() + "): " + e.title(), width)) {
            sb.append(line).append('\n');
        }
        for (String line : wrap(e.description(), width)) sb.append(line).append('\n');
        sb.append('\n');
        sb.append(format(Registry.describe(e.name()), width));
        return sb.toString();
    }

    /** The table's cells as text, every line at most {@code width} characters (given width ≥ 2 per column). */
    static String format(Table table, int width) {
        int k = table.columnCount();
        List<String> headers = table.columnNames();
        List<String[]> rows = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            String[] row = new String[k];
            for (int c = 0; c < k; c++) row[c] = table.column(c).getString(r).strip();
            rows.add(row);
        }
        int[] w = new int[k];
        int[] min = new int[k];
        for (int c = 0; c < k; c++) {
            w[c] = headers.get(c).length();
            for (String[] row : rows) w[c] = Math.max(w[c], row[c].length());
            min[c] = Math.min(w[c], Math.max(MIN_COLUMN, headers.get(c).length()));
        }
        int avail = width - GAP.length() * (k - 1);
        while (sum(w) > avail) {
            int widest = -1;
            for (int c = 0; c < k; c++) if (w[c] > min[c] && (widest < 0 || w[c] > w[widest])) widest = c;
            if (widest < 0) {
                // Even the minimum widths do not fit: shrink the widest column regardless of its header.
                for (int c = 0; c < k; c++) if (w[c] > 1 && (widest < 0 || w[c] > w[widest])) widest = c;
                if (widest < 0) break;
            }
            w[widest]--;
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, headers.toArray(new String[0]), w);
        String[] rule = new String[k];
        for (int c = 0; c < k; c++) rule[c] = "-".repeat(w[c]);
        appendRow(sb, rule, w);
        for (String[] row : rows) appendRow(sb, row, w);
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, String[] cells, int[] w) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int c = 0; c < cells.length; c++) {
            List<String> lines = wrap(cells[c], w[c]);
            wrapped.add(lines);
            height = Math.max(height, lines.size());
        }
        for (int i = 0; i < height; i++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cells.length; c++) {
                if (c > 0) line.append(GAP);
                String part = i < wrapped.get(c).size() ? wrapped.get(c).get(i) : "";
                line.append(part);
                if (c < cells.length - 1) line.append(" ".repeat(w[c] - part.length()));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** {@code text} broken at spaces into lines of at most {@code width} characters; longer words are cut. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (word.isEmpty()) continue;
            while (word.length() > width) {
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0 || lines.isEmpty()) lines.add(line.toString());
        return lines;
    }

    private static int sum(int[] a) {
        int s = 0;
        for (int x : a) s += x;
        return s;
    }
}
