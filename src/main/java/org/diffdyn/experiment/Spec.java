package org.diffdyn.experiment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.diffdyn.core.ParameterException;

/**
 * What an experiment declares, once: its kebab-case name, its paper, a one-line title, a paragraph of description
 * (model, equation with spec section, the table's columns) and its parameters in display order. The seed parameter
 * belongs to the framework: every specification declares it, as its last parameter, with default 1 unless
 * {@link #seed(long)} sets another.
 */
public record Spec(String name, Paper paper, String title, String description, List<Param<?>> params) {
    public Spec {
        if (!Names.isKebab(name))
            throw new IllegalArgumentException(
                    "experiment name '" + name + "' must be lower kebab case, e.g. my-experiment");
        if (paper == null) throw new IllegalArgumentException(name + ": paper is null");
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        Set<String> keys = new HashSet<>();
        for (Param<?> p : params)
            if (!keys.add(p.key()))
                throw new IllegalArgumentException(name + ": parameter '" + p.key() + "' declared twice");
        List<Param<?>> ps = new ArrayList<>(params); // the seed: always declared, always last
        Param<?> seed =
                ps.stream().filter(p -> p.key().equals("seed")).findFirst().orElse(Param.seed(1));
        ps.remove(seed);
        ps.add(seed);
        params = List.copyOf(ps);
    }

    /** A specification whose keys must all be lower kebab case. */
    public static Spec of(String name, Paper paper, String title, String description, Param<?>... params) {
        for (Param<?> p : params)
            if (!Names.isKebab(p.key()))
                throw new IllegalArgumentException(
                        name + ": parameter key '" + p.key() + "' must be lower kebab case (e.g. ratio-max)");
        return new Spec(name, paper, title, description, List.of(params));
    }

    /** A specification over a list of parameters (e.g. a generated builder's {@code params()}). */
    public static Spec of(String name, Paper paper, String title, String description, List<Param<?>> params) {
        return of(name, paper, title, description, params.toArray(new Param<?>[0]));
    }

    /** This specification with the default of the framework-owned {@code seed} parameter set to {@code def}. */
    public Spec seed(long def) {
        List<Param<?>> ps = new ArrayList<>(params);
        ps.removeIf(p -> p.key().equals("seed"));
        ps.add(Param.seed(def));
        return new Spec(name, paper, title, description, ps);
    }

    /** This specification with more parameters appended (e.g. a shared group declared elsewhere). */
    public Spec with(Param<?>... more) {
        List<Param<?>> ps = Stream.concat(params.stream(), Stream.of(more)).toList();
        return new Spec(name, paper, title, description, ps);
    }

    /** This specification with a group of parameters appended (e.g. a {@code FooSetters.declaredParams()}). */
    public Spec with(List<Param<?>> more) {
        return with(more.toArray(new Param<?>[0]));
    }

    private static final ClassValue<Spec> DECLARED = new ClassValue<>() {
        @Override
        protected Spec computeValue(Class<?> type) {
            try {
                java.lang.reflect.Field f = type.getField("SPEC");
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) && f.getType() == Spec.class)
                    return java.util.Objects.requireNonNull((Spec) f.get(null), "SPEC");
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException(type.getName() + ": " + MISSING, e);
            }
            throw new IllegalStateException(type.getName() + ": " + MISSING);
        }
    };

    private static final String MISSING =
            "declares no 'public static final Spec SPEC' field and does not override spec()";

    /**
     * The {@code public static final Spec SPEC} constant of an experiment class (what {@link Experiment#spec()}
     * returns by default).
     */
    public static Spec declaredBy(Class<?> experimentClass) {
        return DECLARED.get(experimentClass);
    }

    /** The declared parameter with that key, or a {@link ParameterException} listing the keys. */
    public Param<?> param(String key) {
        for (Param<?> p : params) if (p.key().equals(key)) return p;
        String keys = params.stream().map(Param::key).collect(Collectors.joining(", "));
        throw new ParameterException(key, "(unknown option)", "one of the options of " + name + ": " + keys);
    }
}
