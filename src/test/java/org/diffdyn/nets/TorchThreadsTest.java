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
        float[] data = NetsTest.gaussianData(64, 16, 3);
        try (DiffusionNet net = DiffusionNet.build(
                DiffusionNet.Kind.MLP, DiffusionNet.Preset.CPU, new int[] {16}, Torch.Device.CPU, 2)) {
            return Training.train(
                            net, Objectives.edm(), data, 64, Training.Config.of(3, 32, 1e-3, 5), Progress.NONE, null)
                    .meanLoss();
        }
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
