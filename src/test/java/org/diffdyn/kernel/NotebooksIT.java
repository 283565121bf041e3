package org.diffdyn.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Executes every {@code notebooks/*.ipynb} through the installed kernel (nbconvert, 600 s per cell) into {@code
 * target/notebooks-out/} and fails on any error output, or on a code cell tagged {@code expect-output} that
 * produced nothing. Wall time per notebook is printed to the test log.
 */
class NotebooksIT {

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsClean() throws Exception {
        List<Path> notebooks = JupyterHarness.notebooks();
        assertFalse(notebooks.isEmpty(), "no notebooks in notebooks/");
        JupyterHarness.installKernel();
        Path out = JupyterHarness.TARGET.resolve("notebooks-out");
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
            List<String> problems = JupyterHarness.executeNotebook(nb, out, Map.of(), "jdk-default");
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }));
    }
}
