package org.diffdyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.diffdyn.kernel.KernelspecInstaller;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar target/diffdyn-0.1.0.jar report} end to end on a small notebook: the injected-parameters cell
 * (types from the parameters cell and from the values), the values the cells then see, the HTML's assets (no
 * network reference, plotly.js once), and the page in headless Chromium with the network closed (no request
 * leaves the file, MathJax typeset everything, both figures drew). A notebook whose cell fails exits 1 and names it.
 */
class ReportIT {
    static final Path TARGET = Paths.get("target").toAbsolutePath();
    static final Path DATA = TARGET.resolve("jupyter-data");
    static final Path WORK = TARGET.resolve("report-it");

    @BeforeAll
    static void install() throws Exception {
        KernelspecInstaller.install(DATA);
        Files.createDirectories(WORK);
    }

    static JsonObject cell(String type, String source, String... tags) {
        JsonObject c = new JsonObject();
        c.addProperty("cell_type", type);
        JsonObject meta = new JsonObject();
        if (tags.length > 0) {
            JsonArray t = new JsonArray();
            for (String tag : tags) t.add(tag);
            meta.add("tags", t);
        }
        c.add("metadata", meta);
        if (type.equals("code")) {
            c.add("outputs", new JsonArray());
            c.add("execution_count", com.google.gson.JsonNull.INSTANCE);
        }
        c.addProperty("source", source);
        return c;
    }

    static Path notebook(String name, List<JsonObject> cells) throws Exception {
        JsonArray arr = new JsonArray();
        for (int i = 0; i < cells.size(); i++) {
            cells.get(i).addProperty("id", "c" + i);
            arr.add(cells.get(i));
        }
        JsonObject ks = new JsonObject();
        ks.addProperty("name", "diffdyn");
        ks.addProperty("display_name", "Java (diffdyn)");
        ks.addProperty("language", "java");
        JsonObject meta = new JsonObject();
        meta.add("kernelspec", ks);
        JsonObject nb = new JsonObject();
        nb.add("cells", arr);
        nb.add("metadata", meta);
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 5);
        Path p = WORK.resolve(name);
        Files.writeString(p, nb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    record Run(int exit, String output) {}

    static Run report(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of("java", "-jar", TARGET.resolve("diffdyn-0.1.0.jar").toString(), "report"));
        cmd.addAll(args);
        Path log = WORK.resolve("report-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(WORK.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JUPYTER_DATA_DIR", DATA.toString());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("report timed out: " + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    static final String PARAMETERS = String.join(
            "\n",
            "int D = 16;            // data dimension",
            "double LAMBDA = 0.5;   // a rate",
            "String NAME = \"default\";",
            "boolean FLAG = false;",
            "long SEED = 1;");

    @Test
    void parametersAreInjectedWithDeclaredTypesAndTheReportIsOffline() throws Exception {
        Path nb = notebook(
                "small.ipynb",
                List.of(
                        cell(
                                "markdown",
                                "# A small report\nInline $a^2+b^2=c^2$, display $$\\int_0^1 x\\,dx=\\frac{1}{2}$$ and $\\lambda_k$."),
                        cell("code", PARAMETERS, "parameters"),
                        cell(
                                "code",
                                "System.out.println(\"D*2=\" + (D * 2) + \" LAMBDA/4=\" + (LAMBDA / 4) + \" NAME=\" + NAME + \" FLAG=\" + FLAG"
                                        + " + \" SEED=\" + SEED + \" EXTRA=\" + EXTRA);"),
                        cell(
                                "code",
                                String.join(
                                        "\n",
                                        "import org.diffdyn.plot.*;",
                                        "Table t = Table.create(\"t\", DoubleColumn.create(\"x\", 1, 2, 3), DoubleColumn.create(\"y\", 1, 4, 9));",
                                        "Plots.figure(t, PlotSpec.of(\"First figure\", \"x\").lines(\"y\"))")),
                        cell("code", "Plots.figure(t, PlotSpec.of(\"Second figure\", \"x\").markers(\"y\"))")));
        Path html = WORK.resolve("out/small-report.html");
        Run r = report(List.of(
                nb.toString(),
                "-p",
                "D=32",
                "-p",
                "LAMBDA=2",
                "-p",
                "NAME=hello \"world\"",
                "-p",
                "FLAG=True",
                "-p",
                "SEED=5",
                "-p",
                "EXTRA=7",
                "--out",
                html.toString()));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("parameter 'EXTRA' is not declared"), r.output());

        JsonObject executed = Report.read(WORK.resolve("out/small-report.ipynb"));
        JsonObject injected = executed.getAsJsonArray("cells").get(2).getAsJsonObject();
        assertTrue(Report.tagged(injected, "injected-parameters"), injected.toString());
        assertEquals(
                String.join(
                        "\n",
                        "// Parameters",
                        "int D = 32;",
                        "double LAMBDA = 2.0;",
                        "String NAME = \"hello \\\"world\\\"\";",
                        "boolean FLAG = true;",
                        "long SEED = 5L;",
                        "int EXTRA = 7;",
                        ""),
                Report.source(injected));
        String printed = executed.getAsJsonArray("cells")
                .get(3)
                .getAsJsonObject()
                .getAsJsonArray("outputs")
                .toString();
        assertTrue(printed.contains("D*2=64 LAMBDA/4=0.5 NAME=hello \\\"world\\\" FLAG=true SEED=5 EXTRA=7"), printed);

        String text = Files.readString(html);
        assertEquals(List.of(), OfflineHtml.networkReferences(text));
        assertEquals(
                1,
                text.split("data-plotly-version", -1).length - 1 - emptyCopies(text),
                "one non-empty plotly.js copy");

        ChromiumPage.Outcome page = ChromiumPage.render(html, WORK, Duration.ofSeconds(60));
        assertEquals(List.of(), page.networkRequests(), "requests beyond the file");
        assertEquals(List.of(), page.failed(), "failed requests");
        assertEquals(List.of(), page.errors(), "script errors");
        JsonObject s = page.state();
        assertEquals(2, s.get("figures").getAsInt(), s.toString());
        assertEquals(2, s.get("drawn").getAsInt(), s.toString());
        assertEquals(3, s.get("math").getAsInt(), s.toString());
        assertEquals(0, s.get("mathErrors").getAsInt(), s.toString());
        assertEquals(0, s.getAsJsonArray("rawMath").size(), s.toString());
    }

    static int emptyCopies(String html) {
        return html.split("data-encoding=\"gzip\\+base64\"></script>", -1).length - 1;
    }

    @Test
    void aFailingCellIsNamedAndTheReportStillWritten() throws Exception {
        Path nb = notebook(
                "failing.ipynb",
                List.of(
                        cell("code", "int D = 1;", "parameters"),
                        cell("code", "if (D > 0) throw new IllegalStateException(\"boom at D=\" + D);")));
        Path html = WORK.resolve("out/failing.html");
        Run r = report(List.of(nb.toString(), "-p", "D=3", "--out", html.toString()));
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("IllegalStateException") && r.output().contains("boom at D=3"), r.output());
        assertTrue(Files.isRegularFile(html), "the report is written for reading the error");
    }

    @Test
    void aValueThatDoesNotFitTheDeclaredTypeIsRejectedBeforeRunning() throws Exception {
        Path nb = notebook("typed.ipynb", List.of(cell("code", PARAMETERS, "parameters")));
        Run r = report(List.of(
                nb.toString(),
                "-p",
                "D=1.5",
                "--out",
                WORK.resolve("out/typed.html").toString()));
        assertEquals(2, r.exit(), r.output());
        assertTrue(
                r.output().contains("parameter 'D' = 1.5 is not valid")
                        && r.output().contains("int"),
                r.output());
        assertTrue(!Files.exists(WORK.resolve("out/typed.ipynb")), "nothing executed");
    }
}
