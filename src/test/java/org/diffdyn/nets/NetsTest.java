package org.diffdyn.nets;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.EdmHeunSampler;
import org.diffdyn.core.schedule.EdmSchedule;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network layer: shapes, one training step, determinism, save/resume, divergence, device errors. */
class NetsTest {
    @BeforeAll
    static void threads() {
        Torch.threads(1);
    }

    static float[] gaussianData(int n, int d, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) x[i * d + k] = (float) (rng.gaussian() * Math.sqrt(1.0 / (k + 1)));
        return x;
    }

    @Test
    void forwardShapes() {
        try (DiffusionNet mlp = DiffusionNet.build(
                        DiffusionNet.Kind.MLP, DiffusionNet.Preset.CPU, new int[] {1, 8, 8}, Torch.Device.CPU, 1);
                DiffusionNet cnn = DiffusionNet.build(
                        DiffusionNet.Kind.CNN, DiffusionNet.Preset.CPU, new int[] {1, 8, 8}, Torch.Device.CPU, 1);
                NDManager m = Torch.manager(Torch.Device.CPU)) {
            NDArray sigma = m.create(new float[] {0.1f, 1f, 10f});
            NDArray y = mlp.denoise(m.randomNormal(new Shape(3, 64)), sigma, false);
            assertEquals(new Shape(3, 64), y.getShape());
            NDArray z = cnn.denoise(m.randomNormal(new Shape(3, 1, 8, 8)), sigma, false);
            assertEquals(new Shape(3, 1, 8, 8), z.getShape());
            assertEquals(64, mlp.dim());
            assertTrue(cnn.parameterCount() > 10_000, "cnn parameters " + cnn.parameterCount());
        }
        // The paper-size CNN with attention at 8x8 builds and runs on 32x32 (one sample).
        try (DiffusionNet big = DiffusionNet.of(
                        DiffusionNet.Kind.CNN,
                        new ConvUNet(1, 16, 16, 8, new int[] {1, 2, 2}, 1, 8),
                        new int[] {1, 16, 16},
                        0.5,
                        Torch.Device.CPU,
                        1);
                NDManager m = Torch.manager(Torch.Device.CPU)) {
            NDArray z = big.denoise(m.randomNormal(new Shape(2, 1, 16, 16)), m.create(new float[] {0.5f, 2f}), false);
            assertEquals(new Shape(2, 1, 16, 16), z.getShape());
        }
    }

    /** The fused group norm against its definition: per sample and group, (x − mean)/√(var + 1e-5), computed in Java. */
    @Test
    void groupNormMatchesItsDefinition() {
        try (NDManager m = Torch.manager(Torch.Device.CPU)) {
            Layers.GroupNorm gn = new Layers.GroupNorm(2, 4);
            gn.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(3, 4, 2, 3));
            NDArray x = m.randomNormal(new Shape(3, 4, 2, 3)).mul(3).add(1);
            float[] in = x.toFloatArray(), out = gn.apply(x, null, false).toFloatArray();
            int per = 2 * 2 * 3; // channels per group × H × W
            for (int g0 = 0; g0 < in.length; g0 += per) {
                double mean = 0, var = 0;
                for (int i = 0; i < per; i++) mean += in[g0 + i] / (double) per;
                for (int i = 0; i < per; i++) var += (in[g0 + i] - mean) * (in[g0 + i] - mean) / per;
                for (int i = 0; i < per; i++)
                    assertEquals((in[g0 + i] - mean) / Math.sqrt(var + 1e-5), out[g0 + i], 1e-4);
            }
        }
    }

    @Test
    void oneTrainingStepReducesTheLossOnItsBatch() {
        float[] data = gaussianData(64, 16, 3);
        try (DiffusionNet net = DiffusionNet.build(
                DiffusionNet.Kind.MLP, DiffusionNet.Preset.CPU, new int[] {16}, Torch.Device.CPU, 2)) {
            // The loss of step 1's own batch, σ and noise (they depend on (seed, step) only), before and after that
            // one Adam step: a small step along the gradient lowers it (first order: lr·Σ|g| > 0).
            Objective<DiffusionNet> edm = Objectives.edm();
            double before = stepLoss(net, edm, data, 5);
            Training.train(net, edm, data, 64, Training.Config.of(1, 32, 1e-4, 5), Progress.NONE, null);
            double after = stepLoss(net, edm, data, 5);
            assertTrue(after < before, "loss " + before + " -> " + after);
        }
    }

    static double stepLoss(DiffusionNet net, Objective<DiffusionNet> obj, float[] data, long seed) {
        long s = Training.mix(seed, 1);
        Rng rng = new Rng(s);
        float[] batch = new float[32 * 16];
        for (int r = 0; r < 32; r++) System.arraycopy(data, rng.uniformInt(64) * 16, batch, r * 16, 16);
        try (NDManager m = net.manager().newSubManager()) {
            Torch.seed(s);
            return obj.loss(net, m.create(batch, new Shape(32, 16))).getFloat();
        }
    }

    /** A small MLP-UNet (3 layers, width 32) for the training-loop tests on a loaded machine. */
    static DiffusionNet smallMlp(int d, long seed) {
        return DiffusionNet.of(
                DiffusionNet.Kind.MLP, new MlpUNet(d, 3, 32, 16), new int[] {d}, 0.5, Torch.Device.CPU, seed);
    }

    /** A small convolutional U-Net (8 channels, levels 1-2) on 8×8 images. */
    static DiffusionNet smallCnn(long seed) {
        return DiffusionNet.of(
                DiffusionNet.Kind.CNN,
                new ConvUNet(1, 8, 8, 8, new int[] {1, 2}, 1, 0),
                new int[] {1, 8, 8},
                0.5,
                Torch.Device.CPU,
                seed);
    }

    @Test
    void sameSeedSameNumbersAndResumeEqualsUninterrupted(@TempDir Path dir) {
        float[] data = gaussianData(200, 1 * 8 * 8, 4);
        Training.Config cfg = Training.Config.of(12, 16, 1e-3, 7).withCheckpoints(3);
        float[] a, b, c;
        List<Long> marks = new ArrayList<>();
        try (DiffusionNet net = smallCnn(11)) {
            Training.train(net, Objectives.edm(), data, 200, cfg, Progress.NONE, (s, l) -> marks.add(s));
            a = params(net);
        }
        assertEquals(List.of(0L, 1L, 3L, 12L), marks);
        try (DiffusionNet net = smallCnn(11)) {
            Training.train(net, Objectives.edm(), data, 200, cfg, Progress.NONE, null);
            b = params(net);
        }
        assertArrayEquals(a, b, "two runs with the same seed and threads");
        // Interrupted after step 5 (a checkpoint there), resumed by a fresh network from the folder.
        Training.Config first = cfg.withSteps(12).withCheckpointDir(dir);
        try (DiffusionNet net = smallCnn(11)) {
            Training.train(
                    net, Objectives.edm(), data, 200, new Training.Config(5, 16, 1e-3, 7, 2, dir), Progress.NONE, null);
            assertEquals(5, net.step());
        }
        assertTrue(Files.exists(Training.checkpointFile(dir, 5)));
        try (DiffusionNet net = smallCnn(999)) {
            Training.Result r = Training.train(net, Objectives.edm(), data, 200, first, Progress.NONE, null);
            assertEquals(6, r.firstStep());
            c = params(net);
        }
        assertArrayEquals(a, c, "resumed run equals the uninterrupted one");
    }

    static float[] params(Network net) {
        List<Float> all = new ArrayList<>();
        for (var p : net.module().getParameters().values())
            for (float v : p.getArray().toFloatArray()) all.add(v);
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) out[i] = all.get(i);
        return out;
    }

    @Test
    void divergenceNamesTheLearningRateAndStep() {
        float[] data = gaussianData(64, 16, 3);
        for (int i = 0; i < 16; i++) data[i] = Float.NaN; // a corrupt sample poisons the first batch that draws it
        try (DiffusionNet net = DiffusionNet.build(
                DiffusionNet.Kind.MLP, DiffusionNet.Preset.CPU, new int[] {16}, Torch.Device.CPU, 2)) {
            NumericalException e = assertThrows(
                    NumericalException.class,
                    () -> Training.train(
                            net, Objectives.edm(), data, 64, Training.Config.of(50, 64, 0.5, 5), Progress.NONE, null));
            assertTrue(
                    e.getMessage().contains("learning rate 0.5")
                            && e.getMessage().contains("at step "),
                    e.getMessage());
            assertEquals("learningRate", e.parameter());
        }
    }

    @Test
    void gpuOnACpuMachineIsAClearError() {
        ParameterException e = assertThrows(ParameterException.class, () -> Torch.device(Torch.Device.GPU));
        assertEquals("device", e.parameter());
        assertTrue(e.getMessage().contains("no CUDA GPU"), e.getMessage());
        assertEquals(Torch.Device.CPU, Torch.Device.parse("cpu"));
        assertThrows(ParameterException.class, () -> Torch.Device.parse("tpu"));
    }

    @Test
    void samplingGoesThroughTheCoreHeunSampler() {
        try (DiffusionNet net = DiffusionNet.build(
                DiffusionNet.Kind.MLP, DiffusionNet.Preset.CPU, new int[] {4}, Torch.Device.CPU, 2)) {
            EdmHeunSampler sampler = EdmHeunSampler.karras(EdmSchedule.standard(), 5, 7);
            DMatrixRMaj x = net.sample(10, sampler, 3, Progress.NONE);
            DMatrixRMaj y = net.sample(10, sampler, 3, Progress.NONE);
            assertEquals(10, x.numRows);
            assertEquals(4, x.numCols);
            assertArrayEquals(x.data, y.data);
            for (double v : x.data) assertTrue(Double.isFinite(v));
        }
    }
}
