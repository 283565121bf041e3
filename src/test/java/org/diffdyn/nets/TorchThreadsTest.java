package org.diffdyn.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicReference;
import org.diffdyn.core.progress.Progress;
import org.junit.jupiter.api.Test;

/**
 * Training on a thread other than the one that loaded the engine (a sweep's pool thread, a later kernel cell): PyTorch's
 * grad mode is per thread and on by default there, which made the in-place Adam update fail before {@link Torch#engine()}
 * turned it off on every thread. Both threads train the same network from the same seed and get the same loss.
 */
class TorchThreadsTest {
    static double train() {
        return train(2, 3);
    }

    static double train(long seed, int steps) {
        float[] data = NetsTest.gaussianData(64, 16, 3);
        try (DiffusionNet net = DiffusionNet.build(
                DiffusionNet.Kind.MLP, DiffusionNet.Preset.CPU, new int[] {16}, Torch.Device.CPU, seed)) {
            return Training.train(
                            net,
                            Objectives.edm(),
                            data,
                            64,
                            Training.Config.of(steps, 32, 1e-3, seed + 3),
                            Progress.NONE,
                            null)
                    .meanLoss();
        }
    }

    /**
     * Two trainings at once (a sweep's pool): each gets the loss it gets alone. Without {@link Torch#RNG_LOCK} they
     * interleave their draws from PyTorch's one generator, or fail on DJL's one-collector-per-process rule.
     */
    @Test
    void concurrentTrainingsGiveTheirSoloResults() throws Exception {
        int steps = 40;
        double[] solo = {train(11, steps), train(12, steps)};
        double[] together = new double[2];
        Throwable[] errors = new Throwable[2];
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        Thread[] ts = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int k = i;
            ts[i] = new Thread(() -> {
                try {
                    go.await();
                    together[k] = train(11 + k, steps);
                } catch (Throwable e) {
                    errors[k] = e;
                }
            });
            ts[i].start();
        }
        go.countDown();
        for (Thread t : ts) t.join();
        for (Throwable e : errors) if (e != null) throw new AssertionError("concurrent training", e);
        assertEquals(solo[0], together[0]);
        assertEquals(solo[1], together[1]);
    }

    @Test
    void trainsOnAThreadThatDidNotLoadTheEngine() throws Exception {
        double here = train(); // loads the engine on this thread unless another test did
        AtomicReference<Object> there = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                there.set(train());
            } catch (Throwable e) {
                there.set(e);
            }
        });
        t.start();
        t.join();
        if (there.get() instanceof Throwable)
            throw new AssertionError("training on a second thread", (Throwable) there.get());
        assertEquals(here, (Double) there.get());
    }
}
