package org.diffdyn.nets;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.diffdyn.core.progress.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conv U-Net repeats bitwise even when the JVM collects garbage during training (see {@link Module#scale}: DJL's
 * {@code mul(Number)} left autograd holding a tensor over a Java buffer that a collection could free).
 */
class ConvDeterminismTest {
    @BeforeAll
    static void threads() {
        Torch.threads(1);
    }

    static DiffusionNet tinyUNet() {
        return DiffusionNet.of(
                DiffusionNet.Kind.CNN,
                new ConvUNet(1, 8, 8, 8, new int[] {1, 2}, 1, 0),
                new int[] {1, 8, 8},
                0.5,
                Torch.Device.CPU,
                7);
    }

    /** Collects garbage, lets the cleaner free direct buffers, then refills small freed blocks with NaN. */
    static List<ByteBuffer> collectAndPoison() {
        System.gc();
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> keep = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 + 4 * (i % 4)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) b.putFloat(Float.NaN);
            keep.add(b);
        }
        return keep;
    }

    /** Gradients of a loss on fixed input, optionally with a collection between the forward and the backward pass. */
    static float[][] gradients(DiffusionNet net, boolean collectBetween) {
        var engine = Torch.engine();
        List<NDArray> params = new ArrayList<>();
        for (var p : net.trainable()) params.add(p.getArray());
        float[][] g = new float[params.size()][];
        List<ByteBuffer> poison = null;
        try (NDScope scope = new NDScope();
                NDManager m = net.manager().newSubManager()) {
            Torch.seed(5);
            NDArray x = m.randomNormal(new Shape(8, 1, 8, 8));
            NDArray sigma = m.randomNormal(new Shape(8)).exp();
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray l = net.denoise(x, sigma, true).square().mean();
                if (collectBetween) poison = collectAndPoison();
                gc.backward(l);
            }
            for (int i = 0; i < g.length; i++)
                try (NDArray gr = params.get(i).getGradient()) {
                    g[i] = gr.toFloatArray();
                    gr.subi(gr);
                }
        }
        assertTrue(poison == null || poison.size() > 0);
        return g;
    }

    @Test
    void gradientsSurviveAGarbageCollectionBetweenForwardAndBackward() {
        try (DiffusionNet net = tinyUNet()) {
            float[][] ref = gradients(net, false);
            for (int rep = 0; rep < 3; rep++) {
                float[][] g = gradients(net, true);
                for (int i = 0; i < ref.length; i++)
                    assertArrayEquals(ref[i], g[i], 0f, "gradient of parameter " + i + ", repetition " + rep);
            }
        }
    }

    static double[] train(AtomicBoolean churn) {
        float[] data = NetsTest.gaussianData(64, 64, 3);
        List<Double> losses = new ArrayList<>();
        Thread noise = new Thread(() -> {
            while (churn.get()) collectAndPoison();
        });
        noise.setDaemon(true);
        try (DiffusionNet net = tinyUNet()) {
            noise.start();
            Training.train(
                    net,
                    Objectives.edm(),
                    data,
                    64,
                    Training.Config.of(20, 8, 2e-3, 11).withCheckpoints(100),
                    Progress.NONE,
                    (s, l) -> {
                        if (s > 0) losses.add(l);
                    });
            for (var p : net.trainable()) for (float v : p.getArray().toFloatArray()) losses.add((double) v);
        } finally {
            churn.set(false);
            try {
                noise.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return losses.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Two trainings of a tiny U-Net, one in a quiet JVM and two while another thread collects garbage: bitwise equal. */
    @Test
    void trainingsRepeatBitwiseWhileTheJvmCollectsGarbage() {
        double[] quiet = train(new AtomicBoolean(false));
        try (DiffusionNet net = tinyUNet()) {
            assertEquals(20 + net.trainableParameterCount(), quiet.length, "20 losses, then every parameter");
        }
        for (int rep = 0; rep < 2; rep++)
            assertArrayEquals(quiet, train(new AtomicBoolean(true)), 0.0, "losses and parameters, busy run " + rep);
    }
}
