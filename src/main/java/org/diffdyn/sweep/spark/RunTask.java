package org.diffdyn.sweep.spark;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.util.LongAccumulator;
import org.diffdyn.sweep.RunResult;
import org.diffdyn.sweep.Task;
import org.diffdyn.sweep.TaskRunner;

/**
 * The only code a sweep ships to executors: a named class in the diffdyn jar (not a notebook closure) that runs a
 * {@link Task} through the executor's registry and counts failed runs for the driver's progress bar.
 */
final class RunTask implements Function<Task, RunResult> {
    private static final long serialVersionUID = 1L;
    private final LongAccumulator failedRuns;

    RunTask(LongAccumulator failedRuns) {
        this.failedRuns = failedRuns;
    }

    @Override
    public RunResult call(Task task) {
        RunResult r = TaskRunner.run(task);
        if (r.failed()) failedRuns.add(1);
        return r;
    }
}
