package org.diffdyn.imbalance;

import java.util.Arrays;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.Activation;

/**
 * The learning order the random-features theory predicts from per-class statistics alone (paper C's claim "class
 * variance is the primary determinant of learning order", QUOTED; the proxies are the spec's §3.3 table, DERIVED):
 * per class, τ_gen,c = 1/(ψ_p ρ_c α_c² a_t² σ_c²) and τ_mem,c = ψ_n/(ψ_p v_c²), with the GEP coefficients α_c, v_c²
 * evaluated at the class's σ_c (and averaged over the per-feature shifts of a centroid of norm m_c when m_c > 0).
 */
public final class ClassOrder {
    private ClassOrder() {}

    /** Per-class prediction; ranks count from 1 = learned first. */
    public record Prediction(
            int label, double alpha, double perSample, double tauGen, double tauMem, int genRank, int memRank) {}

    public static Prediction[] predict(
            double[] variance,
            double[] centroidNorm,
            double[] rho,
            double t,
            double psiP,
            double psiN,
            Activation act) {
        int k = variance.length;
        if (centroidNorm.length != k || rho.length != k)
            throw new ParameterException("classes", k, "equal-length variance, norm and rho arrays");
        double a = OuProcess.a(t);
        double[] tg = new double[k], tm = new double[k], al = new double[k], v2 = new double[k];
        for (int c = 0; c < k; c++) {
            if (!(variance[c] > 0)) throw new ParameterException("variance[" + c + "]", variance[c], "a number > 0");
            double sigma = Math.sqrt(variance[c]);
            GepCoefficients g = centroidNorm[c] > 0
                    ? GepCoefficients.averagedOverShift(act, t, sigma, centroidNorm[c], 40)
                    : GepCoefficients.of(act, t, sigma, 0);
            al[c] = g.alpha();
            v2[c] = g.perSample();
            tg[c] = 1 / (psiP * rho[c] * g.alpha() * g.alpha() * a * a * variance[c]);
            tm[c] = psiN / (psiP * g.perSample());
        }
        int[] gr = ranks(tg, true), mr = ranks(tm, true);
        Prediction[] out = new Prediction[k];
        for (int c = 0; c < k; c++) out[c] = new Prediction(c, al[c], v2[c], tg[c], tm[c], gr[c], mr[c]);
        return out;
    }

    /** Per-class times measured on a trained surrogate model and their ranks (1 = learned first). */
    public record Surrogate(double[] tauGen, double[] tauMem, int[] genRank, int[] memRank) {}

    /**
     * The order measured on a trained model rather than read off the proxies (simulation, §3.2/§3.5 DERIVED): the RF
     * model (tanh, exact noise average, 1000 score samples) with p features, trained on n points of a Gaussian
     * surrogate in dimension d — isotropic classes with these σ_c², m_c and ρ_c in random directions — and its
     * per-class τ_gen (common absolute threshold) and τ_mem (half gap) from the learning curves on 10⁻³…10⁶ (40 per
     * decade). Ranks break grid ties by the best score error (lower first). Draws the mixture and then the model from
     * one split of {@code rng} each.
     */
    public static Surrogate surrogate(
            double[] variance,
            double[] centroidNorm,
            double[] rho,
            int d,
            int p,
            int n,
            double t,
            Rng rng,
            Progress progress) {
        double[] sigmas = Arrays.stream(variance).map(Math::sqrt).toArray();
        ClassMixture mix = new ClassMixture(d, CentroidGeometry.RANDOM, centroidNorm, sigmas, rho, rng.split());
        RfClassModel.Config config =
                new RfClassModel.Config(n, p, t, Activation.TANH, RfClassModel.NoiseAverage.EXACT, 0, 1000, 3, 48);
        RfClassModel model = RfClassModel.train(mix, config, rng.split(), progress);
        RfClassModel.LearningCurves lc = model.curves(Grids.perDecade(1e-3, 1e6, 40), progress);
        double[] gen = LearningTimes.gen(lc, LearningTimes.GenRule.COMMON_ABSOLUTE);
        double[] mem = LearningTimes.mem(lc, LearningTimes.MemRule.HALF_GAP);
        int k = variance.length;
        double[] genKey = new double[k], memKey = new double[k];
        for (int c = 0; c < k; c++) {
            double minErr = Arrays.stream(lc.error()[c]).min().orElse(Double.NaN);
            genKey[c] = gen[c] * (1 + 1e-6 * minErr);
            memKey[c] = mem[c] * (1 + 1e-6 * minErr);
        }
        return new Surrogate(gen, mem, ranks(genKey, true), ranks(memKey, true));
    }

    /** Ranks from 1 (ascending = smallest first when {@code ascending}, else largest first). */
    public static int[] ranks(double[] v, boolean ascending) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = i;
        Arrays.sort(idx, (x, y) -> ascending ? Double.compare(v[x], v[y]) : Double.compare(v[y], v[x]));
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) r[idx[i]] = i + 1;
        return r;
    }

    /** The class ranked first (rank 1), or -1 if none is. */
    public static int first(int[] ranks) {
        for (int c = 0; c < ranks.length; c++) if (ranks[c] == 1) return c;
        return -1;
    }

    /** Spearman rank correlation of two rankings (no ties). */
    public static double spearman(int[] r1, int[] r2) {
        int n = r1.length;
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) (r1[i] - r2[i]) * (r1[i] - r2[i]);
        return 1 - 6 * s / ((double) n * ((double) n * n - 1));
    }
}
