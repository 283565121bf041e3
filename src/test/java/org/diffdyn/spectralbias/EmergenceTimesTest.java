package org.diffdyn.spectralbias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.spectralbias.EmergenceTimes.Direction;
import org.diffdyn.spectralbias.EmergenceTimes.Emergence;
import org.diffdyn.spectralbias.EmergenceTimes.Threshold;
import org.junit.jupiter.api.Test;

/** The emergence-time table of linear-diffusion.md §2.3 (slopes with their tolerances) and the absolute times. */
class EmergenceTimesTest {
    static final double S0 = 0.002, ST = 80;
    static final double[] LAMBDAS = Grids.logspace(-3, 2, 20);
    static final double[] TAUS = Grids.logspace(-4, 3, 1000);

    /** Slopes {increase, decrease} by the authors' smoothed procedure (NaN when a branch has < 2 modes). */
    static double[] codeSlopes(boolean twoLayer, double q, Threshold thr) {
        double[][] log = twoLayer
                ? TwoLayerDynamics.generatedLog(LAMBDAS, q, 1, TAUS, S0, ST)
                : GeneratedVariance.oneLayerLog(LAMBDAS, q, 1, TAUS, S0, ST);
        return slopes(q, thr, k -> {
            double[] traj = new double[TAUS.length];
            for (int j = 0; j < TAUS.length; j++) traj[j] = Math.exp(log[j][k]);
            return EmergenceTimes.smoothedFirstCrossing(TAUS, traj, LAMBDAS[k], thr, 2);
        });
    }

    static double[] exactSlopes(boolean twoLayer, double q, Threshold thr) {
        return slopes(
                q,
                thr,
                k -> twoLayer
                        ? EmergenceTimes.twoLayer(LAMBDAS[k], q, 1, thr, S0, ST)
                        : EmergenceTimes.oneLayer(LAMBDAS[k], q, 1, thr, S0, ST));
    }

    static double[] slopes(double q, Threshold thr, java.util.function.IntFunction<Emergence> f) {
        List<Double> li = new ArrayList<>(), ti = new ArrayList<>(), ld = new ArrayList<>(), td = new ArrayList<>();
        for (int k = 0; k < LAMBDAS.length; k++) {
            Emergence e = f.apply(k);
            if (!e.found()) continue;
            (e.direction() == Direction.INCREASE ? li : ld).add(LAMBDAS[k]);
            (e.direction() == Direction.INCREASE ? ti : td).add(e.tau());
        }
        return new double[] {slope(li, ti), slope(ld, td)};
    }

    static double slope(List<Double> l, List<Double> t) {
        if (l.size() < 2) return Double.NaN;
        return EmergenceTimes.fit(
                        l.stream().mapToDouble(Double::doubleValue).toArray(),
                        t.stream().mapToDouble(Double::doubleValue).toArray())
                .slope();
    }

    @Test
    void oneLayerGeometricQ01() {
        assertEquals(-1.02, codeSlopes(false, 0.1, Threshold.GEOMETRIC)[0], 0.05);
        assertEquals(-1.02, exactSlopes(false, 0.1, Threshold.GEOMETRIC)[0], 0.05);
        assertEquals(-1.019, exactSlopes(false, 0.1, Threshold.GEOMETRIC)[0], 0.002, "spec 'Exact' column");
        assertEquals(-1.016, codeSlopes(false, 0.1, Threshold.GEOMETRIC)[0], 0.002, "spec code-procedure column");
    }

    @Test
    void oneLayerHarmonicQ01() {
        assertEquals(-1.17, codeSlopes(false, 0.1, Threshold.HARMONIC)[0], 0.05);
        assertEquals(-1.183, exactSlopes(false, 0.1, Threshold.HARMONIC)[0], 0.002);
        assertEquals(-1.168, codeSlopes(false, 0.1, Threshold.HARMONIC)[0], 0.002);
    }

    @Test
    void twoLayerQ01() {
        assertEquals(-1.01, codeSlopes(true, 0.1, Threshold.GEOMETRIC)[0], 0.05);
        assertEquals(-1.012, exactSlopes(true, 0.1, Threshold.GEOMETRIC)[0], 0.002);
        assertEquals(-1.13, codeSlopes(true, 0.1, Threshold.HARMONIC)[0], 0.05);
        assertEquals(-1.133, exactSlopes(true, 0.1, Threshold.HARMONIC)[0], 0.002);
    }

    @Test
    void oneLayerQ1DecreaseBranch() {
        double[] h = codeSlopes(false, 1, Threshold.HARMONIC), g = codeSlopes(false, 1, Threshold.GEOMETRIC);
        assertTrue(Double.isNaN(h[0]), "Q=1 starts at sigma_T^2 = 6400 above every target: no increasing mode");
        assertEquals(-1.00, h[1], 0.03);
        assertEquals(-1.000, exactSlopes(false, 1, Threshold.HARMONIC)[1], 0.003);
        assertEquals(-0.50, g[1], 0.05);
        assertEquals(-0.496, exactSlopes(false, 1, Threshold.GEOMETRIC)[1], 0.003);
    }

    @Test
    void oneLayerQ05TwoBranches() {
        double[] s = codeSlopes(false, 0.5, Threshold.GEOMETRIC);
        for (double b : s) assertTrue(Math.abs(b) >= 0.8 && Math.abs(b) <= 1.4, "branch slope " + b);
        assertEquals(-1.19, s[0], 0.05);
        assertEquals(-1.01, s[1], 0.05);
    }

    @Test
    void absoluteTimes() {
        double[] lambdas = {0.01, 0.1, 1, 10};
        double[] one = {37.7, 3.56, 0.343, 0.0335}, two = {32.0, 3.09, 0.302, 0.0298};
        for (int i = 0; i < 4; i++) {
            double t1 = EmergenceTimes.oneLayer(lambdas[i], 0.1, 1, Threshold.GEOMETRIC, S0, ST)
                    .tau();
            double t2 = EmergenceTimes.twoLayer(lambdas[i], 0.1, 1, Threshold.GEOMETRIC, S0, ST)
                    .tau();
            assertEquals(one[i], t1, 0.005 * one[i] + 1e-4, "one-layer tau* at lambda=" + lambdas[i]);
            assertEquals(two[i], t2, 0.005 * two[i] + 1e-4, "two-layer tau* at lambda=" + lambdas[i]);
            // the crossing really is at the threshold
            double thr = Math.sqrt(Math.exp(GeneratedVariance.initialLog(0.1, S0, ST)) * lambdas[i]);
            assertEquals(Math.log(thr), GeneratedVariance.oneLayerLog(lambdas[i], 0.1, 1, t1, S0, ST), 1e-9);
        }
        // eta only rescales time
        assertEquals(
                EmergenceTimes.oneLayer(1, 0.1, 1, Threshold.GEOMETRIC, S0, ST).tau() / 4,
                EmergenceTimes.oneLayer(1, 0.1, 4, Threshold.GEOMETRIC, S0, ST).tau(),
                1e-9);
    }

    @Test
    void twoLayerWeightEmergence() {
        assertEquals(0.08664, TwoLayerDynamics.weightEmergenceTime(1, 1), 5e-6);
        for (double lambda : new double[] {0.01, 1, 10})
            for (double sigma : new double[] {0.01, 1, 30}) {
                double t = TwoLayerDynamics.weightEmergenceTime(lambda, 1);
                double star = lambda / (lambda + sigma * sigma);
                double harmonic = 2 * 0.1 * star / (0.1 + star);
                assertEquals(
                        harmonic,
                        TwoLayerDynamics.weight(lambda, sigma, 0.1, 1, t),
                        1e-12 * harmonic + 1e-15,
                        "two-layer weight at ln2/(8 eta lambda) is the harmonic mean, any sigma");
            }
    }

    @Test
    void fitRecoversAKnownPowerLaw() {
        double[] l = {0.01, 0.1, 1, 10}, t = new double[4];
        for (int i = 0; i < 4; i++) t[i] = 0.3 * Math.pow(l[i], -1.2);
        EmergenceTimes.PowerLawFit f = EmergenceTimes.fit(l, t);
        assertEquals(-1.2, f.slope(), 1e-12);
        assertEquals(Math.log(0.3), f.intercept(), 1e-12);
        assertEquals(1, f.rSquared(), 1e-12);
    }

    @Test
    void gaussianFilterMatchesScipyReflect() {
        // scipy.ndimage.gaussian_filter1d([0,0,0,0,1,0,0,0,0,0], 1.0): the normalised kernel, radius 4
        double[] x = new double[10];
        x[4] = 1;
        double[] y = EmergenceTimes.gaussianFilter(x, 1.0);
        double norm = 0;
        for (int i = -4; i <= 4; i++) norm += Math.exp(-0.5 * i * i);
        assertEquals(1 / norm, y[4], 1e-15);
        assertEquals(Math.exp(-0.5) / norm, y[3], 1e-15);
        // reflection at the boundary: a constant stays constant, a spike at 0 reflects onto itself
        double[] c = EmergenceTimes.gaussianFilter(new double[] {2, 2, 2}, 2);
        for (double v : c) assertEquals(2, v, 1e-14);
        assertEquals(0, EmergenceTimes.reflect(-1, 5)); // (d c b a | a b c d | d c b a)
        assertEquals(1, EmergenceTimes.reflect(-2, 5));
        assertEquals(4, EmergenceTimes.reflect(5, 5));
    }
}
