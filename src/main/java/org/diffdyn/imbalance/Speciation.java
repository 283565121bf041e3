package org.diffdyn.imbalance;

import java.util.Arrays;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.MixtureScore;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.numeric.Quadrature;
import org.diffdyn.core.numeric.Roots;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.random.Ziggurat;
import org.diffdyn.core.sampling.ReverseSampler;
import org.diffdyn.core.special.Special;
import org.ejml.data.DMatrixRMaj;

/**
 * Speciation of a two-class mixture π₊ N(m, σ²I) + π₋ N(−m, σ²I) in backward diffusion, balanced and imbalanced
 * (random-features-and-ridge.md §2.1 QUOTED from Biroli et al. 2024, and §3.4, §5.7 DERIVED for paper C's per-class
 * version; how paper C itself defines and measures per-class speciation is UNSURE, §3.4).
 *
 * <p>Along m̂ the problem is one-dimensional: G_± = N(±a_t‖m‖, Γ_t), Γ_t = Δ_t + σ²a_t². In the unit z = y/√Γ_t
 * everything depends on t only through q(t) = a_t²‖m‖²/Γ_t, so the per-class shifts t_S^{(c)} − t_S do not depend
 * on d. Cloning (U-turn) agreement, computed by quadrature:
 * <pre>
 *   φ(t)   = ∫ P_t(y) Σ_c P(c|y)² dy,           φ_c(t) = (1/π_c) ∫ P_t(y) P(c|y)² dy,
 * </pre>
 * and by simulation: branch a backward trajectory at t_b, continue two clones independently, compare their classes.
 */
public final class Speciation {
    private Speciation() {}

    /** q(t) = a_t² ‖m‖² / (Δ_t + σ² a_t²). */
    public static double q(double t, double normSquared, double sigma) {
        double a = OuProcess.a(t);
        return a * a * normSquared / (OuProcess.h(t) + sigma * sigma * a * a);
    }

    /** Biroli's speciation time t_S = ½ log Λ with Λ = ‖m‖² the top covariance eigenvalue (unit within-class variance). */
    public static double speciationTime(double normSquared) {
        Check.positive("normSquared", normSquared);
        return 0.5 * Math.log(normSquared);
    }

    /**
     * ∫ P_t(y) P(c|y) P(c'|y) dy in the z unit, for class c with prior π_c: the building block of φ and φ_c.
     * P(+|z) = logistic(ln(π₊/π₋) + 2√q z). Adaptive Gauss–Legendre on [−√q − 12, √q + 12] with breakpoints at ±√q, 0.
     */
    static double agreementIntegral(double q, double piPlus, boolean plusClass) {
        double piMinus = 1 - piPlus, r = Math.sqrt(q), logOdds = Math.log(piPlus / piMinus);
        java.util.function.DoubleUnaryOperator f = z -> {
            double lp = Math.log(piPlus) - 0.5 * (z - r) * (z - r), lm = Math.log(piMinus) - 0.5 * (z + r) * (z + r);
            double max = Math.max(lp, lm);
            double density = Math.exp(max) * (Math.exp(lp - max) + Math.exp(lm - max)) / Math.sqrt(2 * Math.PI);
            double post = logistic((plusClass ? 1 : -1) * (logOdds + 2 * r * z));
            return density * post * post;
        };
        double[] br = {-r - 12, -r, 0, r, r + 12};
        java.util.Arrays.sort(br);
        double s = 0;
        for (int i = 0; i + 1 < br.length; i++)
            if (br[i + 1] > br[i])
                s += Quadrature.adaptive(f, br[i], br[i + 1], 1e-12).value();
        return s;
    }

    private static double logistic(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** Total clone agreement φ at q. */
    public static double phi(double q, double piPlus) {
        checkPi(piPlus);
        return agreementIntegral(q, piPlus, true) + agreementIntegral(q, piPlus, false);
    }

    /** Per-class agreement φ_c = P(clones agree | clone 1 ends in c); {@code plusClass} picks c = + (prior π₊). */
    public static double phiClass(double q, double piPlus, boolean plusClass) {
        checkPi(piPlus);
        return agreementIntegral(q, piPlus, plusClass) / (plusClass ? piPlus : 1 - piPlus);
    }

    /** The balanced agreement at t_S (q = 1), the crossing level of every speciation time: 0.7752 (§2.1, §3.4). */
    public static double balancedThreshold() {
        return phi(1.0, 0.5);
    }

    /**
     * Per-class speciation time: the t where φ_c(t) = threshold (the balanced value at t_S by default), or NaN when
     * φ_c never falls to it (a majority with π_c above the threshold has no crossing, §3.4).
     */
    public static double classSpeciationTime(
            double normSquared, double sigma, double piPlus, boolean plusClass, double threshold) {
        Check.positive("normSquared", normSquared);
        Check.positive("sigma", sigma);
        double prior = plusClass ? piPlus : 1 - piPlus;
        if (prior >= threshold) return Double.NaN;
        double tS = speciationTime(normSquared);
        java.util.function.DoubleUnaryOperator g =
                t -> phiClass(q(t, normSquared, sigma), piPlus, plusClass) - threshold;
        double lo = 1e-6, hi = tS + 12;
        if (g.applyAsDouble(lo) < 0 || g.applyAsDouble(hi) > 0) return Double.NaN;
        return Roots.brent(g, lo, hi, 1e-12).x();
    }

    /** t_S^{(c)} − t_S for unit within-class variance: −½ ln q⋆ with φ_c(q⋆) = threshold (independent of d). */
    public static double cloneShift(double piPlus, boolean plusClass, double threshold) {
        double prior = plusClass ? piPlus : 1 - piPlus;
        if (prior >= threshold) return Double.NaN;
        java.util.function.DoubleUnaryOperator g = lq -> phiClass(Math.exp(lq), piPlus, plusClass) - threshold;
        Roots.Root r = Roots.brent(g, Math.log(1e-8), Math.log(1e6), 1e-13);
        return -0.5 * r.x();
    }

    /**
     * A speciation time read off a simulated agreement curve (§3.4, DERIVED): the t where φ_c, sampled at increasing
     * t (so decreasing in t), first falls through {@code level} (from ≥ to <), by linear interpolation between the
     * samples; NaN if it never does.
     */
    public static double crossingTime(double[] t, double[] phi, double level) {
        for (int i = 0; i + 1 < t.length; i++) {
            double a = phi[i] - level, b = phi[i + 1] - level;
            if (Double.isNaN(a) || Double.isNaN(b)) continue;
            if (a >= 0 && b < 0) return t[i] + (t[i + 1] - t[i]) * a / (a - b);
        }
        return Double.NaN;
    }

    /** {@link #crossingTime(double[], double[], double)} of the simulated φ_c of class c over the counts' branch times. */
    public static double crossingTime(CloneCount[] counts, int c, double level) {
        double[] t = Arrays.stream(counts).mapToDouble(CloneCount::branchTime).toArray();
        double[] phi = Arrays.stream(counts).mapToDouble(k -> k.phiClass(c)).toArray();
        return crossingTime(t, phi, level);
    }

    /**
     * Bayes-accuracy definition (§3.4): a forward sample of class c is Bayes-assigned to c with probability
     * Φ((2q − L_c)/(2√q)), L_c = ln(π_other/π_c); equating it to its balanced value at t_S, Φ(1), gives
     * √q⋆ = (1 + √(1 + 2L_c))/2 and the shift −½ ln q⋆ (NaN if 1 + 2L_c < 0: no crossing).
     */
    public static double bayesShift(double piPlus, boolean plusClass) {
        checkPi(piPlus);
        double lc = plusClass ? Math.log((1 - piPlus) / piPlus) : Math.log(piPlus / (1 - piPlus));
        if (1 + 2 * lc < 0) return Double.NaN;
        double sq = 0.5 * (1 + Math.sqrt(1 + 2 * lc));
        return -0.5 * Math.log(sq * sq);
    }

    /** Probability that a forward class-c sample at q is Bayes-assigned to c: Φ((2q − L_c)/(2√q)). */
    public static double bayesAccuracy(double q, double piPlus, boolean plusClass) {
        double lc = plusClass ? Math.log((1 - piPlus) / piPlus) : Math.log(piPlus / (1 - piPlus));
        double x = (2 * q - lc) / (2 * Math.sqrt(q));
        return Special.normalCdf(x);
    }

    /**
     * Biroli's collapse time (§2.1, QUOTED from Plots_paper.py): t_C = ½ ln(1 + σ²/(P^{2/N} − 1)) for P training
     * points in N dimensions.
     */
    public static double collapseTime(int points, int dimension, double sigma) {
        Check.positive("P", points);
        Check.positive("N", dimension);
        double x = Math.expm1(2 * Math.log(points) / dimension);
        return 0.5 * Math.log1p(sigma * sigma / x);
    }

    private static void checkPi(double piPlus) {
        if (!(piPlus > 0 && piPlus < 1)) throw new ParameterException("piPlus", piPlus, "a probability in (0, 1)");
    }

    /**
     * Cloning agreement measured at one branch time: counts of clone pairs.
     *
     * @param branchTime t_b
     * @param pairs      trajectories
     * @param agree      pairs whose clones end in the same class
     * @param endIn      endIn[c]: clone endpoints (both clones counted) in class c (0 = +, 1 = −)
     * @param bothIn     bothIn[c]: pairs with both clones in class c
     */
    public record CloneCount(double branchTime, int pairs, int agree, int[] endIn, int[] bothIn) {
        public double phi() {
            return (double) agree / pairs;
        }

        /** φ_c estimated symmetrically: 2 × (pairs both in c) / (clone endpoints in c). */
        public double phiClass(int c) {
            return endIn[c] == 0 ? Double.NaN : 2.0 * bothIn[c] / endIn[c];
        }

        /** Binomial standard error of φ. */
        public double phiError() {
            double f = phi();
            return Math.sqrt(f * (1 - f) / pairs);
        }
    }

    /**
     * The exact 1-D cloning simulation (§5.7): along m̂ the backward SDE of the isotropic two-class mixture is exactly
     * y ← y + δ(y + 2s(y,t)) + √(2δ) ξ with s = (a‖m‖ tanh(½ ln(π₊/π₋) + a‖m‖y/Γ) − y)/Γ. One trajectory per pair
     * runs from T to 0 with a snapshot at every branch time; the second clone restarts from the snapshot with fresh
     * noise. Endpoints are classified by the Bayes rule of the data mixture. Trajectories are split into a fixed number
     * of chunks with their own random streams (ziggurat normals), so results do not depend on the number of threads.
     * A trajectory whose class log-odds exceed {@link #COMMIT_LOG_ODDS} is not followed further (its class is decided).
     *
     * @param times       the backward grid, descending from T to t_min ≥ 0
     * @param branchTimes branch times (each is snapped to the nearest grid time)
     */
    public static CloneCount[] cloneOneDimensional(
            double normSquared,
            double sigma,
            double piPlus,
            int trajectories,
            double[] times,
            double[] branchTimes,
            long seed,
            Progress progress) {
        checkPi(piPlus);
        Check.positive("trajectories", trajectories);
        Check.positive("sigma", sigma);
        int steps = times.length - 1;
        int[] branchIdx = snap(times, branchTimes);
        double norm = Math.sqrt(normSquared), halfLogOdds = 0.5 * Math.log(piPlus / (1 - piPlus));
        double[] am = new double[steps], gam = new double[steps];
        for (int i = 0; i < steps; i++) {
            double a = OuProcess.a(times[i]);
            am[i] = a * norm;
            gam[i] = OuProcess.h(times[i]) + sigma * sigma * a * a;
        }
        double bayesOffset = Math.log(piPlus / (1 - piPlus));
        double tEnd = times[steps], aEnd = OuProcess.a(tEnd), gEnd = OuProcess.h(tEnd) + sigma * sigma * aEnd * aEnd;
        double[] invGam = new double[steps],
                delta = new double[steps],
                noise = new double[steps],
                commit = new double[steps];
        for (int i = 0; i < steps; i++) {
            invGam[i] = 1 / gam[i];
            delta[i] = times[i] - times[i + 1];
            noise[i] = Math.sqrt(2 * delta[i]);
            // |y| beyond which the class posterior at this time is decided to e^{-COMMIT_LOG_ODDS}.
            commit[i] = (COMMIT_LOG_ODDS + Math.abs(bayesOffset)) * gam[i] / (2 * am[i]);
        }
        int nb = branchTimes.length, chunks = 16;
        int[][] agree = new int[chunks][nb],
                endP = new int[chunks][nb],
                bothP = new int[chunks][nb],
                endM = new int[chunks][nb],
                bothM = new int[chunks][nb];
        Rng root = new Rng(seed);
        Rng[] rngs = new Rng[chunks];
        for (int c = 0; c < chunks; c++) rngs[c] = root.split();
        progress.start("cloning simulation (1-D, " + trajectories + " pairs, " + nb + " branch times)", chunks);
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        double sd0 = Math.sqrt(OuProcess.h(times[0]) + sigma * sigma * OuProcess.a(times[0]) * OuProcess.a(times[0]));
        int lastBranchIdx = lastBranch(branchIdx);
        boolean[] isBranch = new boolean[steps + 1];
        for (int i : branchIdx) isBranch[i] = true;
        org.diffdyn.core.progress.ParallelChunks.forEach(chunks, (ch, cancelled) -> {
            Ziggurat rng = new Ziggurat(rngs[ch]);
            int lo = (int) ((long) trajectories * ch / chunks), hi = (int) ((long) trajectories * (ch + 1) / chunks);
            double[] snaps = new double[nb];
            for (int tr = lo; tr < hi; tr++) {
                if ((tr & 255) == 0 && cancelled.getAsBoolean()) return;
                double y = rng.next() * sd0;
                boolean decided = false;
                for (int i = 0; i < steps; i++) {
                    if (isBranch[i]) for (int b = 0; b < nb; b++) if (branchIdx[b] == i) snaps[b] = y;
                    if (decided && i > lastBranchIdx) break;
                    y = step(y, am[i], invGam[i], halfLogOdds, delta[i], noise[i], rng);
                    if (!decided && Math.abs(y) > commit[i]) decided = true;
                }
                for (int b = 0; b < nb; b++) if (branchIdx[b] == steps) snaps[b] = y;
                boolean first = decided ? y > 0 : classOf(y, bayesOffset, aEnd * norm, gEnd);
                for (int b = 0; b < nb; b++) {
                    double z = snaps[b];
                    boolean zDecided = false;
                    for (int i = branchIdx[b]; i < steps; i++) {
                        if (Math.abs(z) > commit[i]) {
                            zDecided = true;
                            break;
                        }
                        z = step(z, am[i], invGam[i], halfLogOdds, delta[i], noise[i], rng);
                    }
                    boolean second = zDecided ? z > 0 : classOf(z, bayesOffset, aEnd * norm, gEnd);
                    if (first == second) agree[ch][b]++;
                    if (first) endP[ch][b]++;
                    else endM[ch][b]++;
                    if (second) endP[ch][b]++;
                    else endM[ch][b]++;
                    if (first && second) bothP[ch][b]++;
                    if (!first && !second) bothM[ch][b]++;
                }
            }
            done.incrementAndGet();
        });
        progress.advance(done.get());
        progress.finish();
        CloneCount[] out = new CloneCount[nb];
        for (int b = 0; b < nb; b++) {
            int ag = 0, ep = 0, em = 0, bp = 0, bm = 0;
            for (int c = 0; c < chunks; c++) {
                ag += agree[c][b];
                ep += endP[c][b];
                em += endM[c][b];
                bp += bothP[c][b];
                bm += bothM[c][b];
            }
            out[b] = new CloneCount(times[branchIdx[b]], trajectories, ag, new int[] {ep, em}, new int[] {bp, bm});
        }
        return out;
    }

    /**
     * Once the class log-odds of a 1-D trajectory exceed this in absolute value, the probability that it still
     * changes class before t = 0 is below e^{-40}; the simulation then stops following it (its class is decided).
     */
    public static final double COMMIT_LOG_ODDS = 40;

    private static double step(
            double y, double am, double invGamma, double halfLogOdds, double delta, double noise, Ziggurat rng) {
        // s = (a‖m‖ tanh(u) − y)/Γ with tanh(u) = 1 − 2/(1 + e^{2u}).
        double u = halfLogOdds + am * y * invGamma;
        double th = u > 20 ? 1 : (u < -20 ? -1 : 1 - 2 / (1 + Math.exp(2 * u)));
        double s = (am * th - y) * invGamma;
        return y + delta * (y + 2 * s) + noise * rng.next();
    }

    /**
     * The exact score of the two-class mixture along m̂ (the 1-D reduction used by {@link #cloneOneDimensional}):
     * s(y) = (a‖m‖ tanh(½ ln(π₊/π₋) + a‖m‖ y/Γ) − y)/Γ, Γ = Δ_t + σ² a_t².
     */
    public static double oneDimensionalScore(double y, double t, double normSquared, double sigma, double piPlus) {
        checkPi(piPlus);
        double a = OuProcess.a(t), am = a * Math.sqrt(normSquared), gamma = OuProcess.h(t) + sigma * sigma * a * a;
        return (am * Math.tanh(0.5 * Math.log(piPlus / (1 - piPlus)) + am * y / gamma) - y) / gamma;
    }

    private static boolean classOf(double y, double bayesOffset, double aNorm, double gamma) {
        return bayesOffset + 2 * aNorm * y / gamma > 0;
    }

    private static int lastBranch(int[] idx) {
        int m = 0;
        for (int i : idx) m = Math.max(m, i);
        return m;
    }

    static int[] snap(double[] times, double[] branchTimes) {
        int[] idx = new int[branchTimes.length];
        for (int b = 0; b < branchTimes.length; b++) {
            int best = 0;
            for (int i = 0; i < times.length; i++)
                if (Math.abs(times[i] - branchTimes[b]) < Math.abs(times[best] - branchTimes[b])) best = i;
            idx[b] = best;
        }
        return idx;
    }

    /**
     * Cloning in full dimension d with any score (the exact mixture score, or a learned random-features score):
     * N trajectories from T with snapshots at the branch times, one restarted clone per branch time, endpoints
     * classified by the Bayes rule (largest responsibility) of {@code classifier} at the final grid time. Class 0 of
     * the classifier plays "+" in the counts.
     */
    public static CloneCount[] cloneFull(
            ScoreFunction score,
            GaussianMixture classifier,
            int trajectories,
            double[] times,
            double[] branchTimes,
            long seed,
            Progress progress) {
        int d = classifier.dimension();
        int steps = times.length - 1;
        int[] branchIdx = snap(times, branchTimes);
        Rng rng = new Rng(seed);
        // Main run, one segment between consecutive branch indices, keeping the states at the branch times.
        int nb = branchTimes.length;
        Integer[] order = new Integer[nb];
        for (int b = 0; b < nb; b++) order[b] = b;
        java.util.Arrays.sort(order, (x, y) -> Integer.compare(branchIdx[x], branchIdx[y]));
        DMatrixRMaj[] snaps = new DMatrixRMaj[nb];
        double sd0 = Math.sqrt(
                OuProcess.h(times[0]) + OuProcess.a(times[0]) * OuProcess.a(times[0]) * maxSigma2(classifier));
        DMatrixRMaj y = DMatrixRMaj.wrap(trajectories, d, rng.gaussianMatrix(trajectories, d));
        for (int i = 0; i < trajectories * d; i++) y.data[i] *= sd0;
        int at = 0;
        progress.start("cloning simulation (d = " + d + ", " + trajectories + " pairs)", nb + 1);
        for (int ob = 0; ob < nb; ob++) {
            int b = order[ob];
            if (branchIdx[b] > at) {
                y = ReverseSampler.runFrom(
                                ReverseSampler.Kind.SDE,
                                score,
                                y,
                                java.util.Arrays.copyOfRange(times, at, branchIdx[b] + 1),
                                0,
                                rng,
                                Progress.NONE)
                        .samples();
                at = branchIdx[b];
            }
            snaps[b] = y.copy();
            progress.checkCancelled();
        }
        if (at < steps)
            y = ReverseSampler.runFrom(
                            ReverseSampler.Kind.SDE,
                            score,
                            y,
                            java.util.Arrays.copyOfRange(times, at, steps + 1),
                            0,
                            rng,
                            Progress.NONE)
                    .samples();
        int[] firstClass = classify(classifier, times[steps], y);
        progress.advance(1);
        CloneCount[] out = new CloneCount[nb];
        for (int b = 0; b < nb; b++) {
            DMatrixRMaj z = snaps[b];
            if (branchIdx[b] < steps)
                z = ReverseSampler.runFrom(
                                ReverseSampler.Kind.SDE,
                                score,
                                z,
                                java.util.Arrays.copyOfRange(times, branchIdx[b], steps + 1),
                                0,
                                rng,
                                Progress.NONE)
                        .samples();
            int[] second = classify(classifier, times[steps], z);
            int ag = 0;
            int[] end = new int[2], both = new int[2];
            for (int i = 0; i < trajectories; i++) {
                if (firstClass[i] == second[i]) ag++;
                end[firstClass[i] == 0 ? 0 : 1]++;
                end[second[i] == 0 ? 0 : 1]++;
                if (firstClass[i] == second[i]) both[firstClass[i] == 0 ? 0 : 1]++;
            }
            out[b] = new CloneCount(times[branchIdx[b]], trajectories, ag, end, both);
            progress.advance(b + 2);
        }
        progress.finish();
        return out;
    }

    private static double maxSigma2(GaussianMixture g) {
        double m = 0;
        for (int c = 0; c < g.classes(); c++) m = Math.max(m, g.sigma(c) * g.sigma(c));
        return m;
    }

    private static int[] classify(GaussianMixture mixture, double t, DMatrixRMaj y) {
        MixtureScore ms = mixture.atTime(Math.max(t, 0));
        int d = mixture.dimension(), k = mixture.classes(), n = y.numRows;
        double[] gamma = new double[k];
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            ms.responsibilities(y.data, i * d, gamma);
            int best = 0;
            for (int c = 1; c < k; c++) if (gamma[c] > gamma[best]) best = c;
            out[i] = best;
        }
        return out;
    }
}
