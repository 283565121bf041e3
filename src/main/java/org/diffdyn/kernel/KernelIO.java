package org.diffdyn.kernel;

import java.nio.charset.Charset;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

/**
 * Opens the protected stream wiring of {@link JupyterIO} to the kernel, which runs its own execute handler, and
 * swaps in an {@link InterruptSafeDisplayStream} (the field is final in a6, hence reflection; if that is refused,
 * the plain stream stays and only interrupted display updates are affected).
 */
final class KernelIO extends JupyterIO {

    KernelIO(Charset charset) {
        super(charset);
        try {
            java.lang.reflect.Field f = JupyterIO.class.getDeclaredField("display");
            f.setAccessible(true);
            f.set(this, new InterruptSafeDisplayStream());
        } catch (ReflectiveOperationException | RuntimeException ex) {
            System.err.println("diffdyn kernel: display updates are not interrupt-safe (" + ex + ")");
        }
    }

    void attach(ShellReplyEnvironment env) {
        setEnv(env);
    }

    void detach(ShellReplyEnvironment env) {
        retractEnv(env);
    }

    void stdinEnabled(boolean enabled) {
        setJupyterInEnabled(enabled);
    }
}
