package org.diffdyn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sweepWritesCsvAndJsonWithFailureRows(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("s.csv"), json = dir.resolve("s.json");
        String[] grid = {
            "sweep",
            "weight-relaxation",
            "d=4",
            "steps=20",
            "record=3",
            "samples=30",
            "eta=0.01,0.9",
            "seed=1..3",
            "--threads",
            "2"
        };
        assertEquals(0, run(concat(grid, "--out", csv.toString())), err());
        String[] lines = Files.readString(csv).strip().split("\n");
        assertTrue(lines[0].startsWith("run,eta,seed,mode,lambda,step"), lines[0]);
        assertTrue(lines[0].endsWith(",error"), lines[0]);
        assertEquals(1 + 3 * 4 * 3 + 3, lines.length, "3 runs x 12 rows + 3 error rows + header");
        assertTrue(err().contains("6 runs (3 failed)"), err());
        assertEquals(0, run(concat(grid, "--out", json.toString())), err());
        JsonObject j = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals("weight-relaxation", j.get("experiment").getAsString());
        assertEquals(6, j.get("runs").getAsInt());
        assertEquals(3, j.get("failed").getAsInt());
        assertEquals(39, j.getAsJsonArray("rows").size());
        assertEquals(2, j.getAsJsonObject("axes").getAsJsonArray("eta").size());
        assertTrue(j.getAsJsonArray("checks").size() > 0);
    }

    @Test
    void checksFlagPrintsTheChecksOverSeedsInsteadOfTheTable() {
        String[] grid = {
            "sweep",
            "weight-relaxation",
            "d=4",
            "steps=20",
            "record=3",
            "samples=30",
            "eta=0.01",
            "seed=1..3",
            "--checks"
        };
        assertEquals(0, run(grid), err());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("ci95_low") && printed.contains("ci95_high"), printed);
        assertTrue(printed.contains("  3  |"), "n = 3 seeds per check: " + printed);
        assertTrue(!printed.contains("lambda"), "no stacked table: " + printed);
    }

    @Test
    void badSweepsExitWithTwo() {
        assertEquals(2, run("sweep"));
        assertEquals(2, run("sweep", "d=1"));
        assertEquals(2, run("sweep", "weight-relaxation", "d=1..0"));
        assertTrue(err().contains("'d' = 1..0"), err());
        assertEquals(2, run("sweep", "weight-relaxation", "d=-1,2"));
        assertTrue(err().contains("'d' = -1"), err());
        assertEquals(2, run("sweep", "weight-relaxation", "--frob"));
        assertEquals(2, run("sweep", "weight-relaxation", "--out", "x.txt"));
        assertEquals(2, run("sweep", "weight-relaxation", "--threads", "x"));
        assertEquals(2, run("sweep", "weight-relaxation", "bogus=1,2"));
        assertTrue(err().contains("'bogus'"), err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
