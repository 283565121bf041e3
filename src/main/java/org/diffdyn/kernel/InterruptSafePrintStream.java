package org.diffdyn.kernel;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Wraps the cell's {@code System.out}/{@code System.err}: the bytes go to Jupyter's ZeroMQ socket (which fails with
 * EINTR on an interrupted thread) inside a zone that interrupts cannot enter; an interrupt that was set or arrives
 * meanwhile is delivered again afterwards, so code that prints while it is being cancelled still sees it.
 */
final class InterruptSafePrintStream extends PrintStream {

    private final PrintStream target;

    InterruptSafePrintStream(PrintStream target) {
        super(target, true, StandardCharsets.UTF_8);
        this.target = target;
    }

    @Override
    public void write(int b) {
        uninterrupted(() -> target.write(b));
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        uninterrupted(() -> target.write(buf, off, len));
    }

    @Override
    public void flush() {
        uninterrupted(target::flush);
    }

    /** Runs {@code action} where no interrupt can reach it (see {@link InProcessControl#withoutInterrupts}). */
    static void uninterrupted(Runnable action) {
        InProcessControl.withoutInterrupts(action);
    }
}
