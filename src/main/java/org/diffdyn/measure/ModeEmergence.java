package org.diffdyn.measure;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.EmergenceTimes.Direction;
import org.diffdyn.spectralbias.EmergenceTimes.Emergence;
import org.diffdyn.spectralbias.EmergenceTimes.PowerLawFit;
import org.diffdyn.spectralbias.EmergenceTimes.Threshold;
import org.diffdyn.spectralbias.GeneratedVariance;
import org.diffdyn.spectralbias.LossWeighting;

/**
 * Emergence step of every covariance mode from generated-variance trajectories recorded at training checkpoints, the
 * power-law fit step* ∝ λ^b per branch, and the linear theory's emergence times for the same empirical spectrum
 * (paper A §6 / linear-diffusion.md §2.2.5).
 *
 * <p>Measurement (QUOTED procedure, the authors' {@code compute_crossing_points}, implemented once in
 * {@link EmergenceTimes#smoothedFirstCrossing}): threshold between the first checkpoint's variance and λ_k
 * (harmonic by default for the network figures), Gaussian smoothing over checkpoint indices (σ = 0.1 in their network
 * analyses, i.e. none), branch from the smoothed start, first checkpoint past the threshold. The fit is OLS of
 * ln step* on ln λ ({@link EmergenceTimes#fit}, the authors' {@code reverse_equation=True}).
 *
 * <p>Theory (reused, not re-derived): {@link EmergenceTimes#exact} on the generated variance of a linear denoiser —
 * either the one-layer model of Prop. 4.2 ({@link GeneratedVariance#oneLayerLog}, initial weight Q) or one
 * EDM-preconditioned matrix shared by all σ ({@link LossWeighting.SharedLinear}, initial inner gain v0), which is the
 * linear counterpart of the EDM-trained networks, as in the {@code linear-simulation} experiment's "edm-shared"
 * model. The theory's clock is ητ; a network's is the optimiser step. The theory fixes the slope, not the unit, so the
 * plotted theory line is c·τ*(λ) with the one constant c = exp(mean(ln step* − ln τ*)) over the modes both find on
 * the same branch (DERIVED convention of this implementation; {@link #timeScale}).
 */
public final class ModeEmergence {
    private ModeEmergence() {}

    /** Smoothing width the authors use for network trajectories (QUOTED: {@code smooth_sigma=0.1}). */
    public static final double NETWORK_SMOOTHING = 0.1;

    /** Which linear model supplies the theory line. */
    public enum TheoryModel {
        /** Per-σ one-layer denoisers from W(0) = Q·I (Prop. 4.2). */
        ONE_LAYER,
        /** One EDM-preconditioned inner matrix for all σ, inner gain v(0) = v0 (the EDM-trained linear net). */
        EDM_SHARED
    }

    /**
     * Emergence of every mode from a trajectory table.
     *
     * @param steps checkpoint steps, increasing (the first is the reference "initial" point)
     * @param variances variances[j][k]: generated variance of mode k at checkpoint j
     * @param lambdas target variances λ_k
     * @param minLambda modes with λ_k ≤ minLambda are skipped (NaN): numerically null training modes have no target
     */
    public static Emergence[] measure(
            double[] steps,
            double[][] variances,
            double[] lambdas,
            Threshold threshold,
            double smooth,
            double minLambda) {
        if (variances.length != steps.length)
            throw new ParameterException(
                    "variances", variances.length + " checkpoints", steps.length + " (one row per step)");
        if (steps.length < 2) throw new ParameterException("checkpoints", steps.length, "at least 2 checkpoints");
        int k = lambdas.length;
        Emergence[] out = new Emergence[k];
        double[] traj = new double[steps.length];
        for (int m = 0; m < k; m++) {
            for (int j = 0; j < steps.length; j++) {
                if (variances[j].length != k)
                    throw new ParameterException(
                            "variances[" + j + "]", variances[j].length + " modes", k + " modes (one per lambda)");
                traj[j] = variances[j][m];
            }
            out[m] = lambdas[m] > minLambda
                    ? EmergenceTimes.smoothedFirstCrossing(steps, traj, lambdas[m], threshold, smooth)
                    : new Emergence(Double.NaN, traj[0] > lambdas[m] ? Direction.DECREASE : Direction.INCREASE);
        }
        return out;
    }

    /** Power-law fit per branch over the modes with a crossing at a positive step (branches with < 2 such modes are absent). */
    public static Map<Direction, PowerLawFit> fits(double[] lambdas, Emergence[] emergence) {
        Map<Direction, PowerLawFit> out = new EnumMap<>(Direction.class);
        for (Direction dir : Direction.values()) {
            List<double[]> pts = new ArrayList<>();
            for (int m = 0; m < lambdas.length; m++)
                if (emergence[m].direction() == dir && emergence[m].tau() > 0 && lambdas[m] > 0)
                    pts.add(new double[] {lambdas[m], emergence[m].tau()});
            if (pts.size() < 2) continue;
            out.put(
                    dir,
                    EmergenceTimes.fit(
                            pts.stream().mapToDouble(v -> v[0]).toArray(),
                            pts.stream().mapToDouble(v -> v[1]).toArray()));
        }
        return out;
    }

    /**
     * The theory's emergence time τ* (units of ητ, η = 1) of every mode with λ_k &gt; minLambda, by exact root finding
     * on the EDM sampler's noise range [σ_min, σ_max] = [0.002, 80].
     *
     * @param init Q for {@link TheoryModel#ONE_LAYER}, v0 for {@link TheoryModel#EDM_SHARED}
     */
    public static Emergence[] theory(
            double[] lambdas,
            TheoryModel model,
            double init,
            Threshold threshold,
            double minLambda,
            Progress progress) {
        double s0 = EdmSchedule.DEFAULT_SIGMA_MIN, sT = EdmSchedule.DEFAULT_SIGMA_MAX;
        LossWeighting.SharedLinear edm = LossWeighting.SharedLinear.edm();
        Emergence[] out = new Emergence[lambdas.length];
        progress.start("linear theory emergence times", lambdas.length);
        for (int m = 0; m < lambdas.length; m++) {
            double l = lambdas[m];
            if (!(l > minLambda)) {
                out[m] = new Emergence(Double.NaN, Direction.INCREASE);
            } else if (model == TheoryModel.ONE_LAYER) {
                out[m] = EmergenceTimes.oneLayer(l, init, 1, threshold, s0, sT);
            } else {
                double start = edm.generatedLog(l, init, 1, 0, s0, sT, 32);
                out[m] = EmergenceTimes.exact(
                        t -> edm.generatedLog(l, init, 1, t, s0, sT, 32), start, l, threshold, 1e-6, 1e9);
            }
            progress.advance(m + 1);
        }
        progress.finish();
        return out;
    }

    /** The theory's τ = 0 generated variance (the same for every mode of the one-layer model; per mode for EDM_SHARED). */
    public static double theoryInitialVariance(TheoryModel model, double init, double lambda) {
        double s0 = EdmSchedule.DEFAULT_SIGMA_MIN, sT = EdmSchedule.DEFAULT_SIGMA_MAX;
        return model == TheoryModel.ONE_LAYER
                ? Math.exp(GeneratedVariance.initialLog(init, s0, sT))
                : Math.exp(LossWeighting.SharedLinear.edm().generatedLog(lambda, init, 1, 0, s0, sT, 32));
    }

    /**
     * Steps per unit of theory time: c = exp(mean over modes of (ln step*_k − ln τ*_k)), over modes that both sets
     * find on the same branch. NaN when there is none.
     */
    public static double timeScale(Emergence[] measured, Emergence[] theory) {
        Check.positive("modes", measured.length);
        double s = 0;
        int n = 0;
        for (int m = 0; m < measured.length; m++) {
            Emergence a = measured[m], b = theory[m];
            if (a.tau() > 0 && b.tau() > 0 && a.direction() == b.direction()) {
                s += Math.log(a.tau()) - Math.log(b.tau());
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.exp(s / n);
    }
}
