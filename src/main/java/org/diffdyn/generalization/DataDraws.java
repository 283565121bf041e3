package org.diffdyn.generalization;

import java.util.function.LongConsumer;
import org.diffdyn.core.Check;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Spectrum;

/**
 * Simulation over drawn training sets (linear-diffusion.md §3.4: every simulated point is a mean ± sd over independent
 * data draws): {@code draws} training sets of N samples from N(0, diag λ) per (spectrum, N), each from its own stream
 * {@link #rng} of the seed — the same data for every k, c and τ (common random numbers) — a measurement on each, then
 * the mean and sample sd over the draws. After each draw, {@code afterDraw} gets the number of draws made so far
 * (progress, cancellation).
 */
public final class DataDraws {
    private final long seed;
    private final int draws;
    private final LongConsumer afterDraw;
    private long done;

    public DataDraws(long seed, int draws, LongConsumer afterDraw) {
        this.seed = seed;
        this.draws = Check.positive("draws", draws);
        this.afterDraw = afterDraw;
    }

    /** The values one measurement computes on the training set of a draw, for one cell (e.g. one ridge c). */
    public interface Measure {
        double[] of(EmpiricalModes modes, int draw, int cell);
    }

    /** What a {@link Measure} gave on every draw: {@code values[draw][cell][i]}. */
    public record Values(double[][][] values) {
        /** The values of one cell, per draw. */
        public double[][] cell(int cell) {
            double[][] out = new double[values.length][];
            for (int j = 0; j < out.length; j++) out[j] = values[j][cell];
            return out;
        }

        /** Per value i of a cell: {mean, sample sd} over the draws. */
        public double[][] meanSd(int cell) {
            double[][] out = new double[values[0][cell].length][];
            double[] v = new double[values.length];
            for (int i = 0; i < out.length; i++) {
                for (int j = 0; j < v.length; j++) v[j] = values[j][cell][i];
                out[i] = DataDraws.meanSd(v);
            }
            return out;
        }
    }

    /** Draws the training sets of N samples from the spectrum and measures every cell on each. */
    public Values measure(Spectrum spectrum, int n, int cells, Measure f) {
        double[][][] values = new double[draws][cells][];
        for (int j = 0; j < draws; j++) {
            EmpiricalModes modes = EmpiricalModes.draw(spectrum, n, rng(seed, n, j));
            for (int cell = 0; cell < cells; cell++) values[j][cell] = f.of(modes, j, cell);
            afterDraw.accept(++done);
        }
        return new Values(values);
    }

    /** An independent, order-free stream for one (N, draw) cell: the same data for every k and c (common random numbers). */
    public static Rng rng(long seed, int n, int draw) {
        long mixed = seed * 0x9E3779B97F4A7C15L + n * 0xBF58476D1CE4E5B9L + draw * 0x94D049BB133111EBL;
        return new Rng(mixed);
    }

    /** {mean, sample standard deviation (0 for one value)}. */
    public static double[] meanSd(double[] v) {
        double m = 0;
        for (double x : v) m += x;
        m /= v.length;
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return new double[] {m, v.length > 1 ? Math.sqrt(s / (v.length - 1)) : 0};
    }
}
