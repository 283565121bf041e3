package org.diffdyn.core.spectra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.diffdyn.core.progress.CancelledException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.junit.jupiter.api.Test;

class CovarianceSampleTest {
    private static final double[] LAMBDAS = {4, 1, 0.25};

    @Test
    void theCancellableDrawIsTheSameDrawAsBefore() {
        // the reference: one Gaussian matrix, each column scaled by sqrt(lambda_k)
        double[] z = new Rng(7).gaussianMatrix(1000, 3);
        for (int i = 0; i < z.length; i++) z[i] *= Math.sqrt(LAMBDAS[i % 3]);
        Covariance c = Covariance.diagonal(Spectrum.of(LAMBDAS));
        assertArrayEquals(z, c.sample(1000, new Rng(7)).data, 0.0);
        assertArrayEquals(z, c.sample(1000, new Rng(7), Progress.NONE).data, 0.0);
    }

    @Test
    void aLargeDrawStopsAtTheNextCancellationPoint() {
        AtomicInteger checks = new AtomicInteger();
        Progress cancelAtThird = new Progress() {
            @Override
            public void start(String task, long total) {}

            @Override
            public void advance(long done) {}

            @Override
            public void finish() {}

            @Override
            public void checkCancelled() {
                if (checks.incrementAndGet() == 3) throw new CancelledException();
            }
        };
        Covariance c = Covariance.diagonal(Spectrum.of(LAMBDAS));
        // 3e6 draws: 46 cancellation points; the draw stops at the third, after 2 * 65,536 draws
        assertThrows(CancelledException.class, () -> c.sample(1_000_000, new Rng(1), cancelAtThird));
        assertTrue(checks.get() == 3, "checks: " + checks.get());
    }
}
