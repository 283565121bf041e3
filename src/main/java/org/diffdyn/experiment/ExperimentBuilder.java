package org.diffdyn.experiment;

import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.progress.Progresses;

/**
 * The fluent DSL over an experiment's declared parameters: each setter validates at once (a bad value fails where
 * it is written), {@link #run()} executes. Typed builders (generated, see {@link TypedBuilder}) subclass it with one
 * named setter per parameter.
 *
 * @param <SELF> the concrete builder type, so that chained calls keep it
 */
public abstract class ExperimentBuilder<SELF extends ExperimentBuilder<SELF>> {
    private final Experiment experiment;
    private final Params.Builder params;
    private Progress progress;

    protected ExperimentBuilder(Experiment experiment) {
        this.experiment = experiment;
        this.params = Params.builder(experiment.params()).experiment(experiment.name());
    }

    @SuppressWarnings("unchecked")
    protected final SELF self() {
        return (SELF) this;
    }

    /** Sets a declared parameter (validated now); the generated typed setters are one line each over this. */
    public <T> SELF set(Param<T> param, T value) {
        params.set(param.key(), value);
        return self();
    }

    /** Sets any declared parameter by key (validated now); for a choice, the enum constant or its text form. */
    public SELF set(String name, Object value) {
        params.set(name, value);
        return self();
    }

    /** Sets a parameter from text, as a magic or the CLI would. */
    public SELF parse(String name, String text) {
        params.parse(name, text);
        return self();
    }

    public SELF seed(long seed) {
        return set("seed", seed);
    }

    /** Reports progress to this display instead of the environment's default (notebook bar, CLI stderr). */
    public SELF progress(Progress progress) {
        this.progress = progress;
        return self();
    }

    public Params params() {
        return params.build();
    }

    public Experiment experiment() {
        return experiment;
    }

    public ExperimentResult run() {
        return experiment.run(params.build(), progress != null ? progress : Progresses.create());
    }

    /** The generated typed builder of {@code e} ({@code FooBuilder} beside {@code Foo}), else the generic one. */
    static ExperimentBuilder<?> of(Experiment e) {
        Class<?> c = e.getClass();
        try {
            Class<?> typed = Class.forName(c.getName() + "Builder", true, c.getClassLoader());
            if (ExperimentBuilder.class.isAssignableFrom(typed))
                return (ExperimentBuilder<?>) typed.getConstructor(c).newInstance(e);
        } catch (ClassNotFoundException | NoSuchMethodException untyped) {
            // no generated builder: the generic one below
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot create the builder of " + e.name(), ex);
        }
        return new Generic(e);
    }

    /** The untyped builder every experiment has. */
    public static final class Generic extends ExperimentBuilder<Generic> {
        public Generic(Experiment experiment) {
            super(experiment);
        }
    }
}
