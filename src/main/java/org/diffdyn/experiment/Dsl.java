package org.diffdyn.experiment;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a package's DSL class (the one notebooks import statically, e.g. {@code SpectralBiasDsl}). For a class
 * {@code FooDsl} the builder processor generates its superclass {@code FooDslEntries} in the same package: one static
 * entry point per {@link TypedBuilder} experiment of the package, named by the camelCase rule from the experiment's
 * name as its {@code SPEC} declares it ({@code Spec.of("emergence-times", …)} gives {@code emergenceTimes()}) and
 * returning a new typed builder. The class itself then holds only what is not an experiment (closed forms, sources);
 * it must declare {@code extends FooDslEntries}.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Dsl {}
