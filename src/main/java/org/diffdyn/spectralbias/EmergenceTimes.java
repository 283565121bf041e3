package org.diffdyn.spectralbias;

import java.util.function.DoubleUnaryOperator;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.numeric.Roots;

/**
 * Emergence time τ*_k: the first training time at which the generated variance λ̃_k(τ) crosses a threshold between
 * its initial value and its target λ_k (linear-diffusion.md §2.2.5, definition QUOTED), and the power-law fit
 * τ* ∝ λ^b (b = −α, QUOTED law α ≈ 1).
 *
 * <p>Two procedures: {@link #exact} (root finding in ln τ from the true τ = 0 value, no smoothing; "Exact" column of
 * the spec's table) and {@link #smoothedFirstCrossing}, the authors' {@code compute_crossing_points}: initial value
 * = first grid point, Gaussian filter over grid indices (σ = 2 for theory curves), direction from the smoothed start,
 * first grid point past the threshold.
 */
public final class EmergenceTimes {
    private EmergenceTimes() {}

    public enum Threshold {
        /** √(λ̃(0) λ): main text and NN experiments. */
        GEOMETRIC,
        /** 2/(1/λ̃(0) + 1/λ): Fig. 6A, patch figures, the code's default. */
        HARMONIC
    }

    /** Increase (λ̃(0) < λ) or decrease branch. */
    public enum Direction {
        INCREASE,
        DECREASE
    }

    /** A mode's emergence: τ* (NaN when no crossing in range) and its branch. */
    public record Emergence(double tau, Direction direction) {
        public boolean found() {
            return !Double.isNaN(tau);
        }

        /** Found on the increase branch (the modes the power-law fits use). */
        public boolean increasing() {
            return found() && direction == Direction.INCREASE;
        }
    }

    /** Ordinary least squares of ln τ* on ln λ: τ* = e^{intercept} λ^{slope}. */
    public record PowerLawFit(double slope, double intercept, double rSquared, int points) {
        public double predict(double lambda) {
            return Math.exp(intercept) * Math.pow(lambda, slope);
        }
    }

    /** The threshold between initial value and target (QUOTED). */
    public static double threshold(Threshold kind, double initial, double target) {
        switch (kind) {
            case GEOMETRIC:
                return Math.sqrt(initial * target);
            case HARMONIC:
                return 2 / (1 / initial + 1 / target);
            default:
                throw new AssertionError(kind);
        }
    }

    /**
     * Exact first crossing: scans ln τ on [tauMin, tauMax] with 25 points per decade for the first sign change of
     * ln λ̃(τ) − ln(threshold), then Brent in ln τ (relative precision ~1e-12).
     *
     * @param logVariance τ ↦ ln λ̃(τ)
     * @param initialLog the true ln λ̃(0)
     */
    public static Emergence exact(
            DoubleUnaryOperator logVariance,
            double initialLog,
            double target,
            Threshold kind,
            double tauMin,
            double tauMax) {
        Check.positive("target", target);
        Check.positive("tauMin", tauMin);
        if (!(tauMax > tauMin)) throw new ParameterException("tauMax", tauMax, "a number > tauMin = " + tauMin);
        double logThr = Math.log(threshold(kind, Math.exp(initialLog), target));
        Direction dir = initialLog < Math.log(target) ? Direction.INCREASE : Direction.DECREASE;
        double sign = dir == Direction.INCREASE ? 1 : -1;
        DoubleUnaryOperator f = u -> sign * (logVariance.applyAsDouble(Math.exp(u)) - logThr);
        double lo = Math.log(tauMin), hi = Math.log(tauMax);
        int n = (int) Math.ceil((hi - lo) / Math.log(10) * 25);
        double uPrev = lo, fPrev = f.applyAsDouble(lo);
        if (fPrev >= 0) return new Emergence(tauMin, dir); // already past the threshold at tauMin
        for (int i = 1; i <= n; i++) {
            double u = lo + (hi - lo) * i / n, fu = f.applyAsDouble(u);
            if (fu >= 0) {
                double root = Roots.brent(f, uPrev, u, 1e-13).x();
                return new Emergence(Math.exp(root), dir);
            }
            uPrev = u;
            fPrev = fu;
        }
        return new Emergence(Double.NaN, dir);
    }

    /** Exact emergence of the one-layer model (Prop. 4.2). */
    public static Emergence oneLayer(
            double lambda, double q, double eta, Threshold kind, double sigma0, double sigmaT) {
        return exact(
                t -> GeneratedVariance.oneLayerLog(lambda, q, eta, t, sigma0, sigmaT),
                GeneratedVariance.initialLog(q, sigma0, sigmaT),
                lambda,
                kind,
                1e-8 / eta,
                1e8 / eta);
    }

    /** Exact emergence of the symmetric two-layer model (Prop. 5.1); λ̃(0) is the same as for one layer. */
    public static Emergence twoLayer(
            double lambda, double q, double eta, Threshold kind, double sigma0, double sigmaT) {
        return exact(
                t -> TwoLayerDynamics.generatedLog(lambda, q, eta, t, sigma0, sigmaT),
                TwoLayerDynamics.generatedLog(lambda, q, eta, 0, sigma0, sigmaT),
                lambda,
                kind,
                1e-8 / eta,
                1e8 / eta);
    }

    /** Exact emergence of every mode variance in {@code lambdas}: {@link #twoLayer} or {@link #oneLayer}. */
    public static Emergence[] exact(
            boolean twoLayer, double[] lambdas, double q, double eta, Threshold kind, double sigma0, double sigmaT) {
        Emergence[] out = new Emergence[lambdas.length];
        for (int k = 0; k < lambdas.length; k++)
            out[k] = twoLayer
                    ? twoLayer(lambdas[k], q, eta, kind, sigma0, sigmaT)
                    : oneLayer(lambdas[k], q, eta, kind, sigma0, sigmaT);
        return out;
    }

    /**
     * The authors' procedure on a sampled trajectory (QUOTED, {@code compute_crossing_points} with
     * {@code first_crossing=True}): threshold from trajectory[0] and the target; Gaussian smoothing over indices;
     * direction DECREASE if smoothed[0] > threshold; the first index on the other side; τ* = that grid time.
     */
    public static Emergence smoothedFirstCrossing(
            double[] taus, double[] trajectory, double target, Threshold kind, double smoothSigma) {
        if (taus.length != trajectory.length)
            throw new ParameterException(
                    "trajectory", "length " + trajectory.length, "the length of taus (" + taus.length + ")");
        double thr = threshold(kind, trajectory[0], target);
        double[] sm = smoothSigma > 0 ? gaussianFilter(trajectory, smoothSigma) : trajectory.clone();
        Direction dir = sm[0] > thr ? Direction.DECREASE : Direction.INCREASE;
        for (int i = 0; i < sm.length; i++) {
            boolean crossed = dir == Direction.DECREASE ? sm[i] < thr : sm[i] > thr;
            if (crossed) return new Emergence(taus[i], dir);
        }
        return new Emergence(Double.NaN, dir);
    }

    /**
     * {@link #smoothedFirstCrossing} for every mode of a grid of log-variances {@code logVariance[tau][mode]} (as
     * {@link GeneratedVariance#oneLayerLog(double[], double, double, double[], double, double)} returns), mode k
     * aiming at {@code targets[k]}.
     */
    public static Emergence[] smoothedFirstCrossings(
            double[] taus, double[][] logVariance, double[] targets, Threshold kind, double smoothSigma) {
        Emergence[] out = new Emergence[targets.length];
        double[] traj = new double[taus.length];
        for (int k = 0; k < targets.length; k++) {
            for (int j = 0; j < taus.length; j++) traj[j] = Math.exp(logVariance[j][k]);
            out[k] = smoothedFirstCrossing(taus, traj, targets[k], kind, smoothSigma);
        }
        return out;
    }

    /**
     * 1-D Gaussian filter over indices with scipy's defaults ({@code gaussian_filter1d}: mode "reflect", i.e.
     * half-sample symmetric, kernel truncated at 4σ, radius ⌊4σ + 0.5⌋).
     */
    public static double[] gaussianFilter(double[] x, double sigma) {
        Check.positive("smoothSigma", sigma);
        int radius = (int) (4 * sigma + 0.5), n = x.length;
        double[] w = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) sum += w[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
        for (int i = 0; i < w.length; i++) w[i] /= sum;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = -radius; j <= radius; j++) s += w[j + radius] * x[reflect(i + j, n)];
            out[i] = s;
        }
        return out;
    }

    /** scipy "reflect": (d c b a | a b c d | d c b a). */
    static int reflect(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * n;
        int k = Math.floorMod(i, period);
        return k < n ? k : period - 1 - k;
    }

    /**
     * First crossing on a sampled log-trajectory with a known start value, interpolated linearly in (ln τ, ln λ̃)
     * between the bracketing grid points (for coarse grids such as recorded simulation times). NaN when none.
     */
    public static Emergence firstCrossingInterpolated(
            double[] taus, double[] logTrajectory, double initialLog, double target, Threshold kind) {
        double thr = Math.log(threshold(kind, Math.exp(initialLog), target));
        Direction dir = initialLog < Math.log(target) ? Direction.INCREASE : Direction.DECREASE;
        double sign = dir == Direction.INCREASE ? 1 : -1;
        for (int j = 0; j < taus.length; j++) {
            if (sign * (logTrajectory[j] - thr) < 0) continue;
            if (j == 0) return new Emergence(taus[0], dir);
            double f = (thr - logTrajectory[j - 1]) / (logTrajectory[j] - logTrajectory[j - 1]);
            return new Emergence(
                    Math.exp(Math.log(taus[j - 1]) + f * (Math.log(taus[j]) - Math.log(taus[j - 1]))), dir);
        }
        return new Emergence(Double.NaN, dir);
    }

    /** OLS fit of ln τ* on ln λ over the modes with a crossing (needs at least two). */
    public static PowerLawFit fit(double[] lambdas, double[] taus) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
        int n = 0;
        for (int i = 0; i < lambdas.length; i++) {
            if (!(taus[i] > 0) || !(lambdas[i] > 0)) continue;
            double x = Math.log(lambdas[i]), y = Math.log(taus[i]);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            syy += y * y;
            n++;
        }
        if (n < 2) throw new ParameterException("modes", n, "at least two modes with a crossing to fit a power law");
        double vx = sxx - sx * sx / n, vy = syy - sy * sy / n, cxy = sxy - sx * sy / n;
        double slope = cxy / vx, intercept = (sy - slope * sx) / n;
        double r2 = vy == 0 ? 1 : cxy * cxy / (vx * vy);
        return new PowerLawFit(slope, intercept, r2, n);
    }
}
