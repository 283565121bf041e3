package org.diffdyn.kernel;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Wraps the cell's {@code System.out}/{@code System.err}: a write from an interrupted thread clears the interrupt
 * flag while the bytes go to Jupyter's ZeroMQ socket (which fails with EINTR otherwise) and sets it again after,
 * so code that prints while it is being cancelled still sees the interrupt.
 */
final class InterruptSafePrintStream extends PrintStream {

    private final PrintStream target;

    InterruptSafePrintStream(PrintStream target) {
        super(target, true, StandardCharsets.UTF_8);
        this.target = target;
    }

    @Override
    public void write(int b) {
        boolean interrupted = Thread.interrupted();
        try {
            target.write(b);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        boolean interrupted = Thread.interrupted();
        try {
            target.write(buf, off, len);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    @Override
    public void flush() {
        boolean interrupted = Thread.interrupted();
        try {
            target.flush();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code action} with the interrupt flag cleared, restoring it afterwards. */
    static void uninterrupted(Runnable action) {
        boolean interrupted = Thread.interrupted();
        try {
            action.run();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
