package org.diffdyn.core.progress;

/**
 * Progress reporting and cooperative cancellation for long computations.
 *
 * <p>Loops call {@link #advance} (or {@link #checkCancelled}) at least every few milliseconds of work; both throw
 * {@link CancelledException} once the computing thread has been interrupted, which is how a Jupyter interrupt or
 * Ctrl-C stops a computation promptly. The notebook shows a bar updated in place; the CLI prints to stderr.
 */
public interface Progress {

    /** Begins a task of {@code total} units (total may be 0 when unknown). */
    void start(String task, long total);

    /** Reports that {@code done} of the total units are complete; also a cancellation point. */
    void advance(long done);

    /** Marks the current task as done. */
    void finish();

    /** A short status shown after the task's name, e.g. {@code "done 12, failed 1, running 2"}; also a cancellation point. */
    default void status(String text) {
        checkCancelled();
    }

    /** A cancellation point for loops that do not report progress. */
    default void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) throw new CancelledException();
    }

    /** Ignores progress but still honours interrupts. */
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total) {
            checkCancelled();
        }

        @Override
        public void advance(long done) {
            checkCancelled();
        }

        @Override
        public void finish() {}
    };
}
