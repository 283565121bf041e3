package org.diffdyn.experiment;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an experiment whose typed builder is generated at compile time (by
 * {@code org.diffdyn.experiment.processor.TypedBuilderProcessor}) from its {@code static final Param<T>} fields, by one
 * rule: the field {@code LOG10_TAU_FROM} (key {@code log10-tau-from}) gives the setter {@code log10TauFrom(double)}.
 * For an experiment {@code Foo} the generated {@code FooBuilder} (same package) has a public no-argument constructor,
 * one setter per field in declaration order, and {@code FooBuilder.declaredParams()}: the fields in declaration order, which
 * the experiment passes to {@link Spec#of(String, Paper, String, String, java.util.List)}. A field's name must be its
 * key in upper snake case; {@code ExperimentConformanceTest} checks that every declared key has its setter.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface TypedBuilder {
    /**
     * Interfaces, each generic in the builder type, whose default methods add convenience setters (e.g. a range in one
     * call); the generated builder implements them.
     */
    Class<?>[] mixins() default {};
}
