package org.diffdyn.core.sampling;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.Check;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;

/**
 * Reverse-time samplers for the OU process (random-features-and-ridge.md §1.3, QUOTED): in backward time,
 * SDE dY = [Y + 2 ŝ(Y,t)] ds + √2 dB̄ and probability-flow ODE dY/ds = Y + ŝ(Y,t), integrated by Euler–Maruyama
 * (resp. Euler) on a decreasing time grid, starting from Y_T ~ N(0, I), for a batch of trajectories at once.
 */
public final class ReverseSampler {
    public enum Kind {
        SDE,
        ODE
    }

    /** The samples at the end and the snapshots taken on the way (each n × d, one trajectory per row) with their times. */
    public record Run(DMatrixRMaj samples, double[] snapshotTimes, List<DMatrixRMaj> snapshots) {}

    private ReverseSampler() {}

    /**
     * Runs {@code n} trajectories along {@code times} (descending), recording a snapshot every {@code snapshotEvery}
     * steps (0 = none) and at the end.
     */
    public static Run run(
            Kind kind,
            ScoreFunction score,
            int n,
            int d,
            double[] times,
            int snapshotEvery,
            Rng rng,
            Progress progress) {
        Check.positive("n", n);
        Check.positive("d", d);
        DMatrixRMaj y = DMatrixRMaj.wrap(n, d, rng.gaussianMatrix(n, d));
        return runFrom(kind, score, y, times, snapshotEvery, rng, progress);
    }

    /** As {@link #run} but from given starting points (the rows of {@code start}, copied). */
    public static Run runFrom(
            Kind kind,
            ScoreFunction score,
            DMatrixRMaj start,
            double[] times,
            int snapshotEvery,
            Rng rng,
            Progress progress) {
        int n = start.numRows, d = start.numCols;
        Check.positive("n", n);
        Check.positive("d", d);
        for (int i = 1; i < times.length; i++)
            if (!(times[i] < times[i - 1]))
                throw new IllegalArgumentException("time grid must decrease: t[" + i + "] = " + times[i]);
        DMatrixRMaj ym = start.copy(), sm = new DMatrixRMaj(n, d);
        double[] y = ym.data, s = sm.data;
        List<DMatrixRMaj> snaps = new ArrayList<>();
        List<Double> snapTimes = new ArrayList<>();
        int steps = times.length - 1;
        progress.start(kind + " sampler (" + n + " trajectories)", steps);
        for (int i = 0; i < steps; i++) {
            double t = times[i], delta = t - times[i + 1];
            score.scores(ym, t, sm);
            if (kind == Kind.SDE) {
                double noise = Math.sqrt(2 * delta);
                for (int j = 0; j < n * d; j++) y[j] += delta * (y[j] + 2 * s[j]) + noise * rng.gaussian();
            } else {
                for (int j = 0; j < n * d; j++) y[j] += delta * (y[j] + s[j]);
            }
            if (snapshotEvery > 0 && (i + 1) % snapshotEvery == 0 && i + 1 < steps) {
                snaps.add(ym.copy());
                snapTimes.add(times[i + 1]);
            }
            progress.advance(i + 1);
        }
        snaps.add(ym.copy());
        snapTimes.add(times[steps]);
        progress.finish();
        return new Run(ym, snapTimes.stream().mapToDouble(Double::doubleValue).toArray(), snaps);
    }
}
