package org.diffdyn.nets;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.diffdyn.core.progress.Progress;
import org.junit.jupiter.api.Test;

/**
 * Native memory is scoped: re-running a small training (build, 10 steps with a checkpoint callback that samples, close)
 * 20 times does not grow the process's resident memory (VmRSS) by more than 100 MB: the lowest reading over the last
 * five of the 20 runs against the lowest over runs 4–6 of a warm-up.
 * Why that bound: one step of this network (d = 256, width 256, batch 128) allocates ≈ 30 native tensors of ≈ 128 kB
 * (≈ 4 MB: activations, their gradients, the batch and noise), so the 200 steps of the 20 runs would leak ≥ 400 MB if a
 * step's tensors survived, and ≥ 200 MB if only a quarter did; without a leak VmRSS still moves by a few tens of MB
 * (glibc arenas, JIT, heap; measured ±50 MB over 60 runs with no trend, hence floors). The exact check beside it: after training and
 * sampling, the network's manager holds exactly its parameters and the two Adam moments per trainable parameter.
 */
class MemoryTest {
    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    static DiffusionNet net() {
        return DiffusionNet.of(
                DiffusionNet.Kind.MLP, new MlpUNet(256, 3, 256, 32), new int[] {256}, 0.5, Torch.Device.CPU, 3);
    }

    static void run(float[] data) {
        try (DiffusionNet net = net()) {
            Training.train(
                    net,
                    Objectives.edm(),
                    data,
                    256,
                    Training.Config.of(10, 128, 1e-3, 1).withCheckpoints(2),
                    Progress.NONE,
                    (s, l) -> net.sample(
                            32,
                            org.diffdyn.core.sampling.EdmHeunSampler.karras(
                                    org.diffdyn.core.schedule.EdmSchedule.standard(), 3, 7),
                            1,
                            Progress.NONE));
        }
    }

    @Test
    void twentyTrainingRunsDoNotGrowResidentMemory() throws Exception {
        Torch.threads(1);
        float[] data = NetsTest.gaussianData(256, 256, 2);
        // System.gc() before each reading: garbage Java arrays (batch buffers, sample matrices) would otherwise grow
        // the
        // heap and VmRSS without any native leak. Floors, not single readings: glibc's arenas make VmRSS jump up and
        // down by tens of MB between runs (measured:
        // 262–318 MB over 60 runs with no trend), while a leak raises the lowest reading as well.
        long base = Long.MAX_VALUE, floor = Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            run(data);
            System.gc();
            if (i >= 3) base = Math.min(base, rssKb());
        }
        for (int i = 0; i < 20; i++) {
            run(data);
            System.gc();
            if (i >= 15) floor = Math.min(floor, rssKb());
        }
        long grown = floor - base;
        System.out.println("MemoryTest: warm-up floor " + base + " kB, floor after 20 runs " + floor + " kB");
        assertTrue(
                grown < 100_000,
                "the lowest resident memory of the last 5 of 20 runs exceeds that of the warm-up by " + grown + " kB");
        try (DiffusionNet net = net()) {
            long live = net.manager().getManagedArrays().size();
            Training.train(net, Objectives.edm(), data, 256, Training.Config.of(10, 128, 1e-3, 1), Progress.NONE, null);
            net.sample(
                    16,
                    org.diffdyn.core.sampling.EdmHeunSampler.karras(
                            org.diffdyn.core.schedule.EdmSchedule.standard(), 3, 7),
                    1,
                    Progress.NONE);
            long after = net.manager().getManagedArrays().size();
            // Parameters stay; Adam adds two moments per trainable parameter; nothing else survives the steps.
            assertEquals(live + 2L * net.trainable().size(), after, "arrays live in the network's manager");
        }
    }
}
