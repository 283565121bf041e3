package org.diffdyn.core.diffusion;

import org.ejml.data.DMatrixRMaj;

/**
 * A score ∇ log P_t evaluated for a batch of points (an n × d matrix, one point per row), the interface shared by the
 * exact mixture scores, the empirical (memorising) score and learned scores, so every sampler works with all of them.
 */
@FunctionalInterface
public interface ScoreFunction {

    /** Writes ∇ log P_t(y_r) into row r of {@code out} for every row of {@code y} (both n × d); must not modify y. */
    void scores(DMatrixRMaj y, double t, DMatrixRMaj out);
}
