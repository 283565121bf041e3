package org.diffdyn.ridge.experiments;

import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.MixtureScore;
import org.diffdyn.experiment.Dsl;
import org.diffdyn.ridge.EmpiricalRidge;
import org.diffdyn.ridge.ModeConfigurations;
import org.diffdyn.ridge.RidgeDefinition;
import org.ejml.data.DMatrixRMaj;

/**
 * Static DSL entry points of paper D (He, Qiu, Tao, arXiv 2602.06021: the log-density ridge manifold), imported
 * statically by notebooks next to {@code Diffdyn.*}: one factory per typed experiment builder, and the theory objects.
 */
@Dsl
public final class RidgeDsl extends RidgeDslEntries {
    private RidgeDsl() {}

    /** The training points (N × 2, one per row) of a named configuration ("1", "2", "3", "4", "4.5", "5", "9", "pm3", "13"). */
    public static DMatrixRMaj modes(String name) {
        return ModeConfigurations.points(name);
    }

    /** The ridge of p̂_t of training points (one per row) with d* = 1 and no gap condition (the authors' code). */
    public static EmpiricalRidge ridge(DMatrixRMaj points, double t) {
        return new EmpiricalRidge(points, t, RidgeDefinition.curve());
    }

    /** The ridge of p̂_t of any training set (one point per row) under an explicit definition. */
    public static EmpiricalRidge ridge(DMatrixRMaj points, double t, RidgeDefinition definition) {
        return new EmpiricalRidge(points, t, definition);
    }

    /** The smoothed empirical density p̂_t of a training set (one point per row) as the shared mixture. */
    public static MixtureScore smoothedEmpirical(DMatrixRMaj points, double t) {
        return GaussianMixture.empirical(points, t);
    }
}
