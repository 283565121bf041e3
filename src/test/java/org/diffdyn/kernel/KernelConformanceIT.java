package org.diffdyn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the Jupyter project's kernel conformance suite (jupyter_kernel_test) against the installed kernel. */
class KernelConformanceIT {

    @Test
    void passesJupyterKernelTest() throws Exception {
        JupyterHarness.installKernel();
        JupyterHarness.Result r = JupyterHarness.run(
                "conformance",
                List.of(JupyterHarness.PYTHON, "-m", "unittest", "-v", "test_diffdyn_kernel"),
                Map.of(),
                JupyterHarness.PYTHON_TESTS,
                Duration.ofMinutes(10));
        String output = JupyterHarness.relevant(r.output());
        System.out.printf("jupyter_kernel_test: %.1f s%n%s%n", r.seconds(), output);
        assertEquals(0, r.exitCode(), "jupyter_kernel_test failed:\n" + output);
        assertTrue(output.contains("OK"), output);
    }
}
