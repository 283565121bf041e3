package org.diffdyn.jupyter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Registry;
import org.junit.jupiter.api.Test;

/** A result's notebook display shows its checks as a table: key, label, value and target. */
class ResultHtmlTest {
    @Test void checksAreShownWithKeyLabelAndValue() {
        ExperimentResult r = Registry.get("weight-relaxation").builder().parse("d", "3").parse("steps", "20").parse("record", "3")
                .progress(Progress.NONE).run();
        String html = Renderers.resultHtml(r, List.of(), null);
        assertTrue(html.contains("gap.gd") && html.contains("max |simulation - theory (discrete GD)|"), html);
        assertTrue(html.indexOf("gap.flow") < html.indexOf("theory_gd"), "checks come before the observations");
    }
}
