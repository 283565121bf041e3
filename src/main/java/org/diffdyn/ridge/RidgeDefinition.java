package org.diffdyn.ridge;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;

/**
 * Which ridge of log p̂_t is meant (random-features-and-ridge.md §4.3). The paper's exact definition could not be read,
 * so the UNSURE choices are explicit options here:
 * <ul>
 *   <li>{@code dStar}: the intrinsic (tangent) dimension d* &lt; D. QUOTED from the authors' code: 1 for the 2-D
 *       synthetic data, 20 or 25 for the MNIST latent.</li>
 *   <li>{@code gapThreshold} β ≥ 0: the eigengap condition λ_{d*} − λ_{d*+1} ≥ β (UNSURE). β = 0 drops the condition,
 *       which is what the authors' {@code get_ridge_residual} does; their plots filter "Gap &gt; 0.01". Without it,
 *       points where the Hessian is (nearly) isotropic get an arbitrary normal frame.</li>
 *   <li>{@code relativeGap}: whether β is compared with the gap itself (absolute, as the authors' "Gap &gt; 0.01")
 *       or with h_t·gap, the gap in units of the Hessian's natural scale 1/h_t (DERIVED option: the eigenvalues of
 *       ∇² log p̂_t all lie in [−1/h_t, −1/h_t + a_t² diam²/h_t²], so a relative threshold such as 10⁻⁸ separates
 *       "frame numerically defined" from "round-off" at every t).</li>
 * </ul>
 * The curvature condition λ_{d*+1} &lt; 0 is always part of the definition (QUOTED: {@code eig_vals[D-1-d_star] < 0}).
 *
 * @param dStar        tangent dimension d*, 1 ≤ d* ≤ D − 1
 * @param gapThreshold β ≥ 0 (0 = no gap condition, the authors' code)
 */
public record RidgeDefinition(int dStar, double gapThreshold, boolean relativeGap) {
    public RidgeDefinition {
        Check.positive("d-star", dStar);
        Check.nonNegative("gapThreshold", gapThreshold);
    }

    /** An absolute gap threshold (the authors' convention). */
    public RidgeDefinition(int dStar, double gapThreshold) {
        this(dStar, gapThreshold, false);
    }

    /** Whether the gap condition holds at a point with eigengap {@code gap} at time with h_t = {@code h}. */
    public boolean gapHolds(double gap, double h) {
        return (relativeGap ? h * gap : gap) >= gapThreshold;
    }

    /** d* = 1 without a gap condition: the setting of the authors' 2-D scripts. */
    public static RidgeDefinition curve() {
        return new RidgeDefinition(1, 0);
    }

    /** Validates d* against the ambient dimension D. */
    public void checkDimension(int d) {
        if (dStar >= d)
            throw new ParameterException(
                    "d-star", dStar, "an integer in [1, " + (d - 1) + "] (below the dimension D = " + d + ")");
    }

    /** Number of normal directions D − d*. */
    public int normalDimension(int d) {
        return d - dStar;
    }
}
