package org.diffdyn.spectralbias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.EdmHeunSampler;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Independent routes to the same quantity must agree: closed form, quadrature, moment ODE, sampler, simulation. */
class AgreementTest {
    static final double S0 = 0.002, ST = 80;

    @Test
    void closedFormAgreesWithQuadrature() {
        for (double lambda : new double[] {10, 1, 0.03, 0.001})
            for (double q : new double[] {0, 0.1, 0.6, 1})
                for (double tau : new double[] {1e-6, 1e-3, 0.1, 3, 300}) {
                    double closed = GeneratedVariance.oneLayerLog(lambda, q, 1, tau, S0, ST);
                    double quad = GeneratedVariance.logByAdaptiveQuadrature(
                                    s -> OneLayerDynamics.weight(lambda, s, q, 1, tau), S0, ST, 1e-14)
                            .value();
                    assertEquals(quad, closed, 1e-9, "lambda=" + lambda + " q=" + q + " tau=" + tau);
                    double two = TwoLayerDynamics.generatedLog(lambda, Math.max(q, 0.05), 1, tau, S0, ST);
                    double twoQuad = GeneratedVariance.logByAdaptiveQuadrature(
                                    s -> TwoLayerDynamics.weight(lambda, s, Math.max(q, 0.05), 1, tau), S0, ST, 1e-14)
                            .value();
                    assertEquals(twoQuad, two, 1e-9, "two-layer");
                }
    }

    @Test
    void momentOdeAgreesWithClosedFormForCommutingWeights() {
        int d = 5;
        Spectrum sp = Spectrum.of(4, 1, 0.3, 0.05, 0.01);
        Covariance cov = Covariance.randomlyRotated(sp, 7);
        SymmetricEigen eig = Dense.eigh(cov.matrix());
        DMatrixRMaj w0 = CommonOps_DDRM.identity(d);
        CommonOps_DDRM.scale(0.1, w0);
        double tau = 2;
        MomentOde.Moments m = MomentOde.integrate(
                new MomentOde.AffineDenoiser() {
                    @Override
                    public DMatrixRMaj weight(double sigma) {
                        return OneLayerDynamics.weightMatrix(eig, w0, sigma, 1, tau);
                    }

                    @Override
                    public double[] bias(double sigma) {
                        return new double[d];
                    }
                },
                d,
                S0,
                ST,
                4000,
                Progress.NONE);
        DMatrixRMaj u = cov.basis();
        for (int k = 0; k < d; k++) {
            double v = 0;
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) v += u.get(i, k) * m.covariance().get(i, j) * u.get(j, k);
            double closed = GeneratedVariance.oneLayer(sp.get(k), 0.1, 1, tau, S0, ST);
            assertEquals(closed, v, 1e-6 * closed, "mode " + k);
        }
    }

    @Test
    void nonZeroMeanAugmentedDynamicsMatchesGradientDescentAndConverges() {
        int d = 3;
        DMatrixRMaj sigma =
                Covariance.randomlyRotated(Spectrum.of(2, 0.5, 0.1), 3).matrix();
        double[] mu = {0.7, -0.4, 0.2};
        double s = 0.8, eta = 0.01;
        OneLayerDynamics.WithMean dyn = new OneLayerDynamics.WithMean(sigma, mu, s);
        // explicit GD on Ŵ with the exact gradient 2(ŴM̃ − Y), Euler steps of size η: compare to e^{−2ητM̃} at small η
        DMatrixRMaj w = new DMatrixRMaj(d, d + 1);
        for (int i = 0; i < d; i++) w.set(i, i, 0.1);
        DMatrixRMaj closed = dyn.at(w, eta, 5);
        DMatrixRMaj star = dyn.optimum();
        // the optimum is W* = Σ(Σ+σ²I)^{-1}, b* = (I − W*)μ (F1)
        DMatrixRMaj m = sigma.copy();
        for (int i = 0; i < d; i++) m.add(i, i, s * s);
        DMatrixRMaj inv = new DMatrixRMaj(d, d);
        CommonOps_DDRM.invert(m, inv);
        DMatrixRMaj wStar = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(sigma, inv, wStar);
        for (int i = 0; i < d; i++) {
            double b = mu[i];
            for (int j = 0; j < d; j++) {
                assertEquals(wStar.get(i, j), star.get(i, j), 1e-12);
                b -= wStar.get(i, j) * mu[j];
            }
            assertEquals(b, star.get(i, d), 1e-12, "b*");
        }
        DMatrixRMaj far = dyn.at(w, eta, 1e7);
        for (int i = 0; i < far.data.length; i++) assertEquals(star.data[i], far.data[i], 1e-10);
        // small-step GD reproduces the flow: 5/η·... steps of size 1e-4 in time η·τ
        DMatrixRMaj mt = new DMatrixRMaj(d + 1, d + 1), y = new DMatrixRMaj(d, d + 1);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                mt.set(i, j, m.get(i, j) + mu[i] * mu[j]);
                y.set(i, j, sigma.get(i, j) + mu[i] * mu[j]);
            }
            mt.set(i, d, mu[i]);
            mt.set(d, i, mu[i]);
            y.set(i, d, mu[i]);
        }
        mt.set(d, d, 1);
        DMatrixRMaj g = new DMatrixRMaj(d, d + 1);
        int steps = 50_000;
        double h = eta * 5 / steps;
        for (int n = 0; n < steps; n++) {
            CommonOps_DDRM.mult(w, mt, g);
            CommonOps_DDRM.subtractEquals(g, y);
            CommonOps_DDRM.addEquals(w, -2 * h, g);
        }
        for (int i = 0; i < w.data.length; i++) assertEquals(closed.data[i], w.data[i], 1e-4);
    }

    @Test
    void heunSamplerEmulationAgreesWithTheSampler() {
        double[] t = EdmSchedule.standard().karrasSteps(20, 7);
        double lambda = 0.3, tau = 1;
        double[] psi = new double[t.length];
        for (int i = 0; i < t.length - 1; i++) psi[i] = OneLayerDynamics.weight(lambda, t[i], 0.1, 1, tau);
        double emulated = GeneratedVariance.samplerLog(t, psi, GeneratedVariance.Sampler.HEUN);
        // the real batch sampler with the diagonal denoiser, deterministic start x = t_0 (variance ratio is exact)
        EdmHeunSampler sampler = new EdmHeunSampler(t, true);
        DMatrixRMaj x0 = new DMatrixRMaj(1, 1, true, 1.0 * t[0]);
        DMatrixRMaj x = sampler.integrate(
                (xx, s) -> {
                    DMatrixRMaj o = xx.copy();
                    int i = 0;
                    while (t[i] != s) i++;
                    CommonOps_DDRM.scale(psi[i], o);
                    return o;
                },
                x0,
                null);
        assertEquals(emulated, Math.log(x.get(0, 0) * x.get(0, 0)), 1e-12);
        // A fine sampler converges to the exact ODE followed by the sampler's final denoising step x ← D(x; σ_min),
        // which multiplies the variance by ψ(σ_min)² (far from 1 before the mode is learned).
        double exact = GeneratedVariance.oneLayerLog(lambda, 0.1, 1, tau, S0, ST);
        double finalDenoise = 2 * Math.log(OneLayerDynamics.weight(lambda, S0, 0.1, 1, tau));
        double[] tf = EdmSchedule.standard().karrasSteps(4000, 7);
        double fine = GeneratedVariance.samplerLog(tf, psiOn(tf, lambda, tau), GeneratedVariance.Sampler.HEUN);
        assertEquals(exact + finalDenoise, fine, 1e-3);
        System.out.printf(
                "20-step Heun: %.4f, 4000-step: %.4f, ODE: %.4f, ODE+final denoise: %.4f%n",
                emulated, fine, exact, exact + finalDenoise);
    }

    static double[] psiOn(double[] t, double lambda, double tau) {
        double[] p = new double[t.length];
        for (int i = 0; i < t.length - 1; i++) p[i] = OneLayerDynamics.weight(lambda, t[i], 0.1, 1, tau);
        return p;
    }

    @Test
    void patchConvolutionClosedFormAgreesWithQuadrature() {
        int n = 16;
        DMatrixRMaj sigma =
                Covariance.randomlyRotated(Spectrum.powerLaw(n, 1.2), 11).matrix(); // non-stationary
        for (int r : new int[] {1, 3, 7}) {
            PatchConvolution pc = new PatchConvolution(sigma, r);
            for (double tau : new double[] {1e-3, 0.05, 2}) {
                double[] closed = pc.generatedLog(0.1, 1, tau, S0, ST);
                double[] quad = pc.generatedLogByQuadrature(0.1, 1, tau, S0, ST, 256);
                for (int k = 0; k < n; k++)
                    assertEquals(quad[k], closed[k], 1e-8, "r=" + r + " k=" + k + " tau=" + tau);
            }
        }
    }

    @Test
    void fullWidthPatchIsNotCirculantButCirculantMatchesFourierTheory() {
        int n = 8;
        DMatrixRMaj sigma =
                Covariance.randomlyRotated(Spectrum.powerLaw(n, 1), 5).matrix();
        double[] s = CirculantConvolution.fourierVariances(sigma);
        double tr = 0;
        for (int i = 0; i < n; i++) tr += sigma.get(i, i);
        double sum = 0;
        for (double v : s) sum += v;
        assertEquals(tr, sum, 1e-12, "Parseval: sum of Fourier variances = trace");
        // a circulant Σ has its eigenvalues as Fourier variances
        DMatrixRMaj circ = new DMatrixRMaj(n, n);
        double[] c = {2, 0.5, 0.1, 0, 0, 0, 0.1, 0.5};
        for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) circ.set(a, b, c[Math.floorMod(a - b, n)]);
        double[] sc = CirculantConvolution.fourierVariances(circ);
        for (int k = 0; k < n; k++) {
            double ev = 0;
            for (int m = 0; m < n; m++) ev += c[m] * Math.cos(2 * Math.PI * k * m / n);
            assertEquals(ev, sc[k], 1e-12);
        }
    }

    @Test
    void flowMatchingClosedFormAgreesWithQuadrature() {
        for (double lambda : new double[] {5, 1, 0.1, 0.01})
            for (double q : new double[] {0, 0.1, 1})
                for (double tau : new double[] {0, 1e-5, 0.01, 1, 100}) {
                    double closed = FlowMatching.generatedLog(lambda, q, 1, tau);
                    double quad = FlowMatching.generatedLogByQuadrature(lambda, q, 1, tau, 512);
                    assertEquals(quad, closed, 1e-9, "lambda=" + lambda + " q=" + q + " tau=" + tau);
                }
        assertEquals(Math.log(0.3), FlowMatching.generatedLog(0.3, 0.1, 1, 1e6), 1e-9, "converges to lambda");
    }

    @Test
    void deepLinearReducesToOneAndTwoLayer() {
        double[] taus = {0, 0.01, 0.1, 1, 10, 100};
        for (double sigma : new double[] {0.01, 0.5, 3, 80}) {
            double[] s1 = DeepLinearDynamics.gain(0.2, sigma, 0.1, 1, 1, taus);
            double[] s2 = DeepLinearDynamics.gain(0.2, sigma, 0.1, 1, 2, taus);
            for (int j = 0; j < taus.length; j++) {
                assertEquals(OneLayerDynamics.weight(0.2, sigma, 0.1, 1, taus[j]), s1[j], 1e-8);
                // independent two-layer = symmetric PPᵀ at half the learning rate (rate 4ηλ vs 8ηλ)
                assertEquals(
                        TwoLayerDynamics.weight(0.2, sigma, 0.1, 0.5, taus[j]),
                        s2[j],
                        1e-7,
                        "sigma=" + sigma + " tau=" + taus[j]);
            }
        }
        double[] g = DeepLinearDynamics.generatedLog(0.2, 0.1, 0.5, 2, taus, S0, ST, 64);
        for (int j = 0; j < taus.length; j++)
            assertEquals(TwoLayerDynamics.generatedLog(0.2, 0.1, 0.25, taus[j], S0, ST), g[j], 1e-6);
        // deeper nets still learn the same optimum
        double[] s4 = DeepLinearDynamics.gain(0.2, 1, 0.1, 1, 4, new double[] {1e4});
        assertEquals(0.2 / 1.2, s4[0], 1e-10);
    }

    @Test
    void loweringTheEdmWeightingToUniformIsEq7() {
        assertEquals(
                OneLayerDynamics.weight(0.5, 2, 0.1, 1, 0.3),
                LossWeighting.weight(LossWeighting.Scheme.UNIFORM, 0.5, 2, 0.1, 1, 0.3),
                0);
        // EDM weighting times the preconditioner is p(σ)/(σ² + σ_d²)
        double s = 0.7;
        assertEquals(
                LossWeighting.logNormalDensity(s, -1.2, 1.2) / (s * s + 0.25),
                LossWeighting.rateMultiplier(LossWeighting.Scheme.EDM_PRECONDITIONED, s),
                1e-14);
    }

    @Test
    void sharedEdmQuadraticMatchesMonteCarloGradient() {
        LossWeighting.SharedLinear edm = LossWeighting.SharedLinear.edm();
        Rng rng = new Rng(3);
        double lambda = 0.8, v = 0.3, g = 0;
        int n = 2_000_000;
        for (int i = 0; i < n; i++) {
            double sigma = Math.exp(-1.2 + 1.2 * rng.gaussian());
            double x = Math.sqrt(lambda) * rng.gaussian();
            g += edm.sampleGradient(sigma, v, x, x + sigma * rng.gaussian());
        }
        g /= n;
        double expected = 2 * (edm.curvature(lambda) * v - edm.drive(lambda));
        assertEquals(expected, g, 0.02 * Math.abs(expected) + 0.01);
    }

    @Test
    void perModeSgdTracksGradientFlowAndTheSamplerMeasuresTheory() {
        int d = 4, n = 4000;
        Spectrum sp = Spectrum.of(3, 1, 0.3, 0.1);
        DMatrixRMaj x = Covariance.diagonal(sp).sample(n, new Rng(1));
        double[] levels = EdmSchedule.standard().karrasSteps(20, 7);
        double[] lv = java.util.Arrays.copyOf(levels, 20);
        double[] times = {0.1, 1, 10};
        for (PerModeTraining.Model model :
                new PerModeTraining.Model[] {PerModeTraining.Model.ONE_LAYER, PerModeTraining.Model.TWO_LAYER}) {
            PerModeTraining.Result r = PerModeTraining.train(
                    x, lv, times, new PerModeTraining.Config(model, 0.1, 256, 1, 0.02, 9), Progress.NONE);
            double[] lhat = new double[d];
            for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) lhat[k] += x.get(i, k) * x.get(i, k) / n;
            for (int j = 0; j < times.length; j++)
                for (int l = 0; l < lv.length; l++)
                    for (int k = 0; k < d; k++) {
                        double flow = model == PerModeTraining.Model.ONE_LAYER
                                ? OneLayerDynamics.weight(lhat[k], lv[l], 0.1, 1, times[j])
                                : TwoLayerDynamics.weight(lhat[k], lv[l], 0.1, 1, times[j]);
                        assertEquals(flow, r.gd()[j][l][k], 0.03 * Math.abs(flow) + 1e-3, "GD tracks flow " + model);
                        assertEquals(
                                r.gd()[j][l][k],
                                r.simulation()[j][l][k],
                                0.05 * Math.abs(flow) + 0.02,
                                "SGD near GD " + model);
                    }
        }
    }

    @Test
    void fullMatrixGradientDescentMatchesPerModeTheoryInARotatedBasis() {
        // The validation path: a d×d matrix trained with fresh-noise SGD in pixel space knows nothing of modes.
        int d = 4, n = 5000;
        Covariance cov = Covariance.randomlyRotated(Spectrum.of(2, 0.7, 0.2, 0.05), 4);
        DMatrixRMaj x = cov.sample(n, new Rng(2));
        double sigma = 0.5, eta = 0.01;
        DMatrixRMaj w = FullMatrixTraining.oneLayer(x, sigma, 0.1, eta, 300, 128, new Rng(5), Progress.NONE);
        DMatrixRMaj sHat = org.diffdyn.core.data.DataStats.secondMoment(x);
        SymmetricEigen e = Dense.eigh(sHat);
        DMatrixRMaj w0 = CommonOps_DDRM.identity(d);
        CommonOps_DDRM.scale(0.1, w0);
        DMatrixRMaj theory = OneLayerDynamics.weightMatrix(e, w0, sigma, eta, 300);
        for (int i = 0; i < w.data.length; i++) assertEquals(theory.data[i], w.data[i], 0.03);
    }

    @Test
    void fullMatrixTwoLayerMatchesTheLogisticLawAlongTheEigenvectors() {
        int d = 3, n = 5000;
        DMatrixRMaj x = Covariance.randomlyRotated(Spectrum.of(2, 0.6, 0.15), 8).sample(n, new Rng(3));
        double sigma = 0.5, eta = 0.01;
        int steps = 400;
        DMatrixRMaj w = FullMatrixTraining.twoLayer(x, sigma, 0.1, eta, steps, 128, new Rng(4), Progress.NONE);
        SymmetricEigen e = Dense.eigh(org.diffdyn.core.data.DataStats.secondMoment(x));
        for (int k = 0; k < d; k++) {
            double psi = 0;
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) psi += e.vector(k, i) * w.get(i, j) * e.vector(k, j);
            assertEquals(TwoLayerDynamics.weight(e.value(k), sigma, 0.1, eta, steps), psi, 0.03, "mode " + k);
        }
    }

    @Test
    void momentOdeWithAMeanReproducesTheExactGeneratedMean() {
        // Converged affine denoiser with μ ≠ 0 (augmented matrix, τ → ∞): m − μ evolves like a mode with ψ = W*, so
        // the generated mean along u_k is μ_k(1 − √((λ_k + σ_0²)/(λ_k + σ_T²))) and the covariance is the one-layer
        // limit.
        int d = 3;
        Spectrum sp = Spectrum.of(1.5, 0.4, 0.05);
        Covariance cov = Covariance.randomlyRotated(sp, 21);
        DMatrixRMaj sigma = cov.matrix();
        double[] mu = {0.5, -0.3, 0.8};
        DMatrixRMaj w0 = new DMatrixRMaj(d, d + 1);
        MomentOde.Moments m = MomentOde.integrate(
                new MomentOde.AffineDenoiser() {
                    @Override
                    public DMatrixRMaj weight(double s) {
                        DMatrixRMaj wh = new OneLayerDynamics.WithMean(sigma, mu, s).at(w0, 1, 1e9);
                        DMatrixRMaj w = new DMatrixRMaj(d, d);
                        CommonOps_DDRM.extract(wh, 0, d, 0, d, w, 0, 0);
                        return w;
                    }

                    @Override
                    public double[] bias(double s) {
                        DMatrixRMaj wh = new OneLayerDynamics.WithMean(sigma, mu, s).at(w0, 1, 1e9);
                        double[] b = new double[d];
                        for (int i = 0; i < d; i++) b[i] = wh.get(i, d);
                        return b;
                    }
                },
                d,
                S0,
                ST,
                3000,
                Progress.NONE);
        DMatrixRMaj u = cov.basis();
        for (int k = 0; k < d; k++) {
            double muK = 0, mK = 0, vK = 0;
            for (int i = 0; i < d; i++) {
                muK += u.get(i, k) * mu[i];
                mK += u.get(i, k) * m.mean()[i];
                for (int j = 0; j < d; j++) vK += u.get(i, k) * m.covariance().get(i, j) * u.get(j, k);
            }
            double lam = sp.get(k);
            assertEquals(
                    muK * (1 - Math.sqrt((lam + S0 * S0) / (lam + ST * ST))),
                    mK,
                    1e-6 * Math.abs(muK),
                    "mean along mode " + k);
            assertEquals(
                    Math.exp(GeneratedVariance.convergedLog(lam, S0, ST)), vK, 1e-6 * lam, "variance along mode " + k);
        }
    }

    @Test
    void weightedQuadraturePathReducesToTheClosedFormForAConstantMultiplier() {
        // a constant rate multiplier g is a rescaled η: the quadrature path must then equal Prop. 4.2 at η·g
        double lambda = 0.2, tau = 0.7;
        double viaQuadrature =
                GeneratedVariance.logByQuadrature(s -> OneLayerDynamics.weight(lambda, s, 0.1, 3.0, tau), S0, ST, 256);
        assertEquals(GeneratedVariance.oneLayerLog(lambda, 0.1, 3.0, tau, S0, ST), viaQuadrature, 1e-10);
        assertEquals(
                GeneratedVariance.oneLayerLog(lambda, 0.1, 1, tau, S0, ST),
                LossWeighting.generatedLog(LossWeighting.Scheme.UNIFORM, lambda, 0.1, 1, tau, S0, ST, 256),
                1e-10);
        // EDM weighting slows the high-σ levels (tiny sampling density) and still converges to the same optimum
        double edm = LossWeighting.generatedLog(LossWeighting.Scheme.EDM_WEIGHTED, lambda, 0.1, 1, 1e9, S0, ST, 256);
        assertEquals(GeneratedVariance.convergedLog(lambda, S0, ST), edm, 1e-6);
        // the shared-weight EDM model converges to v* = B/A, a generated variance close to (not exactly) λ
        LossWeighting.SharedLinear sh = LossWeighting.SharedLinear.edm();
        double shared = sh.generatedLog(lambda, 0.1, 1, 1e9, S0, ST, 256);
        assertTrue(Math.abs(shared - Math.log(lambda)) < 1.0, "shared EDM limit " + Math.exp(shared));
        assertEquals(sh.drive(lambda) / sh.curvature(lambda), sh.innerGain(lambda, 0.1, 1, 1e9), 1e-12);
    }
}
