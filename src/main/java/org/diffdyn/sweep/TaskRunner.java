package org.diffdyn.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.diffdyn.core.progress.CancelledException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Registry;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Runs one {@link Task} where it lands (a pool thread or a Spark executor): looks the experiment up in the
 * {@link Registry}, sets the parameters from their text form and runs it. Any failure of the run (an invalid
 * parameter combination, a {@link org.diffdyn.core.NumericalException} from divergence, any other exception) becomes
 * a {@link RunResult} carrying the error; only cancellation (an interrupt) propagates.
 */
public final class TaskRunner {
    private TaskRunner() {}

    public static RunResult run(Task task) {
        return run(task, Progress.NONE);
    }

    public static RunResult run(Task task, Progress progress) {
        long t0 = System.nanoTime();
        try {
            ExperimentBuilder<?> b = Registry.get(task.experiment()).builder();
            task.params().forEach(b::parse);
            ExperimentResult r = b.progress(progress).run();
            Table t = r.table();
            List<ColumnData> cols = new ArrayList<>(t.columnCount());
            for (Column<?> c : t.columns()) cols.add(ColumnData.of(c));
            Map<String, String> labels = new LinkedHashMap<>(), targets = new LinkedHashMap<>();
            for (ExperimentResult.Check c : r.checkList()) {
                labels.put(c.key(), c.label());
                if (c.target() != null) targets.put(c.key(), c.target());
            }
            return new RunResult(task, cols, r.checks(), labels, targets, null, System.nanoTime() - t0);
        } catch (CancelledException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            if (Thread.currentThread().isInterrupted()) throw new CancelledException();
            return new RunResult(task, List.of(), Map.of(), Map.of(), Map.of(), describe(e), System.nanoTime() - t0);
        }
    }

    /** "ExceptionType: message", the first line a user needs. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.strip());
    }
}
