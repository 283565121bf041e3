package org.diffdyn.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Registry;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** A result's notebook display shows its checks as a table: key, label, value and target. */
class ResultHtmlTest {
    @Test
    void checksAreShownWithKeyLabelAndValue() {
        ExperimentResult r = Registry.get("weight-relaxation")
                .builder()
                .parse("d", "3")
                .parse("steps", "20")
                .parse("record", "3")
                .progress(Progress.NONE)
                .run();
        String html = Renderers.resultHtml(r, List.of(), null);
        assertTrue(html.contains("gap.gd") && html.contains("max |simulation - theory (discrete GD)|"), html);
        assertTrue(html.indexOf("gap.flow") < html.indexOf("theory_gd"), "checks come before the observations");
    }

    enum Law {
        GAUSSIAN,
        UNIFORM
    }

    /** The tour's path: a user-defined experiment, registered, runs by magic with typed, validated options. */
    @Test
    void userDefinedExperimentRunsByMagic() {
        Param<Integer> n = Param.integer("samples", 10, 1, 1000, "samples");
        Param<Law> law = Param.choice("law", Law.GAUSSIAN, "data law");
        Registry.register(Experiment.of("magic-user-test", List.of(n, law), (p, result, pr) -> result.table(
                        Table.create("t", DoubleColumn.create("x", new double[] {
                            p.get(n), p.get(law).ordinal()
                        })))
                .check("samples", "samples as run", p.get(n))));
        try {
            Object r = DiffdynMagics.execute(
                    DiffdynMagics.parseLine(List.of("magic-user-test", "samples=7", "law=uniform")));
            assertEquals(7.0, ((ExperimentResult) r).check("samples"));
            assertEquals(1.0, ((ExperimentResult) r).table().doubleColumn("x").get(1));
            ParameterException bad = assertThrows(
                    ParameterException.class,
                    () -> DiffdynMagics.builder(DiffdynMagics.parseLine(List.of("magic-user-test", "law=normal"))));
            assertTrue(bad.getMessage().contains("gaussian, uniform"), bad.getMessage());
            assertTrue(Registry.describe("magic-user-test").rowCount() == 3);
        } finally {
            Registry.unregister("magic-user-test");
        }
    }
}
