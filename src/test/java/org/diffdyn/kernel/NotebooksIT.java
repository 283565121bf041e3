package org.diffdyn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.diffdyn.report.ChromiumPage;
import org.diffdyn.report.OfflineHtml;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Executes every {@code notebooks/*.ipynb} through the installed kernel with the {@code report} command (nbconvert,
 * 600 s per cell) into {@code target/notebooks-out/} (executed .ipynb and offline .html) and fails on any error
 * output, or on a code cell tagged {@code expect-output} that produced nothing. Wall time per notebook is printed to
 * the test log. Then the reports themselves, without executing anything again: notebook 01's is at most 3 MB, and
 * in headless Chromium with the network closed it makes no request beyond its file, typesets all its LaTeX and draws
 * every figure.
 */
class NotebooksIT {
    static final long MAX_REPORT_BYTES = 3_000_000;

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsClean() throws Exception {
        List<Path> notebooks = JupyterHarness.notebooks();
        assertFalse(notebooks.isEmpty(), "no notebooks in notebooks/");
        JupyterHarness.installKernel();
        Path out = JupyterHarness.TARGET.resolve("notebooks-out");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path nb : notebooks) {
            tests.add(DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
                List<String> problems = JupyterHarness.reportNotebook(nb, out);
                assertTrue(problems.isEmpty(), String.join("\n", problems));
            }));
        }
        tests.add(DynamicTest.dynamicTest(
                "01-spectral-bias report: <= 3 MB, offline, LaTeX typeset, figures drawn", () -> {
                    Path html = out.resolve("01-spectral-bias.html");
                    assertTrue(Files.isRegularFile(html), "no report " + html);
                    long bytes = Files.size(html);
                    System.out.printf("report %s: %,d bytes%n", html.getFileName(), bytes);
                    assertTrue(bytes <= MAX_REPORT_BYTES, html + " is " + bytes + " bytes");
                    assertEquals(List.of(), OfflineHtml.networkReferences(Files.readString(html)));
                    ChromiumPage.Outcome page = ChromiumPage.render(
                            html, Files.createDirectories(out.resolve("chromium")), Duration.ofSeconds(90));
                    assertEquals(List.of(), page.networkRequests(), "requests beyond the file");
                    assertEquals(List.of(), page.failed(), "failed requests");
                    assertEquals(List.of(), page.errors(), "script errors");
                    JsonObject s = page.state();
                    assertTrue(s.get("figures").getAsInt() > 0, s.toString());
                    assertEquals(s.get("figures").getAsInt(), s.get("drawn").getAsInt(), "every figure drew: " + s);
                    assertTrue(s.get("math").getAsInt() > 10, s.toString());
                    assertEquals(0, s.get("mathErrors").getAsInt(), s.toString());
                    assertEquals(0, s.getAsJsonArray("rawMath").size(), "LaTeX left as text: " + s);
                }));
        return tests.stream();
    }
}
