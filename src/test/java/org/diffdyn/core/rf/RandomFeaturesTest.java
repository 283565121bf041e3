package org.diffdyn.core.rf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.numeric.GaussHermite;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class RandomFeaturesTest {

    @Test
    void gaussHermiteMatchesGaussianMomentsAndCommonsMathRescaled() {
        GaussHermite gh = GaussHermite.of(48);
        double df = 1;
        for (int k = 0; k <= 20; k++) {
            int kk = k;
            double m = gh.expectation(z -> Math.pow(z, 2 * kk), 0, 1);
            assertEquals(df, m, (k < 12 ? 1e-12 : 1e-9) * df, "E z^" + 2 * k);
            df *= 2 * k + 1;
        }
        // Commons Math's rule is for the physicists' weight e^{-x²}: z = √2 x, w = w_phys/√π.
        GaussIntegrator phys = new GaussIntegratorFactory().hermite(20);
        GaussHermite ours = GaussHermite.of(20);
        for (int i = 0; i < 20; i++) {
            assertEquals(Math.sqrt(2) * phys.getPoint(i), ours.node(i), 1e-10);
            assertEquals(phys.getWeight(i) / Math.sqrt(Math.PI), ours.weight(i), 1e-12);
        }
    }

    @Test
    void tanhDerivativeExpectationsMatchFiniteDifferencesAndQuadrature() {
        GaussHermite gh = GaussHermite.of(80);
        double[] out = new double[6];
        Activation.TANH.gaussianExpectations(0.4, 0.7, 4, gh, out);
        // E σ^{(k)}(c+sZ) = d^k/dc^k E σ(c+sZ)
        double h = 1e-3;
        double[] m = new double[5];
        for (int j = -2; j <= 2; j++) m[j + 2] = Activation.TANH.mean(0.4 + j * h, 0.7, gh);
        assertEquals((m[3] - m[1]) / (2 * h), out[1], 1e-7);
        assertEquals((m[3] - 2 * m[2] + m[1]) / (h * h), out[2], 1e-5);
        assertEquals((m[4] - 2 * m[3] + 2 * m[1] - m[0]) / (2 * h * h * h), out[3], 1e-3);
        assertEquals(gh.expectation(x -> Math.tanh(x) * Math.tanh(x), 0.4, 0.7), out[5], 1e-14);
        assertEquals(1 - Math.tanh(0.3) * Math.tanh(0.3), Activation.TANH.derivative(0.3), 1e-15);
        assertEquals(Activation.TANH.derivative(0.3), Activation.TANH.derivative(0.3, 1), 1e-15);
    }

    @Test
    void reluClosedFormsMatchQuadratureAndDerivativesOfTheMean() {
        GaussHermite gh = GaussHermite.of(200);
        double c = -0.3, s = 0.8;
        double[] out = new double[6];
        Activation.RELU.gaussianExpectations(c, s, 4, gh, out);
        // Check by differentiating the closed-form mean in c (a smooth function).
        double h = 1e-3;
        double[] m = new double[5];
        for (int j = -2; j <= 2; j++) m[j + 2] = Activation.RELU.mean(c + j * h, s, gh);
        assertEquals((m[3] - m[1]) / (2 * h), out[1], 1e-7);
        assertEquals((m[3] - 2 * m[2] + m[1]) / (h * h), out[2], 1e-5);
        assertEquals((m[4] - 2 * m[3] + 2 * m[1] - m[0]) / (2 * h * h * h), out[3], 1e-3);
        // Second moment against a fine Riemann sum.
        double sum = 0, dz = 1e-4;
        for (double z = -12; z < 12; z += dz) {
            double r = Math.max(0, c + s * z);
            sum += r * r * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * dz;
        }
        assertEquals(sum, out[5], 1e-7);
    }

    private static DMatrixRMaj data(int n, int d, long seed) {
        return new DMatrixRMaj(n, d, true, new Rng(seed).gaussianMatrix(n, d));
    }

    @Test
    void exactNoiseAverageAgreesWithMonteCarloForManyDraws() {
        for (Activation act : Activation.values()) {
            RandomFeatures rf = RandomFeatures.draw(40, 32, act, new Rng(1));
            DMatrixRMaj x0 = data(6, 32, 2);
            double t = 0.1;
            FeatureMoments ex = FeatureMoments.exact(rf, x0, t);
            FeatureMoments mc = FeatureMoments.monteCarlo(rf, x0, t, 40_000, new Rng(3), Progress.NONE);
            double maxU = 0, maxV = 0;
            for (int i = 0; i < ex.u().data.length; i++)
                maxU = Math.max(maxU, Math.abs(ex.u().data[i] - mc.u().data[i]));
            for (int i = 0; i < ex.v().data.length; i++)
                maxV = Math.max(maxV, Math.abs(ex.v().data[i] - mc.v().data[i]));
            // MC standard error ~ 1/sqrt(6·40000) ≈ 0.002 per entry; max over 1600 entries ≈ 4 sigma.
            assertTrue(maxU < 0.012, act + " max |U_exact - U_mc| = " + maxU);
            assertTrue(maxV < 0.006, act + " max |V_exact - V_mc| = " + maxV);
        }
    }

    @Test
    void mehlerConvergesWithOrder() {
        RandomFeatures rf = RandomFeatures.draw(30, 32, Activation.TANH, new Rng(5));
        DMatrixRMaj x0 = data(4, 32, 6);
        FeatureMoments k3 = FeatureMoments.exact(rf, x0, 0.3, 3, 48, Progress.NONE);
        FeatureMoments k7 = FeatureMoments.exact(rf, x0, 0.3, 7, 48, Progress.NONE);
        double max = 0;
        for (int i = 0; i < k3.u().data.length; i++) max = Math.max(max, Math.abs(k3.u().data[i] - k7.u().data[i]));
        assertTrue(max < 1e-4, "kmax 3 vs 7: " + max);
    }

    @Test
    void fastCurvesEqualDirectEvaluationAndIntegratedFlow() {
        RandomFeatures rf = RandomFeatures.draw(60, 8, Activation.TANH, new Rng(7));
        DMatrixRMaj x0 = data(10, 8, 8);
        double t = 0.2;
        FeatureMoments mom = FeatureMoments.exact(rf, x0, t, 5, 48, Progress.NONE);
        Observable loss = Observable.dsmLoss("train", mom, t);
        GradientFlow flow = new GradientFlow(mom.u(), mom.v(), t);
        double[] taus = {0, 0.01, 0.3, 2, 50, 1e4};
        double[] fast = flow.curves(List.of(loss), taus, Progress.NONE)[0];
        for (int j = 0; j < taus.length; j++)
            assertEquals(loss.value(flow.readoutAt(taus[j])), fast[j], 1e-10, "tau " + taus[j]);
        assertEquals(1.0, fast[0], 1e-15);
        // Explicit Euler integration of Ȧ = −(AU + √(p/Δ)Vᵀ) to τ = 0.3.
        int p = 60, d = 8;
        double delta = -Math.expm1(-2 * t);
        DMatrixRMaj a = new DMatrixRMaj(d, p), vt = new DMatrixRMaj(d, p), au = new DMatrixRMaj(d, p);
        CommonOps_DDRM.transpose(mom.v(), vt);
        CommonOps_DDRM.scale(Math.sqrt(p / delta), vt);
        int steps = 30000;
        double dt = 0.3 / steps;
        for (int s = 0; s < steps; s++) {
            CommonOps_DDRM.mult(a, mom.u(), au);
            CommonOps_DDRM.addEquals(au, vt);
            CommonOps_DDRM.addEquals(a, -dt, au);
        }
        DMatrixRMaj exact = flow.readoutAt(0.3);
        for (int i = 0; i < a.data.length; i++)
            assertEquals(exact.data[i], a.data[i], 2e-3 * (1 + Math.abs(exact.data[i])));
        // The loss decreases monotonically under gradient flow and tends to the optimum.
        for (int j = 1; j < taus.length; j++) assertTrue(fast[j] <= fast[j - 1] + 1e-12);
        assertEquals(loss.value(flow.optimum(0)), fast[taus.length - 1], 1e-3);
    }

    @Test
    void descentCurvesMatchExplicitGradientSteps() {
        RandomFeatures rf = RandomFeatures.draw(20, 6, Activation.RELU, new Rng(9));
        DMatrixRMaj x0 = data(5, 6, 10);
        double t = 0.5;
        FeatureMoments mom = FeatureMoments.exact(rf, x0, t);
        GradientFlow flow = new GradientFlow(mom.u(), mom.v(), t);
        double step = 0.5 * flow.maxStableStep();
        DMatrixRMaj viaFactors = flow.readout(flow.descentFactors(step, 37));
        int p = 20, d = 6;
        double delta = -Math.expm1(-2 * t);
        DMatrixRMaj a = new DMatrixRMaj(d, p), vt = new DMatrixRMaj(d, p), au = new DMatrixRMaj(d, p);
        CommonOps_DDRM.transpose(mom.v(), vt);
        CommonOps_DDRM.scale(Math.sqrt(p / delta), vt);
        for (int s = 0; s < 37; s++) {
            CommonOps_DDRM.mult(a, mom.u(), au);
            CommonOps_DDRM.addEquals(au, vt);
            CommonOps_DDRM.addEquals(a, -step, au);
        }
        for (int i = 0; i < a.data.length; i++)
            assertEquals(a.data[i], viaFactors.data[i], 1e-9 * (1 + Math.abs(a.data[i])));
        Observable loss = Observable.dsmLoss("train", mom, t);
        double[] curve = flow.descentCurves(List.of(loss), step, new long[] {0, 5, 37}, Progress.NONE)[0];
        assertEquals(loss.value(viaFactors), curve[2], 1e-10);
        assertEquals(1.0, curve[0], 1e-15);
        NumericalException ex =
                assertThrows(NumericalException.class, () -> flow.descentFactors(2.5 * flow.maxStableStep() / 2, 10));
        assertEquals("eta", ex.parameter());
    }

    @Test
    void monteCarloWithFewDrawsIsSingularButTheFlowStaysFinite() {
        RandomFeatures rf = RandomFeatures.draw(50, 8, Activation.TANH, new Rng(11));
        DMatrixRMaj x0 = data(4, 8, 12);
        FeatureMoments mc = FeatureMoments.monteCarlo(rf, x0, 0.1, 3, new Rng(13), Progress.NONE);
        GradientFlow flow = new GradientFlow(mc.u(), mc.v(), 0.1);
        double[] c = flow.curves(
                        List.of(Observable.dsmLoss("train", mc, 0.1)), new double[] {1, 1e3, 1e6}, Progress.NONE)[0];
        for (double v : c) assertTrue(Double.isFinite(v) && v >= -1e-9, "loss " + v);
    }

    @Test
    void badInputIsRejectedWithTheParameterName() {
        assertEquals(
                "p",
                assertThrows(ParameterException.class, () -> RandomFeatures.draw(0, 3, Activation.TANH, new Rng(1)))
                        .parameter());
        assertEquals(
                "nodes",
                assertThrows(ParameterException.class, () -> GaussHermite.of(0)).parameter());
        RandomFeatures rf = RandomFeatures.draw(5, 3, Activation.TANH, new Rng(1));
        assertEquals(
                "x",
                assertThrows(ParameterException.class, () -> rf.features(new DMatrixRMaj(2, 4)))
                        .parameter());
        assertEquals(
                "t",
                assertThrows(ParameterException.class, () -> FeatureMoments.exact(rf, new DMatrixRMaj(2, 3), -1))
                        .parameter());
        assertEquals(
                "activation",
                assertThrows(ParameterException.class, () -> Activation.parse("gelu"))
                        .parameter());
    }
}
