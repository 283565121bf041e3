package org.diffdyn.core.schedule;

import org.diffdyn.core.Check;

/**
 * The variance-exploding (EDM) forward process of paper A (linear-diffusion.md §2.1, QUOTED):
 * p(x;σ) = p₀ * N(0, σ²I), sampled from σ_T (default 80) down to σ_0 (default 0.002),
 * with the Karras time discretisation of §2.2.12 for the Heun sampler.
 */
public final class EdmSchedule {
    public static final double DEFAULT_SIGMA_MIN = 0.002;
    public static final double DEFAULT_SIGMA_MAX = 80.0;
    public static final double DEFAULT_RHO = 7.0;

    private final double sigmaMin;
    private final double sigmaMax;

    public EdmSchedule(double sigmaMin, double sigmaMax) {
        Check.positive("sigmaMin", sigmaMin);
        Check.positive("sigmaMax", sigmaMax);
        if (!(sigmaMax > sigmaMin))
            throw new org.diffdyn.core.ParameterException("sigmaMax", sigmaMax, "a number > sigmaMin = " + sigmaMin);
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
    }

    public static EdmSchedule standard() {
        return new EdmSchedule(DEFAULT_SIGMA_MIN, DEFAULT_SIGMA_MAX);
    }

    public double sigmaMin() {
        return sigmaMin;
    }

    public double sigmaMax() {
        return sigmaMax;
    }

    /**
     * Karras noise levels t_0 = σ_max > … > t_{n-1} = σ_min, followed by t_n = 0 (QUOTED §2.2.12):
     * t_i = (σ_max^{1/ρ} + i/(n−1) (σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ. The returned array has n + 1 entries.
     */
    public double[] karrasSteps(int n, double rho) {
        Check.inRange("steps", n, 2, 1_000_000);
        Check.positive("rho", rho);
        double[] t = new double[n + 1];
        double a = Math.pow(sigmaMax, 1 / rho), b = Math.pow(sigmaMin, 1 / rho);
        for (int i = 0; i < n; i++) t[i] = Math.pow(a + (double) i / (n - 1) * (b - a), rho);
        t[n] = 0;
        return t;
    }

    /** n noise levels log-spaced from σ_min to σ_max (ascending), e.g. for quadrature in u = ln σ. */
    public double[] logGrid(int n) {
        return org.diffdyn.core.numeric.Grids.geometric(sigmaMin, sigmaMax, n);
    }
}
