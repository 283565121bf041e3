package org.diffdyn.core.random;

import java.util.SplittableRandom;

/**
 * Seeded randomness for every simulation: a {@link SplittableRandom} plus Gaussian draws computed with
 * {@link StrictMath}, so the same seed gives bit-identical numbers on every JDK (the JDK's own
 * {@code nextGaussian} algorithm is not specified across versions).
 */
public final class Rng {
    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private Rng(SplittableRandom random) {
        this.random = random;
    }

    /** An independent stream for a sub-task (e.g. one data draw of several), reproducible from the parent seed. */
    public Rng split() {
        return new Rng(random.split());
    }

    public double uniform() {
        return random.nextDouble();
    }

    public int uniformInt(int bound) {
        return random.nextInt(bound);
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = uniformInt(i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    /** Standard normal by the Marsaglia polar method. */
    public double gaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u, v, s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spare = v * m;
        hasSpare = true;
        return u * m;
    }

    /** Fills {@code out} with independent standard normals and returns it. */
    public double[] gaussians(double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = gaussian();
        return out;
    }

    /** A rows x cols row-major matrix of independent standard normals. */
    public double[] gaussianMatrix(int rows, int cols) {
        return gaussians(new double[rows * cols]);
    }
}
