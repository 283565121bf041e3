package org.diffdyn.imbalance.experiments;

/**
 * Static DSL entry points for paper C (class structure and imbalance in random-features diffusion models), imported
 * statically by notebooks: {@code classLearningCurves().geometry("orthogonal").ratios(112, 16).run()}.
 * Paper C's full text was unavailable: the models behind these experiments are the DERIVED reconstruction of
 * random-features-and-ridge.md §3, with the UNSURE choices exposed as options.
 */
public final class ImbalanceDsl {
    private ImbalanceDsl() {}

    /** Per-class train/test loss and score error along training (§3.5 C1–C7). */
    public static ClassLearningCurvesBuilder classLearningCurves() {
        return new ClassLearningCurvesBuilder();
    }

    /** Spectrum of U with class weights and groups, against the GEP matrix (§3.3, C8–C9). */
    public static RfSpectrumBuilder rfSpectrum() {
        return new RfSpectrumBuilder();
    }

    /** τ_mem and τ_gen per class against n (§2.2, C1). */
    public static MemorizationTimeBuilder memorizationTime() {
        return new MemorizationTimeBuilder();
    }

    /** Per-class speciation under imbalance: theory vs cloning (§3.4, C10). */
    public static SpeciationExperimentBuilder speciation() {
        return new SpeciationExperimentBuilder();
    }

    /** Fashion-MNIST class statistics and the predicted learning order (§3.2). */
    public static FashionClassOrderBuilder fashionClassOrder() {
        return new FashionClassOrderBuilder();
    }
}
