package org.diffdyn.imbalance.experiments;

import org.diffdyn.core.rf.Activation;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.imbalance.CentroidGeometry;
import org.diffdyn.imbalance.RfClassModel;

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

    public B d(int d) {
        return set(MixtureParams.D, d);
    }

    public B p(int p) {
        return set(MixtureParams.P, p);
    }

    public B t(double t) {
        return set(MixtureParams.T, t);
    }

    public B activation(Activation a) {
        return set(MixtureParams.ACTIVATION, a);
    }

    public B geometry(CentroidGeometry g) {
        return set(MixtureParams.GEOMETRY, g);
    }

    public B sigmas(double... s) {
        return set(MixtureParams.SIGMAS, s);
    }

    public B norms(double... m) {
        return set(MixtureParams.NORMS, m);
    }

    public B ratios(double... r) {
        return set(MixtureParams.RATIOS, r);
    }

    public B noise(RfClassModel.NoiseAverage how) {
        return set(MixtureParams.NOISE, how);
    }

    public B draws(int m) {
        return set(MixtureParams.DRAWS, m);
    }
}
