package org.diffdyn.imbalance;

import java.util.Arrays;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.rf.FeatureMoments;
import org.diffdyn.core.rf.GradientFlow;
import org.diffdyn.core.rf.RandomFeatures;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A learned random-features score for a whole backward trajectory: one read-out A_j per node time t_j (the RF model
 * is defined at a fixed time, §1.4), all sharing the frozen W, each trained by gradient flow for a training time τ
 * (τ = ∞: the minimiser). Between nodes the nearest node in log t is used. Used to repeat the cloning experiment with
 * a learned instead of the exact score (§5.7, DERIVED).
 *
 * <p>Training data per node: the population mixture (exact moments of each Gaussian class, Mehler order
 * {@code kmax}), or a finite training set (exact noise average over its points).
 */
public final class LearnedScore implements ScoreFunction {
    private final RandomFeatures rf;
    private final double[] nodes; // ascending
    private final DMatrixRMaj[] readoutsT; // A_jᵀ/√p, p × d

    private LearnedScore(RandomFeatures rf, double[] nodes, DMatrixRMaj[] readouts) {
        this.rf = rf;
        this.nodes = nodes;
        this.readoutsT = new DMatrixRMaj[readouts.length];
        for (int j = 0; j < readouts.length; j++) {
            DMatrixRMaj t = new DMatrixRMaj(rf.p(), rf.d());
            CommonOps_DDRM.transpose(readouts[j], t);
            CommonOps_DDRM.scale(1 / Math.sqrt(rf.p()), t);
            readoutsT[j] = t;
        }
    }

    /** Node times log-spaced from tMin to tMax. */
    public static double[] nodeTimes(double tMin, double tMax, int count) {
        Check.positive("tMin", tMin);
        Check.positive("nodes", count);
        if (!(tMax > tMin)) throw new ParameterException("tMax", tMax, "a time > tMin = " + tMin);
        double[] t = new double[count];
        for (int j = 0; j < count; j++) t[j] = tMin * Math.pow(tMax / tMin, count == 1 ? 0 : (double) j / (count - 1));
        return t;
    }

    /** Trains on the population mixture at every node. */
    public static LearnedScore onPopulation(
            GaussianMixture mixture, RandomFeatures rf, double[] nodeTimes, double tau, int kmax, Progress progress) {
        double[] nodes = nodeTimes.clone();
        Arrays.sort(nodes);
        int k = mixture.classes(), d = mixture.dimension();
        DMatrixRMaj[] a = new DMatrixRMaj[nodes.length];
        progress.start("learned RF score on the population (" + nodes.length + " times)", nodes.length);
        for (int j = 0; j < nodes.length; j++) {
            double t = nodes[j], at = OuProcess.a(t), sdNoise = Math.sqrt(OuProcess.h(t));
            FeatureMoments[] parts = new FeatureMoments[k];
            double[] w = new double[k];
            for (int c = 0; c < k; c++) {
                DMatrixRMaj centre = new DMatrixRMaj(1, d, true, mixture.mean(c));
                CommonOps_DDRM.scale(at, centre);
                parts[c] = FeatureMoments.gaussianInputs(
                        rf, centre, mixture.gamma(c, t), sdNoise, kmax, FeatureMoments.DEFAULT_NODES, Progress.NONE);
                w[c] = mixture.weight(c);
            }
            FeatureMoments m = FeatureMoments.combine(parts, w);
            a[j] = readout(new GradientFlow(m.u(), m.v(), t), tau);
            progress.advance(j + 1);
        }
        progress.finish();
        return new LearnedScore(rf, nodes, a);
    }

    /** Trains on a finite training set (rows of x0) at every node, with the exact noise average. */
    public static LearnedScore onSamples(
            DMatrixRMaj x0, RandomFeatures rf, double[] nodeTimes, double tau, Progress progress) {
        double[] nodes = nodeTimes.clone();
        Arrays.sort(nodes);
        DMatrixRMaj[] a = new DMatrixRMaj[nodes.length];
        progress.start("learned RF score on " + x0.numRows + " samples (" + nodes.length + " times)", nodes.length);
        for (int j = 0; j < nodes.length; j++) {
            FeatureMoments m = FeatureMoments.exact(rf, x0, nodes[j]);
            a[j] = readout(new GradientFlow(m.u(), m.v(), nodes[j]), tau);
            progress.advance(j + 1);
        }
        progress.finish();
        return new LearnedScore(rf, nodes, a);
    }

    private static DMatrixRMaj readout(GradientFlow flow, double tau) {
        return Double.isInfinite(tau) ? flow.optimum(1e-13) : flow.readoutAt(tau);
    }

    public double[] nodes() {
        return nodes.clone();
    }

    /** The index of the node nearest to t in log t. */
    public int nodeFor(double t) {
        if (t <= nodes[0]) return 0;
        if (t >= nodes[nodes.length - 1]) return nodes.length - 1;
        int j = Arrays.binarySearch(nodes, t);
        if (j >= 0) return j;
        int hi = -j - 1, lo = hi - 1;
        return Math.log(t / nodes[lo]) < Math.log(nodes[hi] / t) ? lo : hi;
    }

    @Override
    public void scores(DMatrixRMaj y, double t, DMatrixRMaj out) {
        if (y.numCols != rf.d())
            throw new ParameterException("y", y.numCols + " columns", "the model's dimension " + rf.d());
        DMatrixRMaj f = rf.features(y);
        DMatrixRMaj s = org.diffdyn.core.linalg.Dense.multiply(f, readoutsT[nodeFor(t)]);
        System.arraycopy(s.data, 0, out.data, 0, y.numRows * y.numCols);
    }
}
