package org.diffdyn.generalization;

import org.diffdyn.core.Check;
import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.DdpmSchedule;

/**
 * The ε-prediction linear denoiser ε̂(x_t, t) = W_t x_t of paper B, trained on N samples (linear-diffusion.md §3.2,
 * §3.3 B1–B2, B6; DERIVED reconstructions, since the paper's text was not available).
 *
 * <p>With the noise expectation taken exactly, the per-t losses are (§3.2)
 * L^tr_t(W) = d − 2√b Tr W + Tr[W(aΣ̂ + bI)Wᵀ] and L^te_t(W) = d − 2√b Tr W + Tr[W(aΣ + bI)Wᵀ], and the training
 * objective adds c‖W‖². Its gradient is 2(W H_t − √b I) with H_t = aΣ̂ + (b + c)I, so from an isotropic start every
 * W_t stays a function of Σ̂ and each sample eigenmode i relaxes independently with curvature h_i = aλ̂_i + b + c.
 */
public final class LinearDenoiser {
    private LinearDenoiser() {}

    /** B1: the converged (ridge) weight of a sample eigenmode, w* = √b / (aλ̂ + b + c). */
    public static double convergedWeight(double a, double b, double c, double lambdaHat) {
        return Math.sqrt(b) / (a * lambdaHat + b + c);
    }

    /** B1: the population optimum's weight √b / (aλ + b) (N = ∞, c = 0). */
    public static double optimalWeight(double a, double b, double lambda) {
        return Math.sqrt(b) / (a * lambda + b);
    }

    /**
     * 1 − E with E the relaxation factor of B2: E = e^{−2 rate τ h} for gradient flow (via expm1, so small ητh keep
     * full precision) and E = (1 − 2 rate h)^n with n = round(τ) steps for gradient descent. τ = +∞ gives 1.
     */
    public static double relaxed(double rate, double tau, double h, Training.Dynamics dynamics) {
        if (tau == Double.POSITIVE_INFINITY) return 1.0;
        if (dynamics == Training.Dynamics.FLOW) return -Math.expm1(-2 * rate * tau * h);
        double base = 2 * rate * h;
        if (base >= 2) throw new ParameterException("eta", rate, "a learning rate with eta h < 1 (h = " + h + ")");
        double n = Math.rint(tau);
        // For 2ηh < 1 the factor is positive and expm1/log1p keep precision; for 1 ≤ 2ηh < 2 it oscillates in sign.
        return base < 1 ? -Math.expm1(n * Math.log1p(-base)) : 1 - Math.pow(1 - base, n);
    }

    /**
     * B2: the weight of one sample eigenmode at training time τ from W_t(0) = q I,
     * w(τ) = w* + (q − w*) E, where E is the relaxation factor of {@link #relaxed}.
     *
     * @param rate the per-t learning rate η_t ({@link Training#rate(int)})
     */
    public static double weight(
            double a,
            double b,
            double c,
            double lambdaHat,
            double q,
            double rate,
            double tau,
            Training.Dynamics dynamics) {
        double h = a * lambdaHat + b + c;
        double star = Math.sqrt(b) / h;
        double oneMinusE = relaxed(rate, tau, h, dynamics);
        return star * oneMinusE + q * (1 - oneMinusE);
    }

    /** The per-mode weights w_i(τ) at step t for one realization. */
    public static double[] weights(EmpiricalModes modes, int t, Training training, double tau) {
        DdpmSchedule s = training.schedule();
        double a = s.a(t), b = s.b(t), c = training.ridge(), rate = training.rate(t);
        double q = training.conventions().initialWeight();
        Training.checkTau(tau);
        double[] lh = modes.lambdaHatView();
        double[] w = new double[lh.length];
        for (int i = 0; i < w.length; i++) w[i] = weight(a, b, c, lh[i], q, rate, tau, training.dynamics());
        return w;
    }

    /** The contribution of one mode with weight w and variance v along it: 1 − 2√b w + w²(a v + b) (B2). */
    public static double modeLoss(double a, double b, double w, double variance) {
        return 1 - 2 * Math.sqrt(b) * w + w * w * (a * variance + b);
    }

    /** B2: per-t test loss Σ_i [1 − 2√b w_i + w_i²(a s_i + b)] for given per-mode weights. */
    public static double testLoss(EmpiricalModes modes, double a, double b, double[] w) {
        double[] s = modes.sView();
        double sum = 0;
        for (int i = 0; i < w.length; i++) sum += modeLoss(a, b, w[i], s[i]);
        return sum;
    }

    /** B2: per-t training loss (no penalty term): the test loss with s_i → λ̂_i. */
    public static double trainLoss(EmpiricalModes modes, double a, double b, double[] w) {
        double[] lh = modes.lambdaHatView();
        double sum = 0;
        for (int i = 0; i < w.length; i++) sum += modeLoss(a, b, w[i], lh[i]);
        return sum;
    }

    /** Per-t test loss at training time τ (use τ = +∞ for the converged model of B1). */
    public static double testLoss(EmpiricalModes modes, int t, Training training, double tau) {
        DdpmSchedule s = training.schedule();
        return testLoss(modes, s.a(t), s.b(t), weights(modes, t, training, tau));
    }

    /** Per-t training loss at training time τ. */
    public static double trainLoss(EmpiricalModes modes, int t, Training training, double tau) {
        DdpmSchedule s = training.schedule();
        return trainLoss(modes, s.a(t), s.b(t), weights(modes, t, training, tau));
    }

    /** B1: the population-optimal loss per t, L*_t = Σ_j aλ_j / (aλ_j + b). */
    public static double populationLoss(double a, double b, double[] lambda) {
        double sum = 0;
        for (double l : lambda) sum += a * l / (a * l + b);
        return sum;
    }

    /** The population-optimal loss combined over t with the loss-average convention (§3.4 B-F1h target). */
    public static double populationLoss(DdpmSchedule schedule, double[] lambda, Conventions.LossAverage average) {
        double sum = 0;
        for (int t = 1; t <= schedule.steps(); t++) sum += populationLoss(schedule.a(t), schedule.b(t), lambda);
        return sum * average.factor(schedule.steps(), lambda.length);
    }

    /**
     * B6: E‖(W_N − W*)x_t‖² over test inputs x_t, which equals the excess test risk L^te_t(W_N) − L*_t by the
     * quadratic identity at the population optimum W* = √b(aΣ + bI)⁻¹.
     */
    public static double excessRisk(EmpiricalModes modes, int t, Training training, double tau) {
        DdpmSchedule s = training.schedule();
        return testLoss(modes, t, training, tau) - populationLoss(s.a(t), s.b(t), modes.populationView());
    }

    /** Excess risk combined over t with the loss-average convention. */
    public static double excessRisk(EmpiricalModes modes, Training training, double tau) {
        DdpmSchedule s = training.schedule();
        double sum = 0;
        for (int t = 1; t <= s.steps(); t++) sum += excessRisk(modes, t, training, tau);
        return sum * training.conventions().lossAverage().factor(s.steps(), modes.dimension());
    }

    /**
     * B1, null directions (N &lt; d): the converged weight √b/(b + c) (1/√b at c = 0) and its per-mode test loss
     * along a null direction with population variance s_u, which is (a/b) s_u at c = 0: huge at small t (the
     * memorisation signature).
     */
    public static double nullDirectionTestCost(double a, double b, double c, double su) {
        return modeLoss(a, b, Math.sqrt(b) / (b + c), su);
    }

    /** B2: the best weight along a null direction with variance s_u, √b/(a s_u + b). */
    public static double nullDirectionOptimalWeight(double a, double b, double su) {
        return optimalWeight(a, b, su);
    }

    /**
     * B2: the gradient-flow time at which a null direction (from W(0) = 0, c = 0) reaches its optimal weight,
     * τ = ln(1 + b/(a s_u)) / (2ηb) ≈ 1/(2η a s_u) when a s_u ≫ b.
     */
    public static double nullDirectionOptimalTime(double a, double b, double su, double eta) {
        return Math.log1p(b / (a * su)) / (2 * eta * b);
    }

    /**
     * Test and training losses, combined over t with the loss-average convention, at each τ of a grid — one
     * realization, O(T n_τ d) after the eigendecomposition (§3.5 recipe 3). Also returns the x0-prediction test loss
     * (b_t/a_t)L^te_t and the excess risk of B6.
     */
    public static LossCurves lossCurves(EmpiricalModes modes, Training training, double[] taus, Progress progress) {
        Training.checkTaus(taus);
        training.checkStable(modes.maxLambdaHat());
        DdpmSchedule s = training.schedule();
        int steps = s.steps(), d = modes.dimension(), nt = taus.length;
        // Modes with λ̂ = 0 (the d − N null directions) share one weight: aggregate them into a single group with
        // multiplicity n₀ and summed overlap, so the inner loop runs over the N non-null modes plus one.
        double[] lhAll = modes.lambdaHatView(), svAll = modes.sView();
        int groups = 0;
        double[] lh = new double[d], sv = new double[d], mult = new double[d];
        double nullS = 0;
        int nullCount = 0;
        for (int i = 0; i < d; i++) {
            if (lhAll[i] == 0) {
                nullS += svAll[i];
                nullCount++;
                continue;
            }
            lh[groups] = lhAll[i];
            sv[groups] = svAll[i];
            mult[groups] = 1;
            groups++;
        }
        if (nullCount > 0) {
            lh[groups] = 0;
            sv[groups] = nullS;
            mult[groups] = nullCount;
            groups++;
        }
        return lossCurvesOfGroups(lh, sv, mult, groups, d, modes.populationView(), training, taus, progress);
    }

    /**
     * The loss sweep over "groups" of modes sharing one λ̂: multiplicity m_g, summed Σ-overlap S_g. Sample modes are
     * groups of one (null modes one group); a deterministic-equivalent density on a grid gives quadrature groups.
     */
    static LossCurves lossCurvesOfGroups(
            double[] lh,
            double[] sv,
            double[] mult,
            int groups,
            int d,
            double[] lambda,
            Training training,
            double[] taus,
            Progress progress) {
        DdpmSchedule s = training.schedule();
        int steps = s.steps(), nt = taus.length;
        double q = training.conventions().initialWeight(), c = training.ridge();
        boolean flow = training.dynamics() == Training.Dynamics.FLOW;
        double[] test = new double[nt], train = new double[nt], testX0 = new double[nt], excess = new double[nt];
        double[] h = new double[groups],
                star = new double[groups],
                as = new double[groups],
                al = new double[groups],
                logBase = new double[groups];
        Progress pr = progress == null ? Progress.NONE : progress;
        pr.start("loss curves (T=" + steps + ", " + nt + " times, d=" + d + ")", steps);
        for (int t = 1; t <= steps; t++) {
            double a = s.a(t), b = s.b(t), sb = Math.sqrt(b), rate = training.rate(t);
            double popLoss = populationLoss(a, b, lambda);
            for (int i = 0; i < groups; i++) {
                h[i] = a * lh[i] + b + c;
                star[i] = sb / h[i];
                as[i] = a * sv[i] + mult[i] * b; // Σ over the group of (a s + b)
                al[i] = mult[i] * (a * lh[i] + b); // Σ over the group of (a λ̂ + b)
                // Descent: log of the per-step factor, or NaN when 1 ≤ 2ηh < 2 (oscillating sign; handled by pow).
                if (!flow) logBase[i] = 2 * rate * h[i] < 1 ? Math.log1p(-2 * rate * h[i]) : Double.NaN;
            }
            for (int k = 0; k < nt; k++) {
                double tau = taus[k];
                double kTau = flow ? -2 * rate * tau : Math.rint(tau);
                double te = 0, tr = 0;
                boolean infinite = tau == Double.POSITIVE_INFINITY;
                for (int i = 0; i < groups; i++) {
                    double oneMinusE;
                    if (infinite) oneMinusE = 1;
                    else if (!flow && Double.isNaN(logBase[i])) {
                        oneMinusE = 1 - Math.pow(1 - 2 * rate * h[i], kTau);
                    } else {
                        double x = kTau * (flow ? h[i] : logBase[i]);
                        oneMinusE = x > -0.1 ? -Math.expm1(x) : 1 - Math.exp(x);
                    }
                    double w = star[i] * oneMinusE + q * (1 - oneMinusE);
                    double common = mult[i] * (1 - 2 * sb * w);
                    double w2 = w * w;
                    te += common + w2 * as[i];
                    tr += common + w2 * al[i];
                }
                test[k] += te;
                train[k] += tr;
                testX0[k] += b / a * te;
                excess[k] += te - popLoss;
            }
            if ((t & 15) == 0) pr.advance(t);
        }
        pr.finish();
        double f = training.conventions().lossAverage().factor(steps, d);
        for (int k = 0; k < nt; k++) {
            test[k] *= f;
            train[k] *= f;
            testX0[k] *= f;
            excess[k] *= f;
            Check.stillFinite(test[k], "eta", "the test loss at tau=" + taus[k]);
        }
        return new LossCurves(taus.clone(), test, train, testX0, excess);
    }

    /** Per-t test and training losses of one realization on a τ grid (Fig. 3b–d: losses at fixed noise level). */
    public static LossCurves lossCurvesAtStep(EmpiricalModes modes, int t, Training training, double[] taus) {
        Training.checkTaus(taus);
        training.checkStable(modes.maxLambdaHat());
        DdpmSchedule s = training.schedule();
        double a = s.a(t), b = s.b(t);
        double pop = populationLoss(a, b, modes.populationView());
        double[] te = new double[taus.length],
                tr = new double[taus.length],
                x0 = new double[taus.length],
                ex = new double[taus.length];
        for (int k = 0; k < taus.length; k++) {
            double[] w = weights(modes, t, training, taus[k]);
            te[k] = testLoss(modes, a, b, w);
            tr[k] = trainLoss(modes, a, b, w);
            x0[k] = b / a * te[k];
            ex[k] = te[k] - pop;
        }
        return new LossCurves(taus.clone(), te, tr, x0, ex);
    }

    /** Losses of one realization over a τ grid (combined over t, or at one t). */
    public record LossCurves(double[] tau, double[] test, double[] train, double[] testX0, double[] excess) {
        /** The index of the smallest test loss (the early-stopping optimum on this grid, B7). */
        public int argminTest() {
            int best = 0;
            for (int k = 1; k < test.length; k++) if (test[k] < test[best]) best = k;
            return best;
        }

        /** Every loss times f (e.g. 1/d: per dimension). */
        public LossCurves times(double f) {
            double[][] v = {test.clone(), train.clone(), testX0.clone(), excess.clone()};
            for (double[] curve : v) for (int k = 0; k < curve.length; k++) curve[k] *= f;
            return new LossCurves(tau, v[0], v[1], v[2], v[3]);
        }
    }

    /** Throws when a value computed from a too-large learning rate is not finite. */
    static double finiteOrDiverged(double value, String what) {
        if (!Double.isFinite(value))
            throw new NumericalException(
                    "eta", what + " became " + value + "; reduce eta below the gradient-descent stability bound");
        return value;
    }
}
