package org.diffdyn.imbalance.experiments;

import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentBuilder;

/**
 * Typed setters for the parameters every paper-C random-features experiment shares ({@link MixtureParams}: the
 * mixture of §3.2 and the RF model of §1.4), so each experiment's builder adds only its own.
 *
 * @param <B> the concrete builder
 */
public abstract class MixtureBuilder<B extends MixtureBuilder<B>> extends ExperimentBuilder<B> {
    protected MixtureBuilder(Experiment experiment) {
        super(experiment);
    }

    public B d(int d) { return set("d", d); }
    public B p(int p) { return set("p", p); }
    public B t(double t) { return set("t", t); }
    public B activation(String a) { return set("activation", a); }
    public B geometry(String g) { return set("geometry", g); }
    public B sigmas(double... s) { return set("sigmas", s); }
    public B norms(double... m) { return set("norms", m); }
    public B ratios(double... r) { return set("ratios", r); }
    public B monteCarlo(int draws) { return set("noise", "mc").set("draws", draws); }
    public B exactNoise() { return set("noise", "exact"); }
}
