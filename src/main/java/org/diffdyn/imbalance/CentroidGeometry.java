package org.diffdyn.imbalance;

/**
 * How the class centroids are placed (random-features-and-ridge.md §3.2, DERIVED/UNSURE reconstruction of paper C):
 * every centroid has norm ‖μ_c‖ = m_c √d along a unit direction v_c.
 */
public enum CentroidGeometry {
    /** Two classes on one axis, μ_2 ∝ −μ_1 (with an odd activation and equal σ_c this makes imbalance irrelevant, §3.3). */
    ANTIPODAL,
    /** Mutually orthogonal random unit directions (needs K ≤ d). */
    ORTHOGONAL,
    /** Independent uniformly random unit directions. */
    RANDOM;

    public static CentroidGeometry parse(String s) {
        for (CentroidGeometry g : values()) if (g.name().equalsIgnoreCase(s.trim())) return g;
        throw new org.diffdyn.core.ParameterException("geometry", s, "antipodal, orthogonal or random");
    }
}
