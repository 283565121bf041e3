package org.diffdyn.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.diffdyn.kernel.KernelspecInstaller;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The magics in the real diffdyn kernel: each result is shown exactly once (display, no duplicate execute_result,
 * also for the cell magic whose value the kernel keeps), bad options fail the cell with one readable sentence on
 * stderr and in the error, and the kernel and earlier variables survive.
 */
class DiffdynMagicsIT {
    static final Path WORK = OfflinePlotIT.TARGET.resolve("magics-it");

    @BeforeAll
    static void installKernel() throws Exception {
        KernelspecInstaller.install(OfflinePlotIT.DATA);
        Files.createDirectories(WORK);
    }

    static String text(JsonElement e) {
        if (e == null) return "";
        if (e.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonElement x : e.getAsJsonArray()) sb.append(x.getAsString());
            return sb.toString();
        }
        return e.getAsString();
    }

    /** "type:mime,mime" or "stream:name" or "error:ename" per output. */
    static List<String> kinds(JsonObject cell) {
        List<String> out = new ArrayList<>();
        for (JsonElement o : cell.getAsJsonArray("outputs")) {
            JsonObject x = o.getAsJsonObject();
            String t = x.get("output_type").getAsString();
            if (t.equals("stream")) out.add("stream:" + x.get("name").getAsString());
            else if (t.equals("error")) out.add("error");
            else
                out.add(t + ":"
                        + String.join(
                                ",",
                                new java.util.TreeSet<>(
                                        x.getAsJsonObject("data").keySet())));
        }
        return out;
    }

    @Test
    void resultsShownOnceErrorsReadableKernelSurvives() throws Exception {
        List<String> cells = List.of(
                "int before = 42;",
                "%diffdyn weight-relaxation d=3 steps=20 record=4",
                "%%diffdyn weight-relaxation seed=5\n# options in the body\nd = 3\nsteps=20 record=4",
                "%diffdyn weight-relaxation d=0",
                "%%diffdyn weight-relaxation\nbogus = 1",
                "before + 1",
                "%diffdyn list");
        Path nb = WORK.resolve("magics.ipynb");
        Files.writeString(nb, OfflinePlotIT.notebook(cells), StandardCharsets.UTF_8);
        OfflinePlotIT.run(
                WORK,
                List.of(
                        "jupyter",
                        "nbconvert",
                        "--to",
                        "notebook",
                        "--execute",
                        "--allow-errors",
                        "--output",
                        "magics.executed",
                        nb.getFileName().toString()),
                WORK.resolve("execute.log"));
        JsonArray out = JsonParser.parseString(Files.readString(WORK.resolve("magics.executed.ipynb")))
                .getAsJsonObject()
                .getAsJsonArray("cells");
        String svgHtmlText = "display_data:image/svg+xml,text/html,text/plain";
        assertEquals(List.of(svgHtmlText), kinds(out.get(1).getAsJsonObject()), "line magic: one result display");
        assertEquals(
                List.of(svgHtmlText), kinds(out.get(2).getAsJsonObject()), "cell magic: one result display, no Out[]");
        assertTrue(
                text(out.get(2)
                                .getAsJsonObject()
                                .getAsJsonArray("outputs")
                                .get(0)
                                .getAsJsonObject()
                                .getAsJsonObject("data")
                                .get("text/plain"))
                        .contains("d=3"),
                "body options applied");

        for (int i : new int[] {3, 4}) {
            JsonObject cell = out.get(i).getAsJsonObject();
            assertEquals(List.of("stream:stderr", "error"), kinds(cell), "cell " + i);
            String stderr =
                    text(cell.getAsJsonArray("outputs").get(0).getAsJsonObject().get("text"));
            String evalue = cell.getAsJsonArray("outputs")
                    .get(1)
                    .getAsJsonObject()
                    .get("evalue")
                    .getAsString();
            assertTrue(stderr.startsWith("%diffdyn: parameter '"), stderr);
            assertTrue(
                    evalue.contains(
                            i == 3
                                    ? "parameter 'd' = 0 is not valid: expected an integer in [1, 512]"
                                    : "parameter 'bogus' = (unknown option)"),
                    evalue);
        }
        JsonObject after = out.get(5).getAsJsonObject();
        assertEquals(
                "43",
                text(after.getAsJsonArray("outputs")
                        .get(0)
                        .getAsJsonObject()
                        .getAsJsonObject("data")
                        .get("text/plain")));
        assertEquals(
                List.of("display_data:text/html,text/plain"), kinds(out.get(6).getAsJsonObject()));
    }
}
