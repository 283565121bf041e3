package org.diffdyn.core.progress;

/**
 * Base for displays: checks cancellation on every call but redraws at most every {@code minIntervalMillis}.
 */
public abstract class Throttled implements Progress {
    private final long minIntervalNanos;
    private long lastDraw;
    protected String task = "";
    protected String status = "";
    protected long total;
    protected long done;
    protected long startNanos;

    protected Throttled(long minIntervalMillis) {
        this.minIntervalNanos = minIntervalMillis * 1_000_000L;
    }

    @Override
    public void start(String task, long total) {
        checkCancelled();
        this.task = task;
        this.status = "";
        this.total = total;
        this.done = 0;
        this.startNanos = System.nanoTime();
        this.lastDraw = startNanos;
        draw(false);
    }

    @Override
    public void advance(long done) {
        checkCancelled();
        this.done = done;
        long now = System.nanoTime();
        if (now - lastDraw >= minIntervalNanos) {
            lastDraw = now;
            draw(false);
        }
    }

    @Override
    public void status(String text) {
        checkCancelled();
        this.status = text == null ? "" : text;
    }

    /** The task's name followed by its status, if any. */
    protected String label() {
        return status.isEmpty() ? task : task + ": " + status;
    }

    @Override
    public void finish() {
        this.done = total;
        draw(true);
    }

    protected double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Seconds left at the mean rate so far, or NaN before the first unit or without a total. */
    protected double etaSeconds() {
        return done > 0 && total > done ? elapsedSeconds() / done * (total - done) : Double.NaN;
    }

    /** A text bar such as {@code [#####.....] 50% 5/10 task (1.2 s, ETA 1.2 s)}. */
    protected String bar(int width) {
        double f = total > 0 ? Math.min(1.0, (double) done / total) : 0;
        int n = (int) Math.round(f * width);
        return "[" + "#".repeat(n) + ".".repeat(width - n) + "] " + Math.round(100 * f) + "% " + done + "/" + total
                + " " + label() + String.format(java.util.Locale.ROOT, " (%.1f s", elapsedSeconds())
                + (Double.isNaN(etaSeconds())
                        ? ")"
                        : String.format(java.util.Locale.ROOT, ", ETA %.0f s)", etaSeconds()));
    }

    protected abstract void draw(boolean finished);
}
