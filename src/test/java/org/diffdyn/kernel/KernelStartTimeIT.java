package org.diffdyn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kernel start as a client sees it (start_new_kernel until the kernel_info reply), on the default {@code java}
 * and on Temurin 25. The numbers go to the test log and to {@code target/kernel-start-times.txt}.
 */
class KernelStartTimeIT {

    @Test
    void startTimeDefaultJdk() throws Exception {
        measure("java", Map.of());
    }

    @Test
    void startTimeTemurin25() throws Exception {
        assumeTrue(Files.isExecutable(JupyterHarness.JDK25_JAVA), "Temurin 25 not installed");
        measure("temurin-25", Map.of("DIFFDYN_JAVA", JupyterHarness.JDK25_JAVA.toString()));
    }

    private static void measure(String label, Map<String, String> env) throws Exception {
        JupyterHarness.installKernel();
        JupyterHarness.Result r = JupyterHarness.run(
                "start-time-" + label,
                List.of(JupyterHarness.PYTHON, "start_time.py", "3", "diffdyn"),
                env,
                JupyterHarness.PYTHON_TESTS,
                Duration.ofMinutes(5));
        String output = JupyterHarness.relevant(r.output());
        assertEquals(0, r.exitCode(), output);
        String summary = output.lines()
                .filter(l -> l.startsWith("start ")
                        || l.startsWith("median")
                        || l.startsWith("diffdyn kernel ready")
                        || l.matches("\\d+[.\\d]*.*"))
                .reduce("", (a, b) -> a + label + ": " + b + "\n");
        System.out.print(summary);
        Files.writeString(
                JupyterHarness.TARGET.resolve("kernel-start-times.txt"),
                summary,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        assertTrue(output.contains("median: ready"), output);
    }
}
