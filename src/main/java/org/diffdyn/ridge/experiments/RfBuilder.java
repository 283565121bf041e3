package org.diffdyn.ridge.experiments;

import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.ridge.RfRidgeTraining;

/**
 * Typed setters for the time-embedded random-features model's parameters ({@link RfSetup}, spec §4.5 and §5.5),
 * shared by the experiments that train it, so each builder adds only its own.
 *
 * @param <B> the concrete builder
 */
public abstract class RfBuilder<B extends RfBuilder<B>> extends ExperimentBuilder<B> {
    protected RfBuilder(Experiment experiment) {
        super(experiment);
    }

    public B p(int p) {
        return set(RfSetup.P, p);
    }

    public B k(int k) {
        return set(RfSetup.K, k);
    }

    public B period(double t) {
        return set(RfSetup.PERIOD, t);
    }

    public B timeNodes(int n) {
        return set(RfSetup.NODES, n);
    }

    public B timeGrid(RfRidgeTraining.TimeGrid g) {
        return set(RfSetup.GRID, g);
    }

    public B t0(double t) {
        return set(RfSetup.T0, t);
    }

    public B tMax(double t) {
        return set(RfSetup.TMAX, t);
    }

    public B mz(int m) {
        return set(RfSetup.MZ, m);
    }

    public B lossWeight(int k) {
        return set(RfSetup.LOSS_WEIGHT, k);
    }

    public B pinvFloor(RfRidgeTraining.PinvFloor f) {
        return set(RfSetup.FLOOR, f);
    }
}
