package org.diffdyn.nets;

import static org.junit.jupiter.api.Assertions.*;

import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.rf.Activation;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The paper-D score network on DJL: VP denoising score matching lowers the loss, and after a few hundred Adam steps
 * on three points in 2-D its score at t = 0.5 points the way the exact empirical score does (the mean cosine is above
 * 0.9 on a grid of test points, where the untrained network scores 0.28 (asserted < 0.5); the score field of p̂_t is smooth at
 * that t, so a 2×64 MLP represents it closely — the bound is loose on purpose, the D9 test checks the statistics).
 */
class ScoreNetTest {
    @Test
    void dsmTrainingLearnsTheEmpiricalScore() {
        Torch.threads(1);
        DMatrixRMaj pts = new DMatrixRMaj(new double[][] {{-1.5, 0.5}, {1.5, 0.5}, {0, -1.2}});
        ScoreNet.Config cfg = new ScoreNet.Config(new int[] {64, 64}, Activation.TANH, 16, 4, 128, 3e-3, 1e-3, 5, 0);
        try (ScoreNet net = new ScoreNet(pts, cfg, 5)) {
            double untrained = cosine(net, pts);
            double first = net.train(20, Progress.NONE);
            assertTrue(untrained < 0.5, "untrained network's mean cosine " + untrained);
            net.train(580, Progress.NONE);
            double last = net.train(100, Progress.NONE);
            assertTrue(last < first, "loss " + first + " -> " + last);
            assertEquals(700, net.steps());
            double cos = cosine(net, pts);
            assertTrue(cos > 0.9, "mean cosine to the exact score " + cos);
        }
        assertThrows(
                ParameterException.class, () -> new ScoreNet.Config(new int[] {8}, null, 4, 1, 8, 1e-3, 1e-3, 1, 0));
    }

    static double cosine(ScoreNet net, DMatrixRMaj pts) {
        ScoreFunction exact = GaussianMixture.empiricalScore(pts);
        int g = 7;
        DMatrixRMaj ym = new DMatrixRMaj(g * g, 2);
        double[] y = ym.data;
        for (int i = 0; i < g; i++)
            for (int j = 0; j < g; j++) {
                y[(i * g + j) * 2] = -2 + 4.0 * i / (g - 1);
                y[(i * g + j) * 2 + 1] = -2 + 4.0 * j / (g - 1);
            }
        DMatrixRMaj am = new DMatrixRMaj(g * g, 2), bm = new DMatrixRMaj(g * g, 2);
        net.scores(ym, 0.5, am);
        exact.scores(ym, 0.5, bm);
        double[] a = am.data, b = bm.data;
        double sum = 0;
        for (int r = 0; r < g * g; r++) {
            double ab = a[2 * r] * b[2 * r] + a[2 * r + 1] * b[2 * r + 1];
            double na = Math.hypot(a[2 * r], a[2 * r + 1]), nb = Math.hypot(b[2 * r], b[2 * r + 1]);
            sum += ab / (na * nb + 1e-12);
        }
        return sum / (g * g);
    }
}
