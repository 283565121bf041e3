package org.diffdyn.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@link Task} produced, in a serializable form that engines send back to the driver: the run's table as
 * {@link ColumnData}, its named checks, or (for a run that failed) the error; never both.
 */
public final class RunResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Task task;
    private final List<ColumnData> columns;
    private final Map<String, Double> checks;
    private final Map<String, String> checkLabels;
    private final Map<String, String> checkTargets;
    private final String error;
    private final long elapsedNanos;

    RunResult(
            Task task,
            List<ColumnData> columns,
            Map<String, Double> checks,
            Map<String, String> checkLabels,
            Map<String, String> checkTargets,
            String error,
            long elapsedNanos) {
        this.task = task;
        this.columns = List.copyOf(columns);
        this.checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        this.checkLabels = Collections.unmodifiableMap(new LinkedHashMap<>(checkLabels));
        this.checkTargets = Collections.unmodifiableMap(new LinkedHashMap<>(checkTargets));
        this.error = error;
        this.elapsedNanos = elapsedNanos;
    }

    public Task task() {
        return task;
    }

    public boolean failed() {
        return error != null;
    }

    /** The error of a failed run ("ParameterException: parameter 'x' = ..."), or null. */
    public String error() {
        return error;
    }

    /** The run's table (empty for a failed run). */
    public List<ColumnData> columns() {
        return columns;
    }

    public int rowCount() {
        return columns.isEmpty() ? 0 : columns.get(0).size();
    }

    /** Named checks in the order the run computed them. */
    public Map<String, Double> checks() {
        return checks;
    }

    /** The label of each check key (what the number is, in words). */
    public Map<String, String> checkLabels() {
        return checkLabels;
    }

    /** The target of each check that declares one, e.g. {@code "<= 0.05"}. */
    public Map<String, String> checkTargets() {
        return checkTargets;
    }

    /** Wall time of the run on its executor (not part of the deterministic tables). */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    /** Same task, same table, same checks, same error (timing ignored). */
    public boolean sameOutcome(RunResult o) {
        return task.equals(o.task)
                && columns.equals(o.columns)
                && checks.equals(o.checks)
                && java.util.Objects.equals(error, o.error);
    }

    @Override
    public String toString() {
        return task + (failed() ? " failed: " + error : " ok, " + rowCount() + " rows");
    }
}
