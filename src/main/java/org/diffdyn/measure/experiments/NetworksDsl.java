package org.diffdyn.measure.experiments;

import org.diffdyn.experiment.Dsl;

/**
 * DSL entry points of the real-network experiments (imported statically in notebooks), e.g.
 * {@code networkEmergence().net(NetParams.Net.CNN).steps(800).run()}. The PyTorch engine loads on the first run, not on import.
 */
@Dsl
public final class NetworksDsl extends NetworksDslEntries {
    private NetworksDsl() {}

    /** The fitted emergence exponents of a network-emergence sweep over seeds: mean, sd, 95 % interval, theory. */
    public static tech.tablesaw.api.Table emergenceSlopes(
            org.diffdyn.sweep.SweepResult sweep, org.diffdyn.sweep.SweepResult... more) {
        return EmergenceSlopes.of(sweep, more);
    }
}
