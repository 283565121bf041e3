package org.diffdyn.core.numeric;

import java.util.TreeSet;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;

/**
 * The one home of log-spaced grids (training times, variances, noise levels): by log10 exponents
 * ({@link #logspace}, numpy's {@code logspace}), by end values ({@link #geometric}), by points per decade
 * ({@link #perDecade}), log-spaced integer step counts ({@link #logSpacedSteps}); and evenly spread indices
 * ({@link #evenIndices}).
 */
public final class Grids {
    private Grids() {}

    /** 10^from … 10^to, n points (numpy logspace; one point 10^from when n = 1). */
    public static double[] logspace(double log10From, double log10To, int n) {
        Check.positive("n", n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++)
            out[i] = Math.pow(10, n == 1 ? log10From : log10From + (log10To - log10From) * i / (n - 1));
        return out;
    }

    /**
     * n points log-spaced from lo to hi inclusive, lo·(hi/lo)^(i/(n−1)), with both ends exact (so grids share their end
     * points with the values they were built from); 0 &lt; lo ≤ hi, one point lo when n = 1. E.g. paper B's
     * geometric(1e-1, 1e6, 71).
     */
    public static double[] geometric(double lo, double hi, int n) {
        Check.positive("lo", lo);
        Check.positive("hi", hi);
        Check.inRange("n", n, 1, 10_000_000);
        if (!(hi >= lo)) throw new ParameterException("hi", hi, "a number >= lo = " + lo);
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = lo * Math.pow(hi / lo, n == 1 ? 0 : (double) i / (n - 1));
        if (n > 1) g[n - 1] = hi;
        return g;
    }

    /**
     * from, from·10^(1/k), … with k = perDecade points per decade, the last point set to {@code to} (about
     * log10(to/from)·k + 1 points).
     */
    public static double[] perDecade(double from, double to, int perDecade) {
        Check.positive("tauMin", from);
        if (!(to > from)) throw new ParameterException("tauMax", to, "a time > tauMin = " + from);
        Check.positive("pointsPerDecade", perDecade);
        int n = (int) Math.round(Math.log10(to / from) * perDecade) + 1;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = from * Math.pow(10, (double) i / perDecade);
        g[n - 1] = to;
        return g;
    }

    /**
     * {@code count} indices spread evenly over 0 … length − 1, both ends included: round(i (length − 1)/(count − 1))
     * (numpy's linspace, rounded; the single index 0 when count = 1, none when 0). E.g. the modes a table lists out of many.
     */
    public static int[] evenIndices(int length, int count) {
        Check.positive("length", length);
        Check.inRange("count", count, 0, length);
        int[] out = new int[count];
        for (int i = 0; i < count; i++)
            out[i] = count == 1 ? 0 : (int) Math.round((double) i * (length - 1) / (count - 1));
        return out;
    }

    /** 0 followed by about n − 1 distinct log-spaced step counts up to {@code steps}, ascending. */
    public static long[] logSpacedSteps(long steps, int n) {
        TreeSet<Long> set = new TreeSet<>();
        set.add(0L);
        for (int i = 0; i < n - 1; i++) set.add(Math.round(Math.pow(steps, (double) i / Math.max(1, n - 2))));
        set.add(steps);
        return set.stream().mapToLong(Long::longValue).toArray();
    }
}
