package org.diffdyn.experiment;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that holds a group of parameters several experiments share (and nothing else as {@code static Param}
 * fields). For a holder {@code Foo} the builder processor generates the public interface {@code FooSetters<B>} in the
 * same package: one default setter per field by the {@link TypedBuilder} rule ({@code TIME_NODES} gives
 * {@code timeNodes(int)}). An experiment that declares the group lists it as a mixin:
 * {@code @TypedBuilder(mixins = FooSetters.class)}.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface ParamGroup {}
