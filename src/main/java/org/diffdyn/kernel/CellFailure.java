package org.diffdyn.kernel;

import java.util.List;

/**
 * What a failed cell reports to Jupyter: the error name (the real exception class, or {@code CompilationException}),
 * the message, and the traceback lines shown under the cell.
 */
final class CellFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String ename;
    final String evalue;
    final transient List<String> traceback;

    CellFailure(String ename, String evalue, List<String> traceback) {
        super(ename + ": " + evalue, null, false, false);
        this.ename = ename;
        this.evalue = evalue;
        this.traceback = List.copyOf(traceback);
    }
}
