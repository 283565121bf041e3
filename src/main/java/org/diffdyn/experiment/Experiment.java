package org.diffdyn.experiment;

import java.util.List;
import org.diffdyn.core.progress.Progress;

/**
 * A registered, runnable experiment: declared parameters in, an {@link ExperimentResult} (table + plots) out.
 * Implementations are listed in {@code META-INF/services/org.diffdyn.experiment.Experiment}; that one line is all
 * it takes for the DSL, the {@code %diffdyn} magics and the CLI to offer it.
 */
public interface Experiment {

    /** Short kebab-case name used by magics and the CLI, e.g. {@code weight-relaxation}. */
    String name();

    /** Which paper it belongs to ("A".."D", or "core"). */
    String paper();

    /** One line: what it computes. */
    String title();

    /** A paragraph: the model, the equation (spec section) and what the table's columns hold. */
    String description();

    List<Param<?>> params();

    /** Runs with validated parameters; must call {@code progress} often enough to be cancellable within ~1 s. */
    ExperimentResult run(Params params, Progress progress);

    /** A builder over this experiment's parameters (the generic DSL; typed builders extend it). */
    default ExperimentBuilder<?> builder() {
        return new ExperimentBuilder.Generic(this);
    }
}
