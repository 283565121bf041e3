package org.diffdyn.measure.experiments;

/**
 * DSL entry points of the real-network experiments (imported statically in notebooks), e.g.
 * {@code networkEmergence().net(NetParams.Net.CNN).steps(800).run()}. The PyTorch engine loads on the first run, not on import.
 */
public final class NetworksDsl {
    private NetworksDsl() {}

    /** Paper A §6: mode emergence in an MLP-UNet, CNN U-Net or linear denoiser vs the linear theory. */
    public static NetworkEmergenceBuilder networkEmergence() {
        return new NetworkEmergenceBuilder();
    }

    /** Paper C: per-class learning and memorisation order on imbalanced Fashion-MNIST vs the RF theory. */
    public static NetworkClassOrderBuilder networkClassOrder() {
        return new NetworkClassOrderBuilder();
    }

    /** Paper B: test loss, KL of generated samples and leading directions vs N/d, network vs linear theory. */
    public static NetworkGeneralizationBuilder networkGeneralization() {
        return new NetworkGeneralizationBuilder();
    }

    /** Training cost on this machine: seconds per step and per 1000 steps after warm-up (e.g. of preset=paper). */
    public static NetworkCostBuilder networkCost() {
        return new NetworkCostBuilder();
    }

    /** The fitted emergence exponents of a network-emergence sweep over seeds: mean, sd, 95 % interval, theory. */
    public static tech.tablesaw.api.Table emergenceSlopes(
            org.diffdyn.sweep.SweepResult sweep, org.diffdyn.sweep.SweepResult... more) {
        return EmergenceSlopes.of(sweep, more);
    }
}
