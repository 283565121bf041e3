package org.diffdyn.kernel;

import java.nio.charset.Charset;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

/** Opens the protected stream wiring of {@link JupyterIO} to the kernel, which runs its own execute handler. */
final class KernelIO extends JupyterIO {

    KernelIO(Charset charset) {
        super(charset);
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
