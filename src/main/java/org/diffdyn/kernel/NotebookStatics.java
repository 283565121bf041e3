package org.diffdyn.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Functions every cell of the diffdyn kernel can call without a prefix ({@code import static
 * org.diffdyn.kernel.NotebookStatics.*} is one of the kernel's default imports), next to jjava's {@code display},
 * {@code render} and {@code updateDisplay}.
 */
public final class NotebookStatics {

    private NotebookStatics() {}

    /** Clears the output of the running cell now (IPython's {@code clear_output()}). */
    public static void clearOutput() {
        clearOutput(false);
    }

    /**
     * Clears the output of the running cell; with {@code wait} the front end clears it only when new output
     * arrives, which avoids flicker in a loop that redraws (IPython's {@code clear_output(wait=True)}).
     *
     * @throws IllegalStateException outside a cell of the diffdyn kernel
     */
    public static void clearOutput(boolean wait) {
        BaseKernel k = BaseKernel.notebookKernel();
        if (!(k instanceof DiffdynKernel)) {
            throw new IllegalStateException("clearOutput() needs the diffdyn kernel; the notebook kernel is "
                    + (k == null ? "not set" : k.getClass().getName()));
        }
        if (!((DiffdynKernel) k).clearOutput(wait)) {
            throw new IllegalStateException("clearOutput() can only be called while a cell runs");
        }
    }
}
