package org.diffdyn.ridge.experiments;

import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.MixtureScore;
import org.diffdyn.ridge.EmpiricalRidge;
import org.diffdyn.ridge.ModeConfigurations;
import org.diffdyn.ridge.RidgeDefinition;

/**
 * Static DSL entry points of paper D (He, Qiu, Tao, arXiv 2602.06021: the log-density ridge manifold), imported
 * statically by notebooks next to {@code Diffdyn.*}: one factory per typed experiment builder, and the theory objects.
 */
public final class RidgeDsl {
    private RidgeDsl() {}

    /** Ridge of p̂_t at several t with samples (§4.3; D1, D2). */
    public static RidgeMapBuilder ridgeMap() {
        return new RidgeMapBuilder();
    }

    /** Distance to the ridge and normal/tangent motion along inference (§4.4). */
    public static ReachAlignSlideExperimentBuilder reachAlignSlide() {
        return new ReachAlignSlideExperimentBuilder();
    }

    /** RF training error split into normal and tangent parts over τ (§4.5; D4). */
    public static RfRidgeErrorsBuilder rfRidgeErrors() {
        return new RfRidgeErrorsBuilder();
    }

    /** Inter-mode fraction vs training time and loss (§4.6; D5–D8). */
    public static InterModeExperimentBuilder interMode() {
        return new InterModeExperimentBuilder();
    }

    /** Ridge-residual histogram in a 32-D image latent (§4.6; D9). */
    public static LatentRidgeBuilder latentRidge() {
        return new LatentRidgeBuilder();
    }

    /** The training points of a named 2-D configuration ("1", "2", "3", "4", "4.5", "5", "9", "pm3", "13"). */
    public static double[] modes(String name) {
        return ModeConfigurations.points(name);
    }

    /** The ridge of p̂_t of 2-D training points with d* = 1 and no gap condition (the authors' code). */
    public static EmpiricalRidge ridge(double[] points2d, double t) {
        return new EmpiricalRidge(points2d, points2d.length / 2, 2, t, RidgeDefinition.curve());
    }

    /** The ridge of p̂_t of any training set under an explicit definition. */
    public static EmpiricalRidge ridge(double[] points, int n, int d, double t, RidgeDefinition definition) {
        return new EmpiricalRidge(points, n, d, t, definition);
    }

    /** The smoothed empirical density p̂_t (score, Hessian, log-density) as the shared mixture. */
    public static MixtureScore smoothedEmpirical(double[] points, int n, int d, double t) {
        return GaussianMixture.empirical(points, n, d, t);
    }
}
