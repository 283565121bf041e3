package org.diffdyn.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets in the kernel's own JVM, on the thread that asked for the evaluation, and keeps the live result
 * object and the real exception of the last snippet (JShell itself only passes strings across its SPI).
 *
 * <p>It is also the interrupt gate: {@link #interrupt()} interrupts the evaluating thread only while user code runs,
 * never while javac compiles or the kernel talks to Jupyter (interrupting those would close NIO channels). An
 * interrupt that arrives during compilation is remembered and delivered when the code starts to run.
 */
final class InProcessControl extends DirectExecutionControl {

    private final Object gate = new Object();
    private Thread runner; // the thread evaluating the current cell, null between cells
    private boolean inUserCode; // true while snippet code (not javac, not the kernel) runs on runner
    private boolean pendingInterrupt;
    private boolean cancelled; // an interrupt was requested during the current cell

    private Object lastValue;
    private Throwable lastThrowable;

    /** The gate of this kernel process (one per JVM; a restart is a new JVM), used by output writes. */
    private static volatile InProcessControl current;

    InProcessControl(SnippetLoader loader) {
        super(loader);
        current = this;
    }

    /**
     * Runs {@code action} (a write to Jupyter's ZeroMQ sockets, which fail with EINTR on an interrupted thread) as a
     * zone that interrupts cannot enter: the flag is cleared for the write, an interrupt requested meanwhile is kept
     * pending by the gate, and both are delivered again when the write is done. Clearing the flag alone would leave
     * a race with an interrupt arriving during the send.
     */
    static void withoutInterrupts(Runnable action) {
        InProcessControl control = current;
        // Only the cell's own thread can be interrupted by the gate; other threads just clear their flag.
        InProcessControl gate = control != null && control.isRunner(Thread.currentThread()) ? control : null;
        boolean saved = gate != null && gate.enterCompiler();
        boolean interrupted = Thread.interrupted();
        try {
            action.run();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
            if (gate != null) gate.leaveCompiler(saved);
        }
    }

    static ExecutionControlProvider provider(InProcessControl control) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "diffdyn-in-process";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        boolean outer = enterUserCode();
        try {
            Object value = doit.invoke(null);
            lastValue = value;
            lastThrowable = null;
            return "";
        } catch (InvocationTargetException ex) {
            lastValue = null;
            lastThrowable = ex.getCause();
            throw ex;
        } finally {
            leaveUserCode(outer);
        }
    }

    /** A cell starts on the current thread: forget interrupts meant for an earlier cell. */
    void cellStarted() {
        synchronized (gate) {
            runner = Thread.currentThread();
            inUserCode = false;
            pendingInterrupt = false;
            cancelled = false;
            Thread.interrupted();
        }
    }

    /** The cell is over: no interrupt can reach the thread any more, and a late one is cleared. */
    void cellFinished() {
        synchronized (gate) {
            runner = null;
            inUserCode = false;
            pendingInterrupt = false;
            Thread.interrupted();
        }
    }

    private boolean isRunner(Thread t) {
        synchronized (gate) {
            return runner == t;
        }
    }

    /** JShell is about to compile (possibly nested inside running user code, e.g. from a cell magic). */
    boolean enterCompiler() {
        synchronized (gate) {
            boolean saved = inUserCode;
            inUserCode = false;
            return saved;
        }
    }

    void leaveCompiler(boolean saved) {
        synchronized (gate) {
            inUserCode = saved;
            if (saved && pendingInterrupt && runner == Thread.currentThread()) {
                pendingInterrupt = false;
                runner.interrupt();
            }
        }
    }

    private boolean enterUserCode() {
        synchronized (gate) {
            boolean saved = inUserCode;
            inUserCode = true;
            if (pendingInterrupt && runner == Thread.currentThread()) {
                pendingInterrupt = false;
                runner.interrupt();
            }
            return saved;
        }
    }

    private void leaveUserCode(boolean saved) {
        synchronized (gate) {
            inUserCode = saved;
            if (!saved) {
                // Back in the compiler or the kernel: an interrupt still set would close NIO channels there.
                // Keep it pending, so enclosing user code (a cell magic running nested code) sees it again.
                if (Thread.interrupted()) pendingInterrupt = true;
            }
        }
    }

    /** Interrupts running user code now, or arms the interrupt for when user code of this cell next runs. */
    void interrupt() {
        synchronized (gate) {
            if (runner == null) return;
            cancelled = true;
            if (inUserCode) runner.interrupt();
            else pendingInterrupt = true;
        }
    }

    /** True once an interrupt was requested for the current cell; the kernel then runs no further snippet. */
    boolean isCancelled() {
        synchronized (gate) {
            return cancelled;
        }
    }

    /** The value of the last snippet that ran, handed out once. */
    Object takeValue() {
        Object v = lastValue;
        lastValue = null;
        return v;
    }

    /** The exception the last snippet threw, handed out once. */
    Throwable takeThrowable() {
        Throwable t = lastThrowable;
        lastThrowable = null;
        return t;
    }

    @Override
    public void stop() {
        interrupt();
    }
}
