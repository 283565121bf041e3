package org.diffdyn.core.nn;

import org.diffdyn.core.Check;
import org.diffdyn.core.NumericalException;

/**
 * The Adam optimiser (Kingma &amp; Ba 2015) with bias-corrected first and second moments, updating a flat parameter
 * vector in place. The paper-D score network is trained with Adam (QUOTED: learning rate 1e-4 in the authors' code).
 */
public final class Adam {
    private final double rate, beta1, beta2, eps;
    private final double[] m, v;
    private long step;

    public Adam(int size, double rate) {
        this(size, rate, 0.9, 0.999, 1e-8);
    }

    public Adam(int size, double rate, double beta1, double beta2, double eps) {
        Check.positive("parameter count", size);
        Check.positive("learning rate", rate);
        Check.inRange("beta1", beta1, 0, 1);
        Check.inRange("beta2", beta2, 0, 1);
        this.rate = rate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        m = new double[size];
        v = new double[size];
    }

    /** One update θ ← θ − η m̂/(√v̂ + ε). Fails with the step number if the gradient is not finite (a diverging run). */
    public void step(double[] params, double[] grad) {
        step++;
        double c1 = 1 / (1 - Math.pow(beta1, step)), c2 = 1 / (1 - Math.pow(beta2, step));
        for (int i = 0; i < params.length; i++) {
            double g = grad[i];
            if (!Double.isFinite(g))
                throw new NumericalException("learning rate", "the gradient is " + g + " at Adam step " + step + " (learning rate " + rate
                        + "): lower the learning rate");
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            params[i] -= rate * (m[i] * c1) / (Math.sqrt(v[i] * c2) + eps);
        }
    }

    public long steps() { return step; }
}
