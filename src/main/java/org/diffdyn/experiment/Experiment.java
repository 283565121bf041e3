package org.diffdyn.experiment;

import java.util.List;
import java.util.Objects;
import org.diffdyn.core.progress.Progress;

/**
 * A registered, runnable experiment: declared parameters in, an {@link ExperimentResult} (table, named plots, keyed
 * checks) out. An experiment declares its {@link Spec} once, as a {@code public static final Spec SPEC} constant (or by
 * overriding {@link #spec()}), and implements {@link #run(Params, ExperimentResult.Builder, Progress)}; everything else (name, paper, title, description,
 * parameters) is read from the spec. Built-in implementations are listed in
 * {@code META-INF/services/org.diffdyn.experiment.Experiment}; a notebook adds its own with {@link #of} and
 * {@link Registry#register}. Either way the DSL, the {@code %diffdyn} magics and the CLI then offer it.
 */
public interface Experiment {
    /**
     * The declaration: name, paper, title, description, parameters. By default the class's {@code public static final Spec
     * SPEC} constant ({@link Spec#declaredBy}).
     */
    default Spec spec() {
        return Spec.declaredBy(getClass());
    }

    /** Short kebab-case name used by magics and the CLI, e.g. {@code weight-relaxation}. */
    default String name() {
        return spec().name();
    }

    /** Which paper it belongs to, as text: "A".."D", "data" or "user" (the enum is {@code spec().paper()}). */
    default String paper() {
        return spec().paper().label();
    }

    /** One line: what it computes. */
    default String title() {
        return spec().title();
    }

    /** A paragraph: the model, the equation (spec section) and what the table's columns hold. */
    default String description() {
        return spec().description();
    }

    default List<Param<?>> params() {
        return spec().params();
    }

    /**
     * Runs with validated parameters: the framework starts the result (name, parameters, clock), the experiment fills
     * it in ({@link #run(Params, ExperimentResult.Builder, Progress)}), and the framework builds it.
     */
    default ExperimentResult run(Params params, Progress progress) {
        ExperimentResult.Builder result = ExperimentResult.builder(this, params);
        run(params, result, progress);
        return result.build();
    }

    /**
     * The experiment's body: adds the table, named plots and keyed checks to {@code result}; calls {@code progress}
     * often enough to be cancellable within ~1 s.
     */
    void run(Params params, ExperimentResult.Builder result, Progress progress);

    /**
     * A builder over this experiment's parameters: its generated typed builder ({@link TypedBuilder}) when it has one,
     * the generic one otherwise.
     */
    default ExperimentBuilder<?> builder() {
        return ExperimentBuilder.of(this);
    }

    /** The body of a user-defined experiment, as {@link #run(Params, ExperimentResult.Builder, Progress)}. */
    @FunctionalInterface
    interface Runner {
        void run(Params params, ExperimentResult.Builder result, Progress progress);
    }

    /**
     * A user-defined experiment (paper {@link Paper#USER}); a {@code seed} parameter (default 1) is added unless
     * {@code params} declares one. Register it with {@link Registry#register} to use it from the magics and the CLI.
     */
    static Experiment of(String name, List<Param<?>> params, Runner runner) {
        String title = "user-defined experiment " + name;
        String description = title + " (defined in a notebook or program with Experiment.of)";
        return of(Spec.of(name, Paper.USER, title, description, params), runner);
    }

    /** A user-defined experiment with a full specification (title, description, paper of one's choice). */
    static Experiment of(Spec spec, Runner runner) {
        Objects.requireNonNull(runner, "runner");
        return new Experiment() {
            @Override
            public Spec spec() {
                return spec;
            }

            @Override
            public void run(Params p, ExperimentResult.Builder result, Progress pr) {
                runner.run(p, result, pr);
            }

            @Override
            public String toString() {
                return spec.name();
            }
        };
    }
}
