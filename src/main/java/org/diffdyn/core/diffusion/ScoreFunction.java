package org.diffdyn.core.diffusion;

/**
 * A score ∇ log P_t evaluated for a batch of points (row-major n × d), the interface shared by the exact mixture
 * scores, the empirical (memorising) score and learned random-feature scores, so every sampler works with all of them.
 */
@FunctionalInterface
public interface ScoreFunction {

    /** Writes ∇ log P_t(y_r) into row r of {@code out} for the n rows of {@code y} (both n × d, row-major). */
    void scores(double[] y, int n, int d, double t, double[] out);
}
