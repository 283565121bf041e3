package org.diffdyn.core.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.random.Rng;
import org.junit.jupiter.api.Test;

class MlpTest {

    /** L = ½ Σ (f(x) − y)², whose output gradient is f(x) − y. */
    private static double loss(Mlp net, double[] x, double[] y, int batch) {
        double[] out = net.predict(x, batch);
        double s = 0;
        for (int i = 0; i < out.length; i++) s += 0.5 * (out[i] - y[i]) * (out[i] - y[i]);
        return s;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = org.diffdyn.core.rf.Activation.class, names = {"RELU", "TANH"})
    void backpropagationMatchesCentralDifferences(org.diffdyn.core.rf.Activation activation) {
        Rng rng = new Rng(3);
        Mlp net = new Mlp(new int[] {5, 7, 6, 3}, activation, rng);
        int batch = 4;
        double[] x = rng.gaussianMatrix(batch, 5), y = rng.gaussianMatrix(batch, 3);
        Mlp.Pass pass = net.forward(x, batch);
        double[] dOut = pass.output().clone();
        for (int i = 0; i < dOut.length; i++) dOut[i] -= y[i];
        double[] grad = new double[net.parameterCount()];
        net.backward(pass, dOut, grad);
        double[] theta = net.parameters();
        double worst = 0;
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i], e = 1e-6;
            theta[i] = keep + e;
            double up = loss(net, x, y, batch);
            theta[i] = keep - e;
            double down = loss(net, x, y, batch);
            theta[i] = keep;
            double fd = (up - down) / (2 * e);
            worst = Math.max(worst, Math.abs(fd - grad[i]) / Math.max(1e-3, Math.abs(fd)));
        }
        assertTrue(worst < 1e-5, "worst relative gradient error " + worst);
    }

    @Test
    void gradientsAccumulateAcrossCalls() {
        Rng rng = new Rng(4);
        Mlp net = new Mlp(new int[] {3, 4, 2}, rng);
        double[] x = rng.gaussianMatrix(2, 3);
        double[] once = new double[net.parameterCount()], twice = new double[net.parameterCount()];
        net.backward(net.forward(x, 2), new double[] {1, -1, 0.5, 2}, once);
        net.backward(net.forward(x, 2), new double[] {1, -1, 0.5, 2}, twice);
        net.backward(net.forward(x, 2), new double[] {1, -1, 0.5, 2}, twice);
        for (int i = 0; i < once.length; i++) assertEquals(2 * once[i], twice[i], 1e-12);
    }

    @Test
    void adamFitsALinearMapAndIsDeterministic() {
        double[] first = null;
        for (int run = 0; run < 2; run++) {
            Rng rng = new Rng(11);
            Mlp net = new Mlp(new int[] {2, 16, 1}, rng);
            Adam adam = new Adam(net.parameterCount(), 1e-2);
            int batch = 32;
            double last = 0;
            for (int step = 0; step < 1500; step++) {
                double[] x = rng.gaussianMatrix(batch, 2), y = new double[batch];
                for (int r = 0; r < batch; r++) y[r] = 0.7 * x[2 * r] - 1.3 * x[2 * r + 1] + 0.2;
                Mlp.Pass pass = net.forward(x, batch);
                double[] d = pass.output().clone();
                last = 0;
                for (int r = 0; r < batch; r++) { d[r] = (d[r] - y[r]) / batch; last += d[r] * d[r] * batch; }
                double[] g = new double[net.parameterCount()];
                net.backward(pass, d, g);
                adam.step(net.parameters(), g);
            }
            assertTrue(last < 5e-3, "mean squared error after training " + last);
            if (first == null) first = net.parameters().clone();
            else assertArrayEquals(first, net.parameters(), 0.0, "same seed, same weights");
        }
    }

    @Test
    void badInputNamesTheParameter() {
        ParameterException e = assertThrows(ParameterException.class, () -> new Mlp(new int[] {3, 0, 2}, new Rng(1)));
        assertTrue(e.getMessage().contains("layer width"), e.getMessage());
        assertThrows(ParameterException.class, () -> new Mlp(new int[] {3}, new Rng(1)));
        assertThrows(ParameterException.class, () -> new Adam(10, -1e-3));
        Adam adam = new Adam(2, 1e-3);
        NumericalException n = assertThrows(NumericalException.class, () -> adam.step(new double[2], new double[] {1, Double.NaN}));
        assertTrue(n.getMessage().contains("learning rate"), n.getMessage());
    }
}
