package org.diffdyn.generalization;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.numeric.Roots;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;

/**
 * Deterministic equivalents of the empirical second moment Σ̂ of N samples from N(0, Σ) in the proportional limit
 * (linear-diffusion.md §3.3 B3, DERIVED; this is the "replica" layer of paper B in the renormalised-ridge form of
 * Atanasov, Zavatone-Veth & Pehlevan, arXiv:2405.00592). Whether the paper writes the same equations with other order
 * parameters is UNSURE (§5); resolvent-type quantities agree. Finite-size error is about 1% at d ≥ 100.
 *
 * <p>For ridge ℓ &gt; 0 the renormalised ridge κ(ℓ) is the unique root in [ℓ, ℓ + Tr Σ/N] of
 * κ − ℓ = (κ/N) df₁(κ). With R = (Σ̂ + ℓI)⁻¹ the traces, log-determinant and converged losses of B1 follow.
 * Every method is O(d) per evaluation (plus O(d) per root-finder step).
 */
public final class DeterministicEquivalent {
    private final double[] lambda;
    private final int samples;
    private final double trace;

    public DeterministicEquivalent(double[] lambda, int samples) {
        this.lambda = Check.allPositive("lambda", lambda).clone();
        this.samples = Check.positive("N", samples);
        double tr = 0;
        for (double l : this.lambda) tr += l;
        this.trace = tr;
    }

    public DeterministicEquivalent(Spectrum spectrum, int samples) {
        this(spectrum.values(), samples);
    }

    public int dimension() {
        return lambda.length;
    }

    public int samples() {
        return samples;
    }

    /** df₁(κ) = Σ_j λ_j/(λ_j + κ). */
    public double df1(double kappa) {
        double sum = 0;
        for (double l : lambda) sum += l / (l + kappa);
        return sum;
    }

    /** df₂(κ) = Σ_j λ_j²/(λ_j + κ)². */
    public double df2(double kappa) {
        double sum = 0;
        for (double l : lambda) {
            double f = l / (l + kappa);
            sum += f * f;
        }
        return sum;
    }

    /** T₀ = Σ 1/(λ+κ). */
    public double t0(double kappa) {
        double sum = 0;
        for (double l : lambda) sum += 1 / (l + kappa);
        return sum;
    }

    /** T₁ = Σ λ/(λ+κ)². */
    public double t1(double kappa) {
        double sum = 0;
        for (double l : lambda) {
            double g = 1 / (l + kappa);
            sum += l * g * g;
        }
        return sum;
    }

    /** T₂ = Σ 1/(λ+κ)². */
    public double t2(double kappa) {
        double sum = 0;
        for (double l : lambda) {
            double g = 1 / (l + kappa);
            sum += g * g;
        }
        return sum;
    }

    /** κ' = dκ/dℓ = 1/(1 − df₂(κ)/N). */
    public double kappaPrime(double kappa) {
        return 1 / (1 - df2(kappa) / samples);
    }

    /**
     * The renormalised ridge κ(ℓ) for ℓ &gt; 0: Brent on g(κ) = κ − ℓ − (κ/N)df₁(κ) over the bracket [ℓ, ℓ + Tr Σ/N],
     * where g(ℓ) &lt; 0 &lt; g(ℓ + Tr Σ/N) always holds (§3.5 recipe 5).
     */
    public double kappa(double ell) {
        Check.positive("ell", ell);
        double lo = ell, hi = ell + trace / samples;
        Roots.Root r =
                Roots.brent(k -> k - ell - k / samples * df1(k), lo, hi, Math.max(ell * 1e-16, Double.MIN_NORMAL));
        return r.x();
    }

    /**
     * κ₀ = lim_{ℓ→0} κ(ℓ): the root of df₁(κ₀) = N for N &lt; d (log-space bisection, bracket widened until it holds),
     * and 0 for N ≥ d.
     */
    public double kappa0() {
        int d = lambda.length;
        if (samples >= d) return 0;
        double mean = trace / d;
        double lo = 1e-14 * mean, hi = 1e6 * mean;
        while (df1(lo) <= samples && lo > 1e-300) lo *= 1e-3;
        while (df1(hi) >= samples) hi *= 1e3;
        return Roots.bisectLog(k -> df1(k) - samples, lo, hi, 1e-15).x();
    }

    /** Mean population variance along a null direction of Σ̂, s̄_u = N κ₀/(d − N) (B3; 0 for N ≥ d). */
    public double nullDirectionVariance() {
        int d = lambda.length;
        return samples >= d ? 0 : samples * kappa0() / (d - samples);
    }

    /** Total population variance in the null space of Σ̂, Tr[Σ P_null] ≍ N κ₀. */
    public double nullSpaceVariance() {
        return samples * kappa0();
    }

    /** Tr R ≍ (κ/ℓ) T₀. */
    public double traceR(double ell) {
        double k = kappa(ell);
        return k / ell * t0(k);
    }

    /** Tr R² ≍ (κ/ℓ²)T₀ − (κ'/ℓ)T₀ + (κκ'/ℓ)T₂. */
    public double traceR2(double ell) {
        double k = kappa(ell), kp = kappaPrime(k), t0 = t0(k);
        return k / (ell * ell) * t0 - kp / ell * t0 + k * kp / ell * t2(k);
    }

    /** Tr[RΣR] ≍ (κ/ℓ)² T₁ κ'. */
    public double traceRSigmaR(double ell) {
        double k = kappa(ell);
        double f = k / ell;
        return f * f * t1(k) * kappaPrime(k);
    }

    /** Tr[RΣ̂R] = Tr R − ℓ Tr R² (exact identity). */
    public double traceRSigmaHatR(double ell) {
        return traceR(ell) - ell * traceR2(ell);
    }

    /** Tr[RΣ] ≍ N(κ/ℓ − 1) (used by the reverse KL of B5). */
    public double traceRSigma(double ell) {
        return samples * (kappa(ell) / ell - 1);
    }

    /** ln det(Σ̂ + ℓI) ≍ Σ ln(λ + κ) − df₁(κ) + (d − N) ln(ℓ/κ). */
    public double logDet(double ell) {
        double k = kappa(ell);
        double sum = 0;
        for (double l : lambda) sum += Math.log(l + k);
        return sum - df1(k) + (lambda.length - samples) * Math.log(ell / k);
    }

    /** The converged per-t test loss, L^te_t ≍ d − (2b/a)TrR + (b/a)Tr[RΣR] + (b²/a²)TrR², with ℓ = (b + c)/a. */
    public double testLoss(double a, double b, double c) {
        double ell = (b + c) / a;
        double k = kappa(ell), kp = kappaPrime(k), t0 = t0(k);
        double trR = k / ell * t0;
        double trR2 = k / (ell * ell) * t0 - kp / ell * t0 + k * kp / ell * t2(k);
        double f = k / ell;
        double trRSR = f * f * t1(k) * kp;
        return lambda.length - 2 * b / a * trR + b / a * trRSR + b * b / (a * a) * trR2;
    }

    /** The converged per-t training loss, L^tr_t ≍ d − (2b/a)TrR + (b/a)Tr[RΣ̂R] + (b²/a²)TrR² (d − (b/a)TrR at c = 0). */
    public double trainLoss(double a, double b, double c) {
        double ell = (b + c) / a;
        double k = kappa(ell), kp = kappaPrime(k), t0 = t0(k);
        double trR = k / ell * t0;
        double trR2 = k / (ell * ell) * t0 - kp / ell * t0 + k * kp / ell * t2(k);
        double trRShR = trR - ell * trR2;
        return lambda.length - 2 * b / a * trR + b / a * trRShR + b * b / (a * a) * trR2;
    }

    /** Converged test loss combined over t (§3.4 "converged per-dim losses" table with the default average). */
    public double testLoss(DdpmSchedule schedule, double c, Conventions.LossAverage average) {
        double sum = 0;
        for (int t = 1; t <= schedule.steps(); t++) sum += testLoss(schedule.a(t), schedule.b(t), c);
        return sum * average.factor(schedule.steps(), lambda.length);
    }

    /**
     * The converged test loss against which training curves are drawn (B3, DERIVED; Figs 3–4): combined over t with the
     * average (t = 0), or at one step t per dimension; NaN at c = 0 and N = d, where it diverges.
     */
    public double testLoss(DdpmSchedule schedule, int t, double c, Conventions.LossAverage average) {
        if (c == 0 && samples == lambda.length) return Double.NaN;
        return t == 0 ? testLoss(schedule, c, average) : testLoss(schedule.a(t), schedule.b(t), c) / lambda.length;
    }

    /** Converged training loss combined over t. */
    public double trainLoss(DdpmSchedule schedule, double c, Conventions.LossAverage average) {
        double sum = 0;
        for (int t = 1; t <= schedule.steps(); t++) sum += trainLoss(schedule.a(t), schedule.b(t), c);
        return sum * average.factor(schedule.steps(), lambda.length);
    }

    /**
     * B7 heuristic: τ_opt ≈ 1/(2η a s̄_u) = (d − N)/(2η a N κ₀), with a ≈ 1 (the small-t null directions dominate the
     * overfitting). Only defined for N &lt; d.
     */
    public double earlyStoppingHeuristic(double eta, double a) {
        Check.positive("eta", eta);
        if (samples >= lambda.length)
            throw new ParameterException(
                    "N", samples, "N < d = " + lambda.length, "the heuristic uses the null space of Σ̂");
        return 1 / (2 * eta * a * nullDirectionVariance());
    }

    /** Σ_j ln λ_j. */
    public double logDetPopulation() {
        return Spectrum.logDet(lambda);
    }

    /** Tr Σ⁻¹. */
    public double traceInverse() {
        return Spectrum.traceInverse(lambda);
    }

    double[] lambdaView() {
        return lambda;
    }
}
