package org.diffdyn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kernel on Temurin 25 (through DIFFDYN_JAVA): it really runs Java 25, and the first notebook runs clean. */
class KernelOnJdk25IT {

    private static final Map<String, String> ENV = Map.of("DIFFDYN_JAVA", JupyterHarness.JDK25_JAVA.toString());

    @Test
    void firstNotebookRunsOnTemurin25() throws Exception {
        assumeTrue(Files.isExecutable(JupyterHarness.JDK25_JAVA), "Temurin 25 not installed");
        JupyterHarness.installKernel();

        JupyterHarness.Result r = JupyterHarness.run(
                "jdk25-version",
                List.of(JupyterHarness.PYTHON, "start_time.py", "1", "diffdyn"),
                ENV,
                JupyterHarness.PYTHON_TESTS,
                Duration.ofMinutes(3));
        String output = JupyterHarness.relevant(r.output());
        assertEquals(0, r.exitCode(), output);
        assertTrue(output.lines().anyMatch(l -> l.startsWith("25")), "kernel did not report Java 25:\n" + output);
        assertFalse(output.contains("WARNING: A restricted method"), "native-access warning on JDK 25:\n" + output);

        List<Path> notebooks = JupyterHarness.notebooks();
        assumeTrue(!notebooks.isEmpty(), "no notebooks");
        List<String> problems = JupyterHarness.executeNotebook(
                notebooks.get(0), JupyterHarness.TARGET.resolve("notebooks-out-jdk25"), ENV, "jdk25");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
