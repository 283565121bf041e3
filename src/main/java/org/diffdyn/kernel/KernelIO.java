package org.diffdyn.kernel;

import java.nio.charset.Charset;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.diffdyn.compat.LibraryInternals;

/**
 * Opens the protected stream wiring of {@link JupyterIO} to the kernel, which runs its own execute handler, and
 * swaps in an {@link InterruptSafeDisplayStream} (the field is final in a6, hence {@link
 * LibraryInternals#JUPYTER_IO_DISPLAY}; if that is refused, the plain stream stays and only interrupted display
 * updates are affected). It also knows the current cell's reply environment, for {@code clear_output}.
 */
final class KernelIO extends JupyterIO {

    private volatile ShellReplyEnvironment env;

    KernelIO(Charset charset) {
        super(charset);
        try {
            LibraryInternals.JUPYTER_IO_DISPLAY.set(this, new InterruptSafeDisplayStream());
        } catch (RuntimeException ex) {
            System.err.println("diffdyn kernel: display updates are not interrupt-safe (" + ex + ")");
        }
    }

    void attach(ShellReplyEnvironment env) {
        setEnv(env);
        this.env = env;
    }

    void detach(ShellReplyEnvironment env) {
        retractEnv(env);
        if (this.env == env) this.env = null;
    }

    void stdinEnabled(boolean enabled) {
        setJupyterInEnabled(enabled);
    }

    /**
     * Publishes {@code clear_output} for the running cell (after flushing what was printed, so that it is cleared
     * too): now, or with {@code wait} when the next output arrives (no flicker). False outside a cell.
     */
    boolean clearOutput(boolean wait) {
        ShellReplyEnvironment e = env;
        if (e == null) return false;
        System.out.flush();
        System.err.flush();
        InterruptSafePrintStream.uninterrupted(
                () -> e.publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW));
        return true;
    }
}
