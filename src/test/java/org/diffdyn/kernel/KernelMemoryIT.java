package org.diffdyn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Re-running a cell does not grow the heap: 50 re-runs of {@code var r = experiment("generated-variance")...run();
 * r.plots(); r.table();} in the real kernel grow the post-GC heap by less than 16 MiB (before replaced variables and
 * old {@code $N} temporaries were released, it grew by about 2.5 MiB per run). See {@code memory_check.py}.
 */
class KernelMemoryIT {

    @Test
    void rerunningACellDoesNotGrowTheHeap() throws Exception {
        JupyterHarness.installKernel();
        JupyterHarness.Result r = JupyterHarness.run(
                "memory",
                List.of(JupyterHarness.PYTHON, "memory_check.py", "diffdyn", "50", "16"),
                Map.of(),
                JupyterHarness.PYTHON_TESTS,
                Duration.ofMinutes(10));
        String output = JupyterHarness.relevant(r.output());
        System.out.printf("memory check: %.1f s%n%s%n", r.seconds(), output);
        assertEquals(0, r.exitCode(), "memory check failed:\n" + output);
    }
}
