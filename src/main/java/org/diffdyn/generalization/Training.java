package org.diffdyn.generalization;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.schedule.DdpmSchedule;

/**
 * How the per-t linear denoisers are trained (linear-diffusion.md §3.2): ridge c (penalty c‖W_t‖_F², UNSURE form),
 * learning rate η, gradient flow or discrete gradient descent, and the open {@link Conventions}.
 *
 * @param schedule    the DDPM schedule (a_t, b_t, β_t)
 * @param ridge       c ≥ 0
 * @param eta         η > 0; only the product ητ matters for gradient flow (§0.2)
 * @param dynamics    gradient flow (e^{−2ητh}) or gradient descent ((1 − 2ηh)^n, n = τ steps)
 * @param conventions the UNSURE conventions (initialisation, loss averaging, training loss, t sampling, sampler, KL)
 */
public record Training(DdpmSchedule schedule, double ridge, double eta, Dynamics dynamics, Conventions conventions) {

    /** Gradient flow (continuous time) or gradient descent (Euler steps of size η). */
    public enum Dynamics {
        FLOW,
        DESCENT
    }

    public Training {
        if (schedule == null) throw new ParameterException("schedule", null, "a DdpmSchedule");
        Check.nonNegative("c", ridge);
        Check.positive("eta", eta);
        if (dynamics == null) throw new ParameterException("dynamics", null, "FLOW or DESCENT");
        if (conventions == null) throw new ParameterException("conventions", null, "a Conventions value");
    }

    /** Gradient flow with η = 1 and the default conventions. */
    public static Training flow(DdpmSchedule schedule, double ridge) {
        return new Training(schedule, ridge, 1.0, Dynamics.FLOW, Conventions.defaults());
    }

    public Training withRidge(double c) {
        return new Training(schedule, c, eta, dynamics, conventions);
    }

    public Training withEta(double e) {
        return new Training(schedule, ridge, e, dynamics, conventions);
    }

    public Training withDynamics(Dynamics dyn) {
        return new Training(schedule, ridge, eta, dyn, conventions);
    }

    public Training withConventions(Conventions c) {
        return new Training(schedule, ridge, eta, dynamics, c);
    }

    public Training withSchedule(DdpmSchedule s) {
        return new Training(s, ridge, eta, dynamics, conventions);
    }

    /** A training time τ ≥ 0; +∞ (the converged model of B1) is allowed. */
    public static double checkTau(double tau) {
        if (!(tau >= 0))
            throw new ParameterException("tau", tau, "a training time >= 0 (or +Infinity for the converged model)");
        return tau;
    }

    /** Every τ of a grid ≥ 0 (+∞ allowed). */
    public static double[] checkTaus(double[] taus) {
        if (taus == null || taus.length == 0)
            throw new ParameterException("tau", "[]", "a non-empty list of training times >= 0");
        for (int i = 0; i < taus.length; i++)
            if (!(taus[i] >= 0))
                throw new ParameterException("tau[" + i + "]", taus[i], "a training time >= 0 (or +Infinity)");
        return taus;
    }

    /** The effective per-t rate η_t = η × (b/a for x0 training) × (1/T for uniformly sampled t). */
    public double rate(int t) {
        return eta
                * conventions.trainingLoss().rateFactor(schedule.a(t), schedule.b(t))
                * conventions.tSampling().rateFactor(schedule.steps());
    }

    /** The curvature of mode i at step t: h = a λ̂ + b + c (B1). */
    public double curvature(int t, double lambdaHat) {
        return schedule.a(t) * lambdaHat + schedule.b(t) + ridge;
    }

    /**
     * For gradient descent: throws a {@link ParameterException} naming eta unless η_t h_max < 1 at every t, where
     * h_max = a_t λ̂_max + b_t + c (§3.5 recipe 3). Gradient flow is always stable.
     */
    public void checkStable(double lambdaHatMax) {
        if (dynamics != Dynamics.DESCENT) return;
        double worst = 0;
        int worstT = 1;
        for (int t = 1; t <= schedule.steps(); t++) {
            double x = rate(t) * curvature(t, lambdaHatMax);
            if (x > worst) {
                worst = x;
                worstT = t;
            }
        }
        if (worst >= 1) {
            double bound = eta / worst;
            throw new ParameterException(
                    "eta",
                    eta,
                    "a learning rate in (0, " + bound + ")",
                    "gradient descent diverges when eta_t (a_t lambdaHat_max + b_t + c) >= 1; worst at t=" + worstT
                            + " with lambdaHat_max=" + lambdaHatMax + ", c=" + ridge);
        }
    }
}
