package org.diffdyn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
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
    void listDescribeAndVersion() {
        assertEquals(0, run("list"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("weight-relaxation"));
        assertEquals(0, run("describe", "weight-relaxation"));
        String d = out.toString(StandardCharsets.UTF_8);
        assertTrue(d.contains("eta") && d.contains("an integer in [1, 512]"), d);
        assertEquals(0, run("version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("linear algebra:"));
    }

    @Test
    void runWritesCsvAndJson(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("w.csv"), json = dir.resolve("sub/w.json");
        assertEquals(0, run("run", "weight-relaxation", "d=4", "steps=20", "record=3", "--out", csv.toString()));
        String text = Files.readString(csv);
        assertTrue(text.startsWith("mode,lambda,step,tau,theory,theory_gd,simulation,seed"), text);
        assertEquals(4 * 3 + 1, text.strip().split("\n").length);
        assertEquals(0, run("run", "weight-relaxation", "d=4", "steps=20", "record=3", "--out", json.toString()));
        String j = Files.readString(json);
        assertTrue(j.contains("\"experiment\": \"weight-relaxation\"") && j.contains("\"d\": \"4\""), j);
    }

    @Test
    void badArgumentsExitWithTwoAndNameTheParameter() {
        assertEquals(2, run("run", "weight-relaxation", "d=-3"));
        assertTrue(err().contains("'d' = -3") && err().contains("[1, 512]"), err());
        assertEquals(2, run("run", "weight-relaxation", "bogus=1"));
        assertTrue(err().contains("'bogus'"), err());
        assertEquals(2, run("run", "weight-relaxation", "d"));
        assertEquals(2, run("run", "nope"));
        assertTrue(err().contains("'experiment' = nope"), err());
        assertEquals(2, run("run", "weight-relaxation", "--out", "x.txt"));
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run("run", "weight-relaxation", "eta=5"));
        assertTrue(err().contains("'eta' = 5"), err());
        assertEquals(2, run());
    }
}
