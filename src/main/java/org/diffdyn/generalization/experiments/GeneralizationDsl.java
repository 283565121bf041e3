package org.diffdyn.generalization.experiments;

import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.generalization.Conventions;
import org.diffdyn.generalization.DeterministicEquivalent;

/**
 * Static DSL entry points for paper B (Merger &amp; Goldt, generalization dynamics of linear diffusion models), meant to
 * be imported statically in notebooks next to {@code org.diffdyn.Diffdyn.*}: one factory per typed experiment builder,
 * plus short names for the theory objects a notebook cell uses directly. All formulas are DERIVED reconstructions of
 * linear-diffusion.md §3.3 (the paper's full text was not available); conventions the sources leave open are
 * {@link Conventions} options.
 */
public final class GeneralizationDsl {
    private GeneralizationDsl() {}

    /** Fig. 1h: train/test loss vs N/d ({@code loss-vs-n}). */
    public static LossVsNBuilder lossVsN() {
        return new LossVsNBuilder();
    }

    /** Figs 1l, 2: KL vs N with the d/(4N) law ({@code kl-vs-n}). */
    public static KlVsNBuilder klVsN() {
        return new KlVsNBuilder();
    }

    /** Figs 3, 4: test loss vs ητ ({@code loss-vs-time}). */
    public static LossVsTimeBuilder lossVsTime() {
        return new LossVsTimeBuilder();
    }

    /** Fig. 3g–h: τ_opt vs k ({@code early-stopping}). */
    public static EarlyStoppingVsKBuilder earlyStopping() {
        return new EarlyStoppingVsKBuilder();
    }

    /** Figs 1a, 1m–o: a real data covariance spectrum as Σ ({@code real-spectrum}). */
    public static RealSpectrumBuilder realSpectrum() {
        return new RealSpectrumBuilder();
    }

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
