package org.diffdyn.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableHtmlTest {

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) n++;
        return n;
    }

    @Test
    void escapesCellsHeadersAndName() {
        Table t = Table.create(
                "<b>name</b> & co",
                StringColumn.create("a<script>", new String[] {"<script>alert('x')</script>", "\"q\" & 'p'"}));
        String html = TableHtml.render(t);
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<b>name</b>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
        assertTrue(html.contains("&quot;q&quot; &amp; &#39;p&#39;"), html);
        assertTrue(html.contains("&lt;b&gt;name&lt;/b&gt; &amp; co"), html);
        assertTrue(html.contains("a&lt;script&gt;"), html);
    }

    @Test
    void smallTableShownWholeWithCountsAndTypes() {
        Table t = Table.create("small", IntColumn.create("i", 1, 2, 3), DoubleColumn.create("x", 0.5, 1.5, 2.5));
        String html = TableHtml.render(t);
        assertEquals(3 + 1, count(html, "<tr>"), "header row + 3 rows");
        assertTrue(html.contains("3 rows \u00d7 2 columns"), html);
        assertTrue(html.contains(">integer<"), html);
        assertTrue(html.contains(">double<"), html);
        assertFalse(html.contains("more rows"), html);
    }

    @Test
    void longTableShowsHeadAndTailAroundSeparator() {
        int n = 1000;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Table t = Table.create("long", IntColumn.create("row", idx));
        String html = TableHtml.render(t, 4, 3);
        assertTrue(html.contains("1000 rows \u00d7 1 column"), html);
        assertTrue(html.contains("\u2026 993 more rows \u2026"), html);
        Matcher m = Pattern.compile("<td style=\"[^\"]*\">(\\d+)</td>").matcher(html);
        StringBuilder shown = new StringBuilder();
        while (m.find()) shown.append(m.group(1)).append(' ');
        assertEquals("0 1 2 3 997 998 999 ", shown.toString());
        int sep = html.indexOf("more rows"), head = html.indexOf(">3</td>"), tail = html.indexOf(">997</td>");
        assertTrue(head < sep && sep < tail, "head, separator, tail in order");
    }

    @Test
    void defaultShowsUpToTwentyRowsWhole() {
        int[] idx = new int[20];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        assertFalse(
                TableHtml.render(Table.create("t", IntColumn.create("i", idx))).contains("more rows"));
        int[] idx21 = new int[21];
        assertTrue(TableHtml.render(Table.create("t", IntColumn.create("i", idx21)))
                .contains("\u2026 6 more rows \u2026"));
    }

    @Test
    void doublesAreShownToSixSignificantDigits() {
        Table t = Table.create(
                "t", DoubleColumn.create("x", 0.09999999999999998, 1234567.891, 2.5e-12, Double.NaN, -3.0));
        String html = TableHtml.render(t);
        assertTrue(html.contains(">0.1</td>"), html);
        assertTrue(html.contains(">1.23457e+06</td>"), html);
        assertTrue(html.contains(">2.5e-12</td>"), html);
        assertTrue(html.contains(">-3</td>"), html);
        assertFalse(html.contains("0.09999999999999998"), html);
    }
}
