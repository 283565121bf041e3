package org.diffdyn.kernel;

import org.dflib.jjava.jupyter.kernel.DisplayStream;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * {@link DisplayStream} whose publishing works from a thread that is being interrupted (a progress bar updated while
 * a loop is cancelled): the interrupt flag is cleared around the ZeroMQ send and restored after.
 */
final class InterruptSafeDisplayStream extends DisplayStream {

    @Override
    public void display(DisplayData data) {
        InterruptSafePrintStream.uninterrupted(() -> super.display(data));
    }

    @Override
    public void updateDisplay(DisplayData data) {
        InterruptSafePrintStream.uninterrupted(() -> super.updateDisplay(data));
    }

    @Override
    public void updateDisplay(String id, DisplayData data) {
        InterruptSafePrintStream.uninterrupted(() -> super.updateDisplay(id, data));
    }
}
