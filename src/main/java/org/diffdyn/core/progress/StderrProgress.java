package org.diffdyn.core.progress;

import java.io.PrintStream;

/** A progress bar on a terminal stream, redrawn in place with a carriage return. */
public final class StderrProgress extends Throttled {
    private final PrintStream out;

    public StderrProgress(PrintStream out) {
        super(200);
        this.out = out;
    }

    @Override
    protected void draw(boolean finished) {
        out.print("\r" + bar(30) + (finished ? System.lineSeparator() : ""));
        out.flush();
    }
}
