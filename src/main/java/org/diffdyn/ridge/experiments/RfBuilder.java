package org.diffdyn.ridge.experiments;

import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentBuilder;

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

    public B p(int p) { return set(RfSetup.P.name(), p); }
    public B K(int k) { return set(RfSetup.K.name(), k); }
    public B timeNodes(int n) { return set(RfSetup.NODES.name(), n); }
    public B mz(int m) { return set(RfSetup.MZ.name(), m); }
    public B lossWeight(int k) { return set(RfSetup.LOSS_WEIGHT.name(), k); }
    public B pinvFloor(String f) { return set(RfSetup.FLOOR.name(), f); }
    public B timeGrid(String g) { return set(RfSetup.GRID.name(), g); }
    public B period(double t) { return set(RfSetup.PERIOD.name(), t); }
    public B tMax(double t) { return set(RfSetup.TMAX.name(), t); }
}
