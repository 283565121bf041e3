package org.diffdyn.core.progress;

/** The computation was interrupted by the user (Jupyter interrupt, Ctrl-C); nothing partial is returned. */
public final class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super("computation interrupted");
    }
}
