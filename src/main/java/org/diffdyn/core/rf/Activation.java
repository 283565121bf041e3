package org.diffdyn.core.rf;

import org.diffdyn.core.Check;
import org.diffdyn.core.numeric.GaussHermite;

/**
 * The activation σ of the random-features score model s_A(x) = A σ(Wx/√d)/√p (random-features-and-ridge.md §1.4):
 * tanh (Bonnaire's code, QUOTED) or ReLU. Besides the pointwise value, each activation supplies the Gaussian
 * expectations E σ^{(k)}(c + sZ) of its derivatives that the Mehler expansion of the noise-averaged feature
 * covariance needs (§5.2(b), DERIVED): by Gauss–Hermite quadrature for tanh, whose derivatives are polynomials in
 * tanh, and in closed form for ReLU, whose derivatives beyond the first are the Dirac δ and its derivatives.
 */
public enum Activation {
    TANH {
        @Override
        public double value(double x) {
            return Math.tanh(x);
        }

        @Override
        public double derivative(double x) {
            double t = Math.tanh(x);
            return 1 - t * t;
        }

        @Override
        public double derivative(double x, int k) {
            Check.inRange("k", k, 0, MAX_ORDER);
            return horner(TANH_POLY[k], Math.tanh(x));
        }

        @Override
        public void gaussianExpectations(double c, double s, int kmax, GaussHermite rule, double[] out) {
            Check.inRange("kmax", kmax, 0, MAX_ORDER);
            for (int k = 0; k <= kmax + 1; k++) out[k] = 0;
            int n = rule.size();
            for (int q = 0; q < n; q++) {
                double t = Math.tanh(c + s * rule.node(q));
                double w = rule.weight(q);
                for (int k = 0; k <= kmax; k++) out[k] += w * horner(TANH_POLY[k], t);
                out[kmax + 1] += w * t * t;
            }
        }
    },
    RELU {
        @Override
        public double value(double x) {
            return x > 0 ? x : 0;
        }

        @Override
        public double derivative(double x) {
            return x > 0 ? 1 : 0;
        }

        @Override
        public double derivative(double x, int k) {
            Check.inRange("k", k, 0, 1);
            return k == 0 ? value(x) : derivative(x);
        }

        @Override
        public void gaussianExpectations(double c, double s, int kmax, GaussHermite rule, double[] out) {
            Check.inRange("kmax", kmax, 0, MAX_ORDER);
            if (s == 0) {
                out[0] = value(c);
                if (kmax >= 1) out[1] = derivative(c);
                for (int k = 2; k <= kmax; k++) out[k] = 0;
                out[kmax + 1] = out[0] * out[0];
                return;
            }
            double u = c / s;
            double phi = Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
            double cdf = org.diffdyn.core.special.Special.normalCdf(u);
            out[0] = c * cdf + s * phi;
            if (kmax >= 1) out[1] = cdf;
            // E δ^{(j)}(c + sZ) = He_j(−c/s) φ(c/s) / s^{j+1} (integration by parts), j = k − 2.
            double x = -u, heJm2 = 0, heJm1 = 0, sPow = s;
            for (int k = 2; k <= kmax; k++) {
                int j = k - 2;
                double he = j == 0 ? 1 : (j == 1 ? x : x * heJm1 - (j - 1) * heJm2);
                heJm2 = heJm1;
                heJm1 = he;
                out[k] = he * phi / sPow;
                sPow *= s;
            }
            out[kmax + 1] = (c * c + s * s) * cdf + c * s * phi;
        }
    };

    /** Highest derivative order available for the Mehler expansion. */
    public static final int MAX_ORDER = 8;

    /** σ(x). */
    public abstract double value(double x);

    /** σ'(x) (for ReLU the step function). */
    public abstract double derivative(double x);

    /** σ^{(k)}(x) pointwise where it is a function (tanh: k ≤ 8; ReLU: k ≤ 1). */
    public abstract double derivative(double x, int k);

    /**
     * Writes E σ^{(k)}(c + sZ) for k = 0..kmax into out[0..kmax] and E σ(c + sZ)² into out[kmax + 1]
     * (out needs kmax + 2 entries). {@code rule} is used only where no closed form exists.
     */
    public abstract void gaussianExpectations(double c, double s, int kmax, GaussHermite rule, double[] out);

    /** E σ(c + sZ). */
    public double mean(double c, double s, GaussHermite rule) {
        double[] out = new double[2];
        gaussianExpectations(c, s, 0, rule, out);
        return out[0];
    }

    /** E σ'(c + sZ). */
    public double meanSlope(double c, double s, GaussHermite rule) {
        double[] out = new double[3];
        gaussianExpectations(c, s, 1, rule, out);
        return out[1];
    }

    /** E σ(c + sZ)². */
    public double secondMoment(double c, double s, GaussHermite rule) {
        double[] out = new double[2];
        gaussianExpectations(c, s, 0, rule, out);
        return out[1];
    }

    /** Parses "tanh" or "relu" (case-insensitive). */
    public static Activation parse(String name) {
        for (Activation a : values()) if (a.name().equalsIgnoreCase(name.trim())) return a;
        throw new org.diffdyn.core.ParameterException("activation", name, "tanh or relu");
    }

    // Coefficients (ascending powers of T = tanh x) of d^k/dx^k tanh x = P_k(T), from P_{k+1} = P_k'(T)(1 − T²).
    private static final double[][] TANH_POLY = tanhPolynomials(MAX_ORDER);

    private static double[][] tanhPolynomials(int kmax) {
        double[][] p = new double[kmax + 1][];
        p[0] = new double[] {0, 1};
        for (int k = 1; k <= kmax; k++) {
            double[] prev = p[k - 1];
            double[] der = new double[Math.max(1, prev.length - 1)];
            for (int i = 1; i < prev.length; i++) der[i - 1] = i * prev[i];
            double[] next = new double[der.length + 2];
            for (int i = 0; i < der.length; i++) {
                next[i] += der[i];
                next[i + 2] -= der[i];
            }
            p[k] = next;
        }
        return p;
    }

    private static double horner(double[] coef, double x) {
        double s = 0;
        for (int i = coef.length - 1; i >= 0; i--) s = s * x + coef[i];
        return s;
    }
}
