package org.diffdyn.generalization.experiments;

import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.experiment.Dsl;
import org.diffdyn.generalization.Conventions;
import org.diffdyn.generalization.DeterministicEquivalent;

/**
 * Static DSL entry points for paper B (Merger &amp; Goldt, generalization dynamics of linear diffusion models), meant to
 * be imported statically in notebooks next to {@code org.diffdyn.Diffdyn.*}: one factory per typed experiment builder,
 * plus short names for the theory objects a notebook cell uses directly. All formulas are DERIVED reconstructions of
 * linear-diffusion.md §3.3 (the paper's full text was not available); conventions the sources leave open are
 * {@link Conventions} options.
 */
@Dsl
public final class GeneralizationDsl extends GeneralizationDslEntries {
    private GeneralizationDsl() {}

    /** The DDPM schedule of paper B with T steps (β linear 1e-4 … 1e-2). */
    public static DdpmSchedule ddpm(int steps) {
        return DdpmSchedule.linear(steps);
    }

    /** Power-law spectrum λ_ν ∝ ν^{-k}, Tr Σ/d = 1. */
    public static Spectrum powerLawSpectrum(int d, double k) {
        return Spectrum.powerLaw(d, k);
    }

    /** The deterministic equivalents (B3) for N samples from N(0, diag(spectrum)). */
    public static DeterministicEquivalent deterministicEquivalent(Spectrum spectrum, int n) {
        return new DeterministicEquivalent(spectrum, n);
    }

    /** The spec's default conventions (every UNSURE choice at its default). */
    public static Conventions conventions() {
        return Conventions.defaults();
    }
}
