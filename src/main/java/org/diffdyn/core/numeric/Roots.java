package org.diffdyn.core.numeric;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/** Bracketed root finding (Brent, from Commons Math), reporting how well it worked. */
public final class Roots {
    private Roots() {}

    /** A root and the quality of the solve: the final bracket width and |f(root)|. */
    public record Root(double x, double residual, int evaluations) {}

    /**
     * The root of {@code f} in [lo, hi], where f(lo) and f(hi) have opposite signs (checked, with a message that says
     * which end is wrong). Absolute tolerance {@code absTol}, relative 1e-14.
     */
    public static Root brent(DoubleUnaryOperator f, double lo, double hi, double absTol) {
        double flo = f.applyAsDouble(lo), fhi = f.applyAsDouble(hi);
        if (flo == 0) return new Root(lo, 0, 2);
        if (fhi == 0) return new Root(hi, 0, 2);
        if (Math.signum(flo) == Math.signum(fhi))
            throw new ArithmeticException("root not bracketed: f(" + lo + ") = " + flo + " and f(" + hi + ") = " + fhi
                    + " have the same sign");
        BrentSolver solver = new BrentSolver(1e-14, absTol, 1e-300);
        double x = solver.solve(10_000, f::applyAsDouble, lo, hi);
        return new Root(x, Math.abs(f.applyAsDouble(x)), solver.getEvaluations());
    }

    /** Bisection in log space for a monotone f on [lo, hi] ⊂ (0, ∞): robust over many decades. */
    public static Root bisectLog(DoubleUnaryOperator f, double lo, double hi, double relTol) {
        double flo = f.applyAsDouble(lo), fhi = f.applyAsDouble(hi);
        if (Math.signum(flo) == Math.signum(fhi) && flo != 0 && fhi != 0)
            throw new ArithmeticException("root not bracketed on [" + lo + ", " + hi + "]: f = " + flo + ", " + fhi);
        double a = Math.log(lo), b = Math.log(hi);
        int n = 0;
        while (b - a > relTol && n < 400) {
            double mid = 0.5 * (a + b);
            double fm = f.applyAsDouble(Math.exp(mid));
            n++;
            if (fm == 0) {
                a = b = mid;
                break;
            }
            if (Math.signum(fm) == Math.signum(flo)) {
                a = mid;
                flo = fm;
            } else {
                b = mid;
            }
        }
        double x = Math.exp(0.5 * (a + b));
        return new Root(x, Math.abs(f.applyAsDouble(x)), n + 3);
    }
}
