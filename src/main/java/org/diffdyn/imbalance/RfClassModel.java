package org.diffdyn.imbalance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.MixtureScore;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.Activation;
import org.diffdyn.core.rf.FeatureMoments;
import org.diffdyn.core.rf.GradientFlow;
import org.diffdyn.core.rf.Observable;
import org.diffdyn.core.rf.RandomFeatures;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The random-features score model trained at one diffusion time t on a K-class training set, with its per-class
 * observables (random-features-and-ridge.md §3.2, DERIVED reconstruction of paper C; paper C's full text was not
 * available, so the definitions below are the spec's, not necessarily the paper's).
 *
 * <p>Per class c: the train moments U_c, V_c (average over the n_c training points of class c, noise averaged
 * exactly or with m Monte-Carlo draws), the population moments U^pop_c, V^pop_c (exact: a class is Gaussian,
 * x_t ~ N(a μ_c, Γ_c I)), the score cross term C_c = E_{P^c_t}[f ∇log P_tᵀ] and E‖∇log P_t‖² (Monte Carlo over
 * fresh class samples, §5.2, against the full-mixture score of §1.2). The train objective uses
 * U = Σ_c (n_c/n) U_c and V likewise; its gradient flow from A = 0 gives every per-class observable in closed form
 * (§5.3):
 * <ul>
 *   <li>train loss L^tr_c = E‖ξ‖²/d + Δ/(dp) Tr(A U_c Aᵀ) + 2√Δ/(d√p) Tr(A V_c);</li>
 *   <li>test loss L^te_c: the same with the population moments;</li>
 *   <li>score error E_c = (1/d)[(1/p) Tr(A U^pop_c Aᵀ) − (2/√p) Tr(A C_c) + E‖∇log P_t‖²].</li>
 * </ul>
 */
public final class RfClassModel {

    /** How the training-set noise average is taken (§5.2): exact (Bonnaire's fresh noise) or m fixed draws (George). */
    public enum NoiseAverage {
        EXACT,
        MONTE_CARLO
    }

    /**
     * Everything that defines one trained model.
     *
     * @param n            training-set size (n_c = ρ_c n)
     * @param p            number of random features
     * @param t            OU diffusion time of the model
     * @param noiseDraws   m for {@link NoiseAverage#MONTE_CARLO} (ignored for EXACT)
     * @param scoreSamples Monte-Carlo samples per class for the score-error cross term (§5.2: 4000)
     * @param kmax         Mehler order (§5.2: 3)
     * @param nodes        Gauss–Hermite nodes (§5.2: 48)
     */
    public record Config(
            int n,
            int p,
            double t,
            Activation activation,
            NoiseAverage noise,
            int noiseDraws,
            int scoreSamples,
            int kmax,
            int nodes) {
        public Config {
            Check.positive("n", n);
            Check.positive("p", p);
            Check.positive("t", t);
            if (noise == NoiseAverage.MONTE_CARLO) Check.positive("noiseDraws", noiseDraws);
            Check.positive("scoreSamples", scoreSamples);
            Check.inRange("kmax", kmax, 0, Activation.MAX_ORDER);
            Check.inRange("nodes", nodes, 2, 400);
        }

        /** The spec's defaults (§3.5): exact average, tanh, 4000 score samples, kmax 3, 48 nodes. */
        public static Config defaults(int n, int p, double t) {
            return new Config(n, p, t, Activation.TANH, NoiseAverage.EXACT, 0, 4000, 3, 48);
        }

        public Config withActivation(Activation a) {
            return new Config(n, p, t, a, noise, noiseDraws, scoreSamples, kmax, nodes);
        }

        public Config withMonteCarlo(int m) {
            return new Config(n, p, t, activation, NoiseAverage.MONTE_CARLO, m, scoreSamples, kmax, nodes);
        }

        public Config withScoreSamples(int s) {
            return new Config(n, p, t, activation, noise, noiseDraws, s, kmax, nodes);
        }
    }

    private final ClassMixture mixture;
    private final Config config;
    private final RandomFeatures rf;
    private final GaussianMixture.Sample training;
    private final int[] counts;
    private final FeatureMoments[] train;
    private final FeatureMoments[] population;
    private final DMatrixRMaj[] cross;
    private final double[] scoreNorm;
    private final FeatureMoments total;
    private final GradientFlow flow;

    private RfClassModel(
            ClassMixture mixture,
            Config config,
            RandomFeatures rf,
            GaussianMixture.Sample training,
            int[] counts,
            FeatureMoments[] train,
            FeatureMoments[] population,
            DMatrixRMaj[] cross,
            double[] scoreNorm,
            FeatureMoments total,
            GradientFlow flow) {
        this.mixture = mixture;
        this.config = config;
        this.rf = rf;
        this.training = training;
        this.counts = counts;
        this.train = train;
        this.population = population;
        this.cross = cross;
        this.scoreNorm = scoreNorm;
        this.total = total;
        this.flow = flow;
    }

    /**
     * Draws W, the training set and the score samples from {@code rng} (in that order, each from its own split
     * stream), computes all moments and diagonalises U once.
     */
    public static RfClassModel train(ClassMixture mixture, Config config, Rng rng, Progress progress) {
        int k = mixture.classes(), d = mixture.dimension();
        Rng wRng = rng.split(), dataRng = rng.split(), noiseRng = rng.split(), scoreRng = rng.split();
        RandomFeatures rf = RandomFeatures.draw(config.p(), d, config.activation(), wRng);
        GaussianMixture.Sample sample = mixture.trainingSet(config.n(), dataRng);
        int[] counts = mixture.counts(config.n());
        double t = config.t(), a = OuProcess.a(t), delta = OuProcess.h(t);
        FeatureMoments[] tr = new FeatureMoments[k], pop = new FeatureMoments[k];
        DMatrixRMaj[] cross = new DMatrixRMaj[k];
        double[] sNorm = new double[k];
        double[] w = new double[k];
        MixtureScore exactScore = mixture.population().atTime(t);
        for (int c = 0; c < k; c++) {
            progress.checkCancelled();
            DMatrixRMaj xc = ClassMixture.rowsOfClass(sample, c);
            w[c] = (double) counts[c] / config.n();
            tr[c] = config.noise() == NoiseAverage.EXACT
                    ? FeatureMoments.exact(rf, xc, t, config.kmax(), config.nodes(), progress)
                    : FeatureMoments.monteCarlo(rf, xc, t, config.noiseDraws(), noiseRng.split(), progress);
            DMatrixRMaj centre = new DMatrixRMaj(1, d, true, mixture.mean(c));
            CommonOps_DDRM.scale(a, centre);
            pop[c] = FeatureMoments.gaussianInputs(
                    rf,
                    centre,
                    mixture.population().gamma(c, t),
                    Math.sqrt(delta),
                    config.kmax(),
                    config.nodes(),
                    progress);
            // Score cross term by Monte Carlo over fresh class samples x ~ N(a μ_c, Γ_c I).
            int m = config.scoreSamples();
            double g = Math.sqrt(mixture.population().gamma(c, t));
            double[] mu = mixture.mean(c);
            DMatrixRMaj x = new DMatrixRMaj(m, d, true, scoreRng.gaussianMatrix(m, d));
            for (int i = 0; i < m; i++)
                for (int j = 0; j < d; j++) x.data[i * d + j] = a * mu[j] + g * x.data[i * d + j];
            DMatrixRMaj s = new DMatrixRMaj(m, d);
            exactScore.scores(x, s);
            double norm = 0;
            for (double v : s.data) norm += v * v;
            sNorm[c] = norm / m;
            DMatrixRMaj f = rf.features(x);
            DMatrixRMaj ft = new DMatrixRMaj(config.p(), m);
            CommonOps_DDRM.transpose(f, ft);
            cross[c] = Dense.multiply(ft, s);
            CommonOps_DDRM.scale(1.0 / m, cross[c]);
        }
        FeatureMoments all = FeatureMoments.combine(tr, w);
        progress.checkCancelled();
        GradientFlow flow = new GradientFlow(all.u(), all.v(), t);
        return new RfClassModel(mixture, config, rf, sample, counts, tr, pop, cross, sNorm, all, flow);
    }

    public ClassMixture mixture() {
        return mixture;
    }

    public Config config() {
        return config;
    }

    public RandomFeatures features() {
        return rf;
    }

    public GaussianMixture.Sample trainingSet() {
        return training;
    }

    public int classes() {
        return counts.length;
    }

    public int count(int c) {
        return counts[c];
    }

    /** Per-class train moments U_c, V_c. */
    public FeatureMoments trainMoments(int c) {
        return train[c];
    }

    /** Per-class population moments U^pop_c, V^pop_c. */
    public FeatureMoments populationMoments(int c) {
        return population[c];
    }

    /** U = Σ_c (n_c/n) U_c and V. */
    public FeatureMoments trainMoments() {
        return total;
    }

    public GradientFlow flow() {
        return flow;
    }

    public Observable trainLoss(int c) {
        return Observable.dsmLoss("train loss class " + c, train[c], config.t());
    }

    public Observable testLoss(int c) {
        return Observable.dsmLoss("test loss class " + c, population[c], config.t());
    }

    public Observable scoreError(int c) {
        return Observable.scoreError("score error class " + c, population[c].u(), cross[c], scoreNorm[c]);
    }

    /** The observables in the order [train_0, test_0, error_0, train_1, ...]. */
    public List<Observable> observables() {
        List<Observable> o = new ArrayList<>();
        for (int c = 0; c < classes(); c++) {
            o.add(trainLoss(c));
            o.add(testLoss(c));
            o.add(scoreError(c));
        }
        return o;
    }

    /** Per-class learning curves on a τ grid plus their τ = 0 and τ → ∞ values. */
    public LearningCurves curves(double[] taus, Progress progress) {
        if (taus.length < 2) throw new ParameterException("taus", taus.length + " times", "at least 2 times");
        List<Observable> obs = observables();
        // One extra column holds the τ → ∞ factors, so each observable is prepared once.
        double[] hInf = flow.optimumFactors(1e-13);
        DMatrixRMaj hGrid = flow.flowFactorMatrix(taus);
        int tc = taus.length, p = flow.p();
        DMatrixRMaj h = new DMatrixRMaj(p, tc + 1);
        for (int i = 0; i < p; i++) {
            System.arraycopy(hGrid.data, i * tc, h.data, i * (tc + 1), tc);
            h.data[i * (tc + 1) + tc] = hInf[i];
        }
        int k = classes();
        double[][] tr = new double[k][], te = new double[k][], er = new double[k][];
        double[] trInf = new double[k],
                teInf = new double[k],
                erInf = new double[k],
                er0 = new double[k],
                te0 = new double[k];
        progress.start("learning curves (" + obs.size() + " observables, p = " + p + ")", obs.size());
        for (int c = 0; c < k; c++) {
            double[][] three = new double[3][];
            for (int o = 0; o < 3; o++) {
                double[] v = flow.prepare(obs.get(3 * c + o)).values(h);
                for (double x : v)
                    org.diffdyn.core.Check.stillFinite(
                            x, "tau", obs.get(3 * c + o).name());
                three[o] = v;
                progress.advance(3L * c + o + 1);
            }
            tr[c] = java.util.Arrays.copyOf(three[0], tc);
            te[c] = java.util.Arrays.copyOf(three[1], tc);
            er[c] = java.util.Arrays.copyOf(three[2], tc);
            trInf[c] = three[0][tc];
            teInf[c] = three[1][tc];
            erInf[c] = three[2][tc];
            te0[c] = obs.get(3 * c + 1).r();
            er0[c] = obs.get(3 * c + 2).r();
        }
        progress.finish();
        return new LearningCurves(taus.clone(), tr, te, er, trInf, teInf, erInf, te0, er0);
    }

    /**
     * The closed-form gradient-descent score error per class, E_c after s = round(τ/η) steps of step η (gradient-flow
     * time units) at each τ (§5.3 step 5, DERIVED): [class][time].
     */
    public double[][] scoreErrorDescent(double[] taus, double step, Progress progress) {
        long[] steps = new long[taus.length];
        for (int j = 0; j < taus.length; j++) steps[j] = Math.round(taus[j] / step);
        List<Observable> errors = new ArrayList<>();
        for (int c = 0; c < classes(); c++) errors.add(scoreError(c));
        return flow.descentCurves(errors, step, steps, progress);
    }

    /** Monte-Carlo sizes: noise draws per training point (train loss), fresh samples per class (test, score error). */
    public record Probe(int draws, int samples) {}

    /**
     * Measures the network with read-out A by Monte Carlo, independently of the quadratic forms (§3.2 definitions,
     * DERIVED): per class [train loss with fresh noise on the class's training points, test loss and score error
     * against the exact mixture score (§1.2) on fresh class samples].
     */
    public double[][] measure(DMatrixRMaj a, Probe probe, Rng rng) {
        int k = classes(), d = mixture.dimension(), draws = probe.draws(), samples = probe.samples();
        double t = config.t(), at = OuProcess.a(t), sd = Math.sqrt(OuProcess.h(t));
        MixtureScore exact = mixture.population().atTime(t);
        double[][] out = new double[k][3];
        for (int c = 0; c < k; c++) {
            DMatrixRMaj xc = ClassMixture.rowsOfClass(training, c);
            int nc = xc.numRows;
            // Train loss: (1/d) E‖√Δ s_A(a x + √Δ ξ) + ξ‖² over the class's points and fresh ξ.
            DMatrixRMaj xi = new DMatrixRMaj(nc * draws, d, true, rng.gaussianMatrix(nc * draws, d));
            DMatrixRMaj x = new DMatrixRMaj(nc * draws, d);
            for (int r = 0; r < nc * draws; r++)
                for (int j = 0; j < d; j++)
                    x.data[r * d + j] = at * xc.data[(r / draws) * d + j] + sd * xi.data[r * d + j];
            out[c][0] = dsm(rf.score(a, x), xi, sd);
            // Test loss on fresh class samples.
            double[] mu = mixture.mean(c);
            double sig = mixture.sigma(c);
            DMatrixRMaj z = new DMatrixRMaj(samples, d, true, rng.gaussianMatrix(samples, d));
            DMatrixRMaj xi2 = new DMatrixRMaj(samples, d, true, rng.gaussianMatrix(samples, d));
            DMatrixRMaj x2 = new DMatrixRMaj(samples, d);
            for (int r = 0; r < samples; r++)
                for (int j = 0; j < d; j++)
                    x2.data[r * d + j] = at * (mu[j] + sig * z.data[r * d + j]) + sd * xi2.data[r * d + j];
            DMatrixRMaj s2 = rf.score(a, x2);
            out[c][1] = dsm(s2, xi2, sd);
            // Score error against the exact mixture score at the same points.
            DMatrixRMaj target = new DMatrixRMaj(samples, d);
            exact.scores(x2, target);
            double e = 0;
            for (int i = 0; i < target.data.length; i++) {
                double r = s2.data[i] - target.data[i];
                e += r * r;
            }
            out[c][2] = e / ((double) samples * d);
        }
        return out;
    }

    /** The indices of {@code count} measurement times spread evenly over a grid of {@code length} (the last alone). */
    public static int[] spreadIndices(int length, int count) {
        return count == 1 ? new int[] {length - 1} : Grids.evenIndices(length, count);
    }

    /**
     * The gradient-flow network, read-out A(τ) in closed form, measured by {@link #measure} at the times
     * {@code taus[j]} for j in {@code at} (one split of {@code rng} each): [class][train, test, score error][time],
     * NaN at the other times.
     */
    public double[][][] measureFlow(double[] taus, int[] at, Probe probe, Rng rng, Progress progress) {
        double[][][] out = unmeasured(taus.length);
        progress.start("measuring the trained network (" + at.length + " times)", at.length);
        for (int s = 0; s < at.length; s++) {
            store(out, at[s], measure(flow.readoutAt(taus[at[s]]), probe, rng.split()));
            progress.advance(s + 1);
        }
        progress.finish();
        return out;
    }

    /**
     * A network TRAINED by explicit gradient descent on its read-out, A ← A − η(AU + √(p/Δ)Vᵀ) from A = 0 (matrix
     * products, no eigendecomposition; η in gradient-flow time units, §5.3 step 5, DERIVED), measured by
     * {@link #measure} when it has taken round(τ/η) steps, at the times {@code taus[j]} for j in {@code at} that it
     * reaches within {@code maxSteps}: [class][train, test, score error][time], NaN at the other times.
     */
    public double[][][] measureDescent(
            double[] taus, int[] at, double step, long maxSteps, Probe probe, Rng rng, Progress progress) {
        double[][][] out = unmeasured(taus.length);
        DMatrixRMaj u = total.u(), vt = new DMatrixRMaj(mixture.dimension(), u.numRows);
        CommonOps_DDRM.transpose(total.v(), vt);
        CommonOps_DDRM.scale(Math.sqrt(u.numRows / OuProcess.h(config.t())), vt);
        DMatrixRMaj a = new DMatrixRMaj(mixture.dimension(), u.numRows);
        long done = 0;
        progress.start("gradient descent on the read-out (" + maxSteps + " steps)", maxSteps);
        for (int j : at) {
            long target = Math.round(taus[j] / step);
            if (target > maxSteps) break;
            for (; done < target; done++) {
                DMatrixRMaj grad = Dense.multiply(a, u);
                for (int i = 0; i < grad.data.length; i++) a.data[i] -= step * (grad.data[i] + vt.data[i]);
                if ((done & 63) == 0) {
                    progress.advance(done);
                    progress.checkCancelled();
                }
            }
            store(out, j, measure(a, probe, rng.split()));
        }
        progress.finish();
        return out;
    }

    private double[][][] unmeasured(int times) {
        double[][][] out = new double[classes()][3][times];
        for (double[][] byClass : out) for (double[] curve : byClass) Arrays.fill(curve, Double.NaN);
        return out;
    }

    private static void store(double[][][] out, int j, double[][] measured) {
        for (int c = 0; c < out.length; c++) for (int o = 0; o < 3; o++) out[c][o][j] = measured[c][o];
    }

    /** The mean over entries of (√Δ s + ξ)²: the per-coordinate denoising loss of scores s on noises ξ. */
    private static double dsm(DMatrixRMaj s, DMatrixRMaj xi, double sd) {
        double sum = 0;
        for (int i = 0; i < s.data.length; i++) {
            double r = sd * s.data[i] + xi.data[i];
            sum += r * r;
        }
        return sum / s.data.length;
    }

    /**
     * Per-class curves: arrays indexed [class][time].
     *
     * @param trainInf  τ → ∞ train loss per class
     * @param testInf   τ → ∞ test loss per class
     * @param errorInf  τ → ∞ score error per class
     * @param testZero  τ = 0 test loss (A = 0)
     * @param errorZero τ = 0 score error (A = 0): (1/d) E‖∇log P_t‖²
     */
    public record LearningCurves(
            double[] taus,
            double[][] train,
            double[][] test,
            double[][] error,
            double[] trainInf,
            double[] testInf,
            double[] errorInf,
            double[] testZero,
            double[] errorZero) {
        public int classes() {
            return train.length;
        }

        /** Generalisation gap L^te_c − L^tr_c along τ. */
        public double[] gap(int c) {
            double[] g = new double[taus.length];
            for (int j = 0; j < g.length; j++) g[j] = test[c][j] - train[c][j];
            return g;
        }

        public double gapInf(int c) {
            return testInf[c] - trainInf[c];
        }
    }
}
