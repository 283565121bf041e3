package org.diffdyn.jupyter;

import java.util.Locale;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.diffdyn.core.progress.CancelledException;
import org.diffdyn.core.progress.Throttled;

/**
 * A progress bar in the notebook: shown once per task with a display id and then updated in place
 * ({@code update_display_data}), at most every {@value #MIN_INTERVAL_MILLIS} ms so a tight loop does not flood the
 * front end. A task shorter than {@value #SHOW_AFTER_MILLIS} ms shows no bar at all. Each update carries an HTML {@code <progress>} bar and the same bar as text (for consoles and
 * exports). Cancellation comes from the base class: every {@link #advance} call is a cancellation point, and an
 * interrupted bar is redrawn as such before the {@link CancelledException} propagates.
 */
public final class NotebookProgress extends Throttled {
    /** ~4 updates per second. */
    public static final long MIN_INTERVAL_MILLIS = 250;

    /** Where the bar is published; the kernel's display stream in a notebook, a recorder in tests. */
    public interface Sink {
        void display(DisplayData data);

        void update(String displayId, DisplayData data);
    }

    /** Tasks that finish sooner than this leave no bar behind (keeps notebooks of quick cells clean). */
    public static final long SHOW_AFTER_MILLIS = 500;

    private final Sink sink;
    private final long showAfterNanos;
    private String displayId;

    public NotebookProgress(BaseKernel kernel) {
        this(kernelSink(kernel), MIN_INTERVAL_MILLIS, SHOW_AFTER_MILLIS);
    }

    /**
     * @param minIntervalMillis least time between two redraws
     * @param showAfterMillis   the bar appears only once a task has run this long (0: at once)
     */
    public NotebookProgress(Sink sink, long minIntervalMillis, long showAfterMillis) {
        super(minIntervalMillis);
        this.sink = sink;
        this.showAfterNanos = showAfterMillis * 1_000_000L;
    }

    static Sink kernelSink(BaseKernel kernel) {
        return new Sink() {
            @Override
            public void display(DisplayData data) {
                kernel.display(data);
            }

            @Override
            public void update(String id, DisplayData data) {
                kernel.getIO().display.updateDisplay(id, data);
            }
        };
    }

    @Override
    public void start(String task, long total) {
        displayId = null; // a new bar per task
        super.start(task, total);
    }

    @Override
    public void advance(long done) {
        try {
            super.advance(done);
        } catch (CancelledException e) {
            publish(State.INTERRUPTED);
            throw e;
        }
    }

    @Override
    protected void draw(boolean finished) {
        if (displayId == null && System.nanoTime() - startNanos < showAfterNanos) return; // quick so far
        publish(finished ? State.DONE : State.RUNNING);
    }

    private enum State {
        RUNNING,
        DONE,
        INTERRUPTED
    }

    private void publish(State state) {
        DisplayData d = new DisplayData(bar(30) + (state == State.INTERRUPTED ? " interrupted" : ""));
        d.putHTML(html(state));
        if (displayId == null) {
            displayId = "diffdyn_progress_" + PlotlyHtml.uniqueId();
            d.setDisplayId(displayId);
            sink.display(d);
        } else {
            sink.update(displayId, d);
        }
    }

    private String html(State state) {
        String bar = total > 0
                ? "<progress max=\"" + total + "\" value=\"" + Math.min(done, total)
                        + "\" style=\"width:240px\"></progress>"
                : (state == State.RUNNING ? "<progress style=\"width:240px\"></progress>" : "");
        String pct = total > 0 ? Math.round(100.0 * Math.min(done, total) / total) + "% " : "";
        String status = state == State.DONE
                ? " \u2713"
                : state == State.INTERRUPTED ? " <b style=\"color:#b00\">interrupted</b>" : "";
        return "<div class=\"diffdyn-progress\" style=\"font-family:monospace;font-size:12px\">" + bar + " " + pct
                + done + "/" + total + " " + TableHtml.escape(label())
                + String.format(Locale.ROOT, " (%.1f s", elapsedSeconds())
                + (state == State.RUNNING && !Double.isNaN(etaSeconds())
                        ? String.format(Locale.ROOT, ", ETA %.0f s)", etaSeconds())
                        : ")")
                + status + "</div>";
    }
}
