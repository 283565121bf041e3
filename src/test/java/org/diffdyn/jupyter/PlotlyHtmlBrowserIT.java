package org.diffdyn.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The figure HTML in headless Chromium without Jupyter: pages that a notebook front end could produce, with the
 * network closed. Complements {@link OfflinePlotIT} with the hostile cases: a RequireJS page (classic Notebook
 * defines an AMD {@code define}) and outputs whose own library copy was stripped (they must use the copy loaded by
 * another output).
 */
class PlotlyHtmlBrowserIT {
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path WORK = Paths.get("target", "plotly-html-it").toAbsolutePath();

    static String dom(String page, String name) throws Exception {
        Files.createDirectories(WORK);
        Path html = WORK.resolve(name + ".html");
        Files.writeString(html, page);
        Path profile = Files.createTempDirectory(WORK, "profile");
        Path out = WORK.resolve(name + ".dom.html");
        Process p = new ProcessBuilder(List.of(
                        CHROMIUM.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--host-resolver-rules=MAP * ~NOTFOUND",
                        "--proxy-server=127.0.0.1:9",
                        "--user-data-dir=" + profile,
                        "--virtual-time-budget=5000",
                        "--dump-dom",
                        html.toUri().toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(out.toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
        return Files.readString(out);
    }

    static int drawn(String dom) {
        return OfflinePlotIT.titlesDrawn(dom).size();
    }

    @Test
    void drawsOnARequireJsPage() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "needs Debian chromium");
        String amd =
                "<script>window.define=function(){throw new Error('anonymous define');};window.define.amd={};</script>";
        String page = "<html><head>" + amd + "</head><body>" + PlotlyHtml.figure(PlotlyHtmlTest.figure("first"))
                + PlotlyHtml.figure(PlotlyHtmlTest.figure("second"))
                + "<script>document.title=typeof window.define;</script></body></html>";
        String dom = dom(page, "requirejs");
        assertEquals(List.of("first", "second"), OfflinePlotIT.titlesDrawn(dom));
        assertTrue(dom.contains("<title>function</title>"), "the page's define is left in place");
    }

    @Test
    void outputWithoutItsCopyUsesTheLibraryAnotherOutputLoaded() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "needs Debian chromium");
        String first = PlotlyHtml.figure(PlotlyHtmlTest.figure("with copy"));
        String second =
                PlotlyHtml.figure(PlotlyHtmlTest.figure("copy stripped")).replace(PlotlyHtml.embeddedLibrary(), "");
        String dom = dom("<html><body>" + first + second + "</body></html>", "shared");
        assertEquals(2, drawn(dom), OfflinePlotIT.titlesDrawn(dom).toString());
        // and alone, the stripped output says why it cannot draw instead of failing silently
        String alone = dom("<html><body>" + second + "</body></html>", "alone");
        assertEquals(0, drawn(alone));
        assertTrue(alone.contains(">Interactive plot unavailable: "), "reason shown in the div");
    }

    /** As JupyterLab does it: scripts run while the output is still detached; the output is attached later. */
    @Test
    void drawsWhenTheOutputIsAttachedAfterItsScriptsRan() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "needs Debian chromium");
        String fragment = new com.google.gson.Gson().toJson(PlotlyHtml.figure(PlotlyHtmlTest.figure("attached late")));
        String js = "var host=document.createElement('div');host.innerHTML=" + fragment + ";"
                + "host.querySelectorAll('script:not([type])').forEach(function(s){var n=document.createElement('script');"
                + "n.textContent=s.textContent;document.head.appendChild(n);});"
                + "setTimeout(function(){document.body.appendChild(host);},3000);";
        String dom = dom("<html><body><script>" + js + "</script></body></html>", "late");
        assertEquals(List.of("attached late"), OfflinePlotIT.titlesDrawn(dom));
    }
}
