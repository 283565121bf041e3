package org.diffdyn.imbalance;

import org.diffdyn.core.Check;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.numeric.GaussHermite;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.Activation;
import org.diffdyn.core.rf.RandomFeatures;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Paper C's analytic structure of the train feature covariance (random-features-and-ridge.md §3.3, DERIVED
 * reconstruction; the paper's own derivation was not available): the per-class Gaussian-equivalent (GEP) matrix
 * <pre>
 *   U ≃ Σ_c ρ_c f̄_c f̄_cᵀ + (1/n) Σ_c G_c G_cᵀ + (Σ_c ρ_c b_c²) WWᵀ/d + (Σ_c ρ_c s_c²) I_p,
 *   G_c = a α_c σ_c W Z_c/√d + v_c Ω_c ∈ R^{p×n_c},
 * </pre>
 * with fresh Gaussian Z_c, Ω_c, and the spectral scales it predicts per class: spikes ρ_c‖f̄_c‖², a population bulk
 * ψ_p Σ_c ρ_c α_c² Γ_c (class-resolved ψ_p ρ_c α_c² Γ_c), a memorisation bulk s² + v_c² p/n and a floor s².
 * The timescale of each group is 1/λ (§1.4).
 */
public final class GepTheory {
    private GepTheory() {}

    /** Where the bulk coefficients are evaluated (UNSURE which paper C uses). */
    public enum Shift {
        /** μ = 0 for every feature (the spec's bulk approximation). */
        ZERO,
        /** Each feature's own shift μ_i^{(c)} = a w_i·μ_c/√d (per-feature coefficients; more faithful when m_c = O(1)). */
        PER_FEATURE
    }

    /**
     * Predicted spectral scales of one class (unnormalised U, eigenvalue units) and their timescales 1/λ.
     *
     * @param spike            ρ_c ‖f̄_c‖² with ‖f̄_c‖² = p E_μ κ₀(μ)², μ ~ N(0, a² m_c²)
     * @param spikeLinear      the linearised form ρ_c p a² α_c² m_c² (§3.3 table)
     * @param populationBulk   class-resolved population scale ψ_p ρ_c α_c² Γ_c
     * @param memorizationBulk s̄² + v_c² p/n
     * @param tauGenProxy      1/(ψ_p ρ_c α_c² a² σ_c²), the class-resolved generalisation proxy ("variance first")
     * @param tauMemProxy      n/(p v_c²)
     */
    public record ClassScales(
            int label,
            GepCoefficients coefficients,
            double spike,
            double spikeLinear,
            double populationBulk,
            double memorizationBulk,
            double tauGenProxy,
            double tauMemProxy) {}

    /** The §3.3 table of spectral scales for every class, with μ = 0 coefficients. */
    public static ClassScales[] scales(ClassMixture mix, int n, int p, double t, Activation act) {
        Check.positive("n", n);
        Check.positive("p", p);
        int k = mix.classes(), d = mix.dimension();
        double a = OuProcess.a(t), psiP = (double) p / d;
        GepCoefficients[] co = new GepCoefficients[k];
        double floor = 0;
        for (int c = 0; c < k; c++) {
            co[c] = GepCoefficients.of(act, t, mix.sigma(c), 0);
            floor += mix.ratio(c) * co[c].perNoise();
        }
        GaussHermite gh = GaussHermite.of(48);
        ClassScales[] out = new ClassScales[k];
        for (int c = 0; c < k; c++) {
            GepCoefficients g = co[c];
            double sdShift = a * mix.norm(c), sdNoise = Math.sqrt(g.gamma());
            double meanK0sq = 0;
            for (int q = 0; q < gh.size(); q++) {
                double k0 = act.mean(sdShift * gh.node(q), sdNoise, gh);
                meanK0sq += gh.weight(q) * k0 * k0;
            }
            double rho = mix.ratio(c), sigma = mix.sigma(c);
            double spike = rho * p * meanK0sq;
            double spikeLin = rho * p * a * a * g.alpha() * g.alpha() * mix.norm(c) * mix.norm(c);
            double pop = psiP * rho * g.alpha() * g.alpha() * g.gamma();
            double mem = floor + g.perSample() * p / n;
            double tauGen = 1 / (psiP * rho * g.alpha() * g.alpha() * a * a * sigma * sigma);
            double tauMem = n / (p * g.perSample());
            out[c] = new ClassScales(c, g, spike, spikeLin, pop, mem, tauGen, tauMem);
        }
        return out;
    }

    /** The shared population-bulk scale ψ_p Σ_c ρ_c α_c² Γ_c of isotropic classes. */
    public static double sharedPopulationBulk(ClassMixture mix, int p, double t, Activation act) {
        double s = 0;
        for (int c = 0; c < mix.classes(); c++) {
            GepCoefficients g = GepCoefficients.of(act, t, mix.sigma(c), 0);
            s += mix.ratio(c) * g.alpha() * g.alpha() * g.gamma();
        }
        return (double) p / mix.dimension() * s;
    }

    /** The floor Σ_c ρ_c s_c². */
    public static double floor(ClassMixture mix, double t, Activation act) {
        double s = 0;
        for (int c = 0; c < mix.classes(); c++)
            s += mix.ratio(c) * GepCoefficients.of(act, t, mix.sigma(c), 0).perNoise();
        return s;
    }

    /**
     * Builds the GEP matrix for the features {@code rf} and class counts n_c, drawing Z_c and Ω_c from {@code rng}.
     * The spikes use the exact class-mean features f̄_{c,i} = E σ(a w_i·μ_c/√d + √(Γ_c K_ii) Z).
     */
    public static DMatrixRMaj matrix(
            ClassMixture mix, RandomFeatures rf, int[] counts, double t, Shift shift, Rng rng) {
        int k = mix.classes(), p = rf.p(), d = rf.d();
        int n = 0;
        for (int c : counts) n += c;
        double a = OuProcess.a(t), delta = OuProcess.h(t);
        GaussHermite gh = GaussHermite.of(48);
        DMatrixRMaj kernel = rf.kernel();
        DMatrixRMaj u = new DMatrixRMaj(p, p);
        // Linear-noise part: Σ_c ρ_c b_c² K (per feature: b_{c,i} b_{c,j} K_ij), and the floor on the diagonal.
        double[] bSum = new double[p * p];
        double[] floorDiag = new double[p];
        for (int c = 0; c < k; c++) {
            double rho = (double) counts[c] / n;
            double[] mu = mix.mean(c);
            DMatrixRMaj centre = new DMatrixRMaj(1, d, true, mu);
            CommonOps_DDRM.scale(a, centre);
            double[] shifts = rf.preactivations(centre).data;
            double gamma = mix.population().gamma(c, t);
            double[] alpha = new double[p], v = new double[p], s2 = new double[p], fbar = new double[p];
            GepCoefficients zero = GepCoefficients.of(rf.activation(), t, mix.sigma(c), 0);
            for (int i = 0; i < p; i++) {
                GepCoefficients g = shift == Shift.PER_FEATURE
                        ? GepCoefficients.of(rf.activation(), t, mix.sigma(c), shifts[i], 40)
                        : zero;
                alpha[i] = g.alpha();
                v[i] = Math.sqrt(Math.max(0, g.perSample()));
                s2[i] = Math.max(0, g.perNoise());
                fbar[i] = rf.activation().mean(shifts[i], Math.sqrt(gamma * kernel.get(i, i)), gh);
            }
            for (int i = 0; i < p; i++) {
                floorDiag[i] += rho * s2[i];
                for (int j = 0; j < p; j++) {
                    bSum[i * p + j] += rho * delta * alpha[i] * alpha[j] * kernel.data[i * p + j];
                    u.data[i * p + j] += rho * fbar[i] * fbar[j];
                }
            }
            int nc = counts[c];
            if (nc == 0) continue;
            DMatrixRMaj z = new DMatrixRMaj(d, nc, true, rng.gaussianMatrix(d, nc));
            DMatrixRMaj wz = Dense.multiply(rf.weights(), z); // p × n_c
            double[] omega = rng.gaussianMatrix(p, nc);
            double lin = a * mix.sigma(c) / Math.sqrt(d);
            DMatrixRMaj gmat = new DMatrixRMaj(nc, p); // G_cᵀ, rows = samples
            for (int i = 0; i < p; i++)
                for (int j = 0; j < nc; j++)
                    gmat.data[j * p + i] = lin * alpha[i] * wz.data[i * nc + j] + v[i] * omega[i * nc + j];
            DMatrixRMaj ggt = Dense.gram(gmat, n);
            CommonOps_DDRM.addEquals(u, ggt);
        }
        for (int i = 0; i < p * p; i++) u.data[i] += bSum[i];
        for (int i = 0; i < p; i++) u.data[i * p + i] += floorDiag[i];
        return u;
    }
}
