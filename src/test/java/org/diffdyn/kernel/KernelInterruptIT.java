package org.diffdyn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Interrupts through jupyter_client: {@code Thread.sleep(60000)} and a CPU loop calling {@code
 * Progress.NONE.checkCancelled()} stop within 1 s, variables survive, the next cell is not poisoned, restart works;
 * and long DSL calls stop promptly (issue 12, deliverable 6): for class-learning-curves at p = 4096 and kl-vs-n at
 * d = 400, 5 interrupts each at seeded delays in [0.5, 3] s, median lag ≤ 1 s and largest ≤ 1.5 s
 * ({@code interrupt_latency.py}).
 */
class KernelInterruptIT {

    @Test
    void interruptAndRestart() throws Exception {
        JupyterHarness.installKernel();
        JupyterHarness.Result r = JupyterHarness.run(
                "interrupt",
                List.of(JupyterHarness.PYTHON, "interrupt_check.py", "diffdyn"),
                Map.of(),
                JupyterHarness.PYTHON_TESTS,
                Duration.ofMinutes(5));
        String output = JupyterHarness.relevant(r.output());
        System.out.printf("interrupt checks: %.1f s%n%s%n", r.seconds(), output);
        assertEquals(0, r.exitCode(), "interrupt checks failed:\n" + output);
    }

    @Test
    void longDslCallsStopWithinASecond() throws Exception {
        JupyterHarness.installKernel();
        JupyterHarness.Result r = JupyterHarness.run(
                "interrupt-latency",
                List.of(JupyterHarness.PYTHON, "interrupt_latency.py"),
                Map.of(),
                JupyterHarness.PYTHON_TESTS,
                Duration.ofMinutes(4));
        String output = JupyterHarness.relevant(r.output());
        System.out.printf("interrupt latency: %.1f s%n%s%n", r.seconds(), output);
        assertEquals(0, r.exitCode(), "interrupt latency above target:\n" + output);
    }
}
