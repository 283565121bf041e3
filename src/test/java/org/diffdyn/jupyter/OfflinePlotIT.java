package org.diffdyn.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.diffdyn.experiment.Registry;
import org.diffdyn.kernel.KernelspecInstaller;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Offline interactive plots end to end: a notebook with three figures (an experiment result from the
 * {@code %diffdyn} magic, a spec figure, a hand-built tablesaw figure) is executed by the installed diffdyn kernel
 * and exported with {@code jupyter nbconvert --to html}; headless Chromium, with every network path closed, must
 * then find plotly's SVG (main-svg, a scatterlayer with trace paths) and each title. The same must hold after the
 * first figure output is removed from the notebook and the notebook is exported again: every output carries what it
 * needs to draw.
 */
class OfflinePlotIT {
    static final Path TARGET = Paths.get("target").toAbsolutePath();
    static final Path DATA = TARGET.resolve("jupyter-data");
    static final Path WORK = TARGET.resolve("offline-plot-it");
    static final String TITLE_TWO = "Spec figure two: y = x^2";
    static final String TITLE_THREE = "Hand-built figure three";

    @BeforeAll
    static void installKernel() throws Exception {
        KernelspecInstaller.install(DATA); // the jars of 'mvn package' (target/diffdyn-0.1.0.jar + target/lib)
        Files.createDirectories(WORK);
    }

    static String experimentTitle() {
        return Registry.get("weight-relaxation")
                .builder()
                .parse("d", "3")
                .parse("steps", "20")
                .parse("record", "4")
                .progress(org.diffdyn.core.progress.Progress.NONE)
                .run()
                .plotSpecs()
                .get(0)
                .title();
    }

    static String notebook() {
        return notebook(
                List.of(
                        "%diffdyn weight-relaxation d=4 steps=60 record=6",
                        String.join(
                                "\n",
                                "import org.diffdyn.plot.*;",
                                "Table t = Table.create(\"t\", DoubleColumn.create(\"x\", 1, 2, 3, 4), DoubleColumn.create(\"y\", 1, 4, 9, 16));",
                                "Plots.figure(t, PlotSpec.of(\"" + TITLE_TWO
                                        + "\", \"x\").lines(\"y\").markers(\"y\"))"),
                        String.join(
                                "\n",
                                "import tech.tablesaw.plotly.components.*;",
                                "import tech.tablesaw.plotly.traces.*;",
                                "new Figure(Layout.builder(\"" + TITLE_THREE + "\").build(),",
                                "    ScatterTrace.builder(new double[] {1, 2, 3}, new double[] {3, 1, 2}).mode(ScatterTrace.Mode.LINE).build())")));
    }

    /** An nbformat 4 notebook for the diffdyn kernel with these code cells. */
    static String notebook(List<String> cells) {
        JsonArray arr = new JsonArray();
        for (String src : cells) {
            JsonObject c = new JsonObject();
            c.addProperty("cell_type", "code");
            c.add("metadata", new JsonObject());
            c.add("outputs", new JsonArray());
            c.add("execution_count", com.google.gson.JsonNull.INSTANCE);
            c.addProperty("source", src);
            arr.add(c);
        }
        JsonObject ks = new JsonObject();
        ks.addProperty("name", "diffdyn");
        ks.addProperty("display_name", "Java (diffdyn)");
        ks.addProperty("language", "java");
        JsonObject li = new JsonObject();
        li.addProperty("name", "java");
        JsonObject meta = new JsonObject();
        meta.add("kernelspec", ks);
        meta.add("language_info", li);
        JsonObject nb = new JsonObject();
        nb.add("cells", arr);
        nb.add("metadata", meta);
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 5);
        for (int i = 0; i < arr.size(); i++) arr.get(i).getAsJsonObject().addProperty("id", "cell" + i);
        return nb.toString();
    }

    static void run(List<String> command, Path log) throws IOException, InterruptedException {
        run(WORK, command, log);
    }

    /** Runs a Jupyter command in {@code dir} with the project's kernelspec folder; fails on a non-zero exit. */
    static void run(Path dir, List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JUPYTER_DATA_DIR", DATA.toString());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), () -> command + " failed:\n" + read(log));
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The DOM after scripts ran, from headless Chromium with DNS, proxy and QUIC all pointing nowhere. */
    static String renderedDom(Path html) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(WORK, "chromium-profile");
        Path dom = WORK.resolve(html.getFileName() + ".dom.html");
        List<String> cmd = List.of(
                "/usr/bin/chromium",
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
                html.toUri().toString());
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(dom.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium timed out");
        }
        return Files.readString(dom);
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) n++;
        return n;
    }

    static List<String> titlesDrawn(String dom) {
        Matcher m =
                Pattern.compile("<text class=\"gtitle\"[^>]*>([^<]*)</text>").matcher(dom);
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }

    static void assertDrawn(String dom, List<String> titles, String what) {
        List<String> drawn = titlesDrawn(dom);
        for (String t : titles)
            assertTrue(
                    drawn.contains(TableHtml.escape(t).replace("&#39;", "'").replace("&quot;", "\"")),
                    what + ": title '" + t + "' not drawn; drawn: " + drawn);
        assertEquals(titles.size(), drawn.size(), what + ": one drawn plot per figure output " + drawn);
        assertTrue(count(dom, "class=\"main-svg\"") >= 2 * titles.size(), what + ": plotly main-svg layers");
        assertTrue(count(dom, "class=\"scatterlayer mlayer\"") >= titles.size(), what + ": scatter layers");
        assertTrue(
                Pattern.compile("class=\"js-line\"[^>]*d=\"M[-0-9.]+,[-0-9.]+L")
                                .matcher(dom)
                                .find()
                        || Pattern.compile("d=\"M[-0-9.]+,[-0-9.]+L[^\"]*\"[^>]*class=\"js-line\"")
                                .matcher(dom)
                                .find(),
                what + ": trace line paths");
        assertFalse(
                Pattern.compile("class=\"diffdyn-figure\"[^>]*>Interactive plot unavailable")
                        .matcher(dom)
                        .find(),
                what + ": a loader reported failure");
    }

    @Test
    void figuresDrawOfflineInExportedHtmlAlsoWithOneOutputCleared() throws Exception {
        Path nb = WORK.resolve("offline-plots.ipynb");
        Files.writeString(nb, notebook(), StandardCharsets.UTF_8);
        run(
                List.of(
                        "jupyter",
                        "nbconvert",
                        "--to",
                        "notebook",
                        "--execute",
                        "--output",
                        "offline-plots.executed",
                        nb.getFileName().toString()),
                WORK.resolve("execute.log"));
        Path executed = WORK.resolve("offline-plots.executed.ipynb");
        JsonObject nbJson = JsonParser.parseString(Files.readString(executed)).getAsJsonObject();
        JsonArray cells = nbJson.getAsJsonArray("cells");
        for (JsonElement c : cells) {
            for (JsonElement o : c.getAsJsonObject().getAsJsonArray("outputs"))
                assertFalse(
                        "error".equals(o.getAsJsonObject().get("output_type").getAsString()), "cell error: " + o);
        }
        assertTrue(
                cells.get(0)
                        .getAsJsonObject()
                        .getAsJsonArray("outputs")
                        .toString()
                        .contains("image/svg+xml"),
                "experiment output carries the static SVG");

        run(
                List.of(
                        "jupyter",
                        "nbconvert",
                        "--to",
                        "html",
                        "--output",
                        "offline-plots",
                        executed.getFileName().toString()),
                WORK.resolve("export.log"));
        Path html = WORK.resolve("offline-plots.html");
        String page = Files.readString(html);
        assertFalse(page.contains("cdn.plot.ly"), "no plotly CDN in the export");
        List<String> all = List.of(experimentTitle(), TITLE_TWO, TITLE_THREE);
        assertDrawn(renderedDom(html), all, "full export");

        // Remove the first figure output (the experiment's) and export again: the other figures still draw.
        cells.get(0).getAsJsonObject().add("outputs", new JsonArray());
        Path cleared = WORK.resolve("offline-plots.cleared.ipynb");
        Files.writeString(cleared, nbJson.toString(), StandardCharsets.UTF_8);
        run(
                List.of(
                        "jupyter",
                        "nbconvert",
                        "--to",
                        "html",
                        "--output",
                        "offline-plots.cleared",
                        cleared.getFileName().toString()),
                WORK.resolve("export-cleared.log"));
        assertDrawn(
                renderedDom(WORK.resolve("offline-plots.cleared.html")),
                List.of(TITLE_TWO, TITLE_THREE),
                "first output cleared");
    }
}
