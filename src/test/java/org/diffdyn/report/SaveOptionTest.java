package org.diffdyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.diffdyn.cli.Main;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Registry;
import org.diffdyn.jupyter.DiffdynMagics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --save DIR} of the CLI's run and of the magic, and {@code ExperimentResult.save}. */
class SaveOptionTest {
    static ExperimentResult small() {
        return Registry.get("weight-relaxation")
                .builder()
                .parse("d", "3")
                .parse("steps", "20")
                .parse("record", "4")
                .progress(org.diffdyn.core.progress.Progress.NONE)
                .run();
    }

    static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void resultSavesByPlotNameAndFormat(@TempDir Path dir) throws Exception {
        ExperimentResult r = small();
        Path first = r.save(dir.resolve("fig.pdf").toString());
        assertTrue(new String(Files.readAllBytes(first), 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-"));
        String name = r.plotNames().get(0);
        Path named = r.save(name, dir.resolve("named.svg").toString());
        assertTrue(Files.readString(named).startsWith("<svg"));
        assertThrows(
                org.diffdyn.core.ParameterException.class,
                () -> r.save("no-such-plot", dir.resolve("x.svg").toString()));
    }

    @Test
    void cliRunSavesEveryPlotInThreeFormats(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {"run", "weight-relaxation", "d=3", "steps=20", "record=4", "--save", dir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        int plots = small().plotNames().size();
        List<String> files = files(dir);
        assertEquals(3 * plots, files.size(), files.toString());
        assertTrue(files.contains("weight-relaxation." + small().plotNames().get(0) + ".png"), files.toString());
    }

    @Test
    void magicParsesSaveAndKeepsItOutOfTheExperimentOptions() {
        DiffdynMagics.Command c = DiffdynMagics.parseLine(List.of("weight-relaxation", "d=3", "--save", "figs"));
        assertEquals("figs", c.options().get("--save"));
        DiffdynMagics.builder(c); // '--save' is not passed to the experiment as a parameter
        assertThrows(
                DiffdynMagics.UsageException.class,
                () -> DiffdynMagics.parseLine(List.of("weight-relaxation", "--save")));
    }
}
