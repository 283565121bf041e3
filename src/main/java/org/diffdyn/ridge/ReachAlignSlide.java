package org.diffdyn.ridge;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.Check;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.sampling.ReverseSampler;
import org.ejml.data.DMatrixRMaj;

/**
 * Reach–align–slide diagnostics along reverse-time trajectories (paper D, §4.4). The abstract's claim (QUOTED):
 * trajectories first <em>reach</em> a neighbourhood of the ridge, then <em>align</em> (pushed toward/away from it in
 * normal directions), then <em>slide</em> along it in tangent directions.
 *
 * <p>What is measured at each snapshot (DERIVED recommendations of §4.4, consistent with the authors' code):
 * the distance to the ridge h_t r_t (at the current t and at a fixed t_eval), its ratio to the noise scale √h_t
 * (the linearised normal fluctuation is exactly N(0, h_t), so a ratio ≈ 0.67 is "on the ridge within the noise"),
 * and the normal and tangent parts of the motion, both of the sampler's drift v = Y + 2ŝ (SDE) or Y + ŝ (ODE) and of
 * the net displacement to the next snapshot, each taken in the ridge frame of p̂_t at the trajectory point.
 * Points whose Hessian eigengap is below β have no frame and are left out of the shares (their fraction is logged).
 * At small t the frame of p̂_t is numerically undefined almost everywhere (the gap underflows away from the
 * midpoints between modes, §4.3), so the motions can be decomposed in the frame of p̂ at max(t, t_frame) instead
 * (option {@code frameTimeFloor}, DERIVED; 0 = always the current t).
 *
 * <p>Phase detection (UNSURE: the paper's thresholds are unknown; both are options): <em>reach</em> lasts until the
 * median distance first falls below {@code tube}·√h_t; <em>align</em> lasts while the normal share of the drift is
 * above {@code share}; <em>slide</em> starts at the first snapshot after reach from which the normal drift share stays
 * below {@code share} to the end.
 */
public final class ReachAlignSlide {
    private ReachAlignSlide() {}

    /**
     * One snapshot's statistics over the batch of trajectories.
     *
     * @param medianDistance   median of h_t r_t(Y) at the snapshot's own t
     * @param tubeRatio        medianDistance / √h_t
     * @param medianDistanceAtEval median of h_{t_eval} r_{t_eval}(Y) (the authors' "t_min" variant)
     * @param normalDrift      mean ‖P_⊥ v‖ of the drift v
     * @param tangentDrift     mean ‖P_∥ v‖
     * @param normalDriftShare Σ‖P_⊥ v‖² / Σ‖v‖²
     * @param normalMove       mean ‖P_⊥ Δ‖ of the displacement to the next snapshot (NaN at the last)
     * @param tangentMove      mean ‖P_∥ Δ‖
     * @param normalMoveShare  Σ‖P_⊥ Δ‖² / Σ‖Δ‖²
     * @param framedFraction   fraction of points whose frame (at max(t, t_frame)) satisfies the gap condition
     * @param curvatureFraction fraction with λ_{d*+1} &lt; 0
     */
    public record Snapshot(
            double t,
            double h,
            double medianDistance,
            double tubeRatio,
            double medianDistanceAtEval,
            double normalDrift,
            double tangentDrift,
            double normalDriftShare,
            double normalMove,
            double tangentMove,
            double normalMoveShare,
            double framedFraction,
            double curvatureFraction) {}

    /** Reach ends at {@code reachEnd} (a snapshot time), slide starts at {@code slideStart}; NaN when not detected. */
    public record Phases(double reachEnd, double slideStart, String[] phase) {}

    /**
     * Measures every snapshot of a sampler run.
     *
     * @param x0    the training set, one point per row
     * @param score the score the sampler used (for the drift)
     * @param tEval the fixed evaluation time of the "t_min" distance (the authors use t_min = 10⁻³)
     * @param frameTimeFloor decompose motions in the ridge frame at max(t, frameTimeFloor)
     */
    public static List<Snapshot> measure(
            DMatrixRMaj x0,
            RidgeDefinition definition,
            ReverseSampler.Run run,
            ReverseSampler.Kind kind,
            ScoreFunction score,
            double tEval,
            double frameTimeFloor,
            Progress progress) {
        Check.positive("tEval", tEval);
        Check.nonNegative("frameTime", frameTimeFloor);
        int m = run.samples().numRows, d = x0.numCols;
        EmpiricalRidge evalRidge = new EmpiricalRidge(x0, tEval, definition);
        List<Snapshot> out = new ArrayList<>();
        int snaps = run.snapshots().size();
        progress.start("reach-align-slide diagnostics", snaps);
        DMatrixRMaj driftM = new DMatrixRMaj(m, d);
        double[] drift = driftM.data;
        double[] x = new double[d];
        for (int s = 0; s < snaps; s++) {
            double t = run.snapshotTimes()[s];
            double h = OuProcess.h(t);
            DMatrixRMaj ym = run.snapshots().get(s);
            double[] y = ym.data;
            double[] next = s + 1 < snaps ? run.snapshots().get(s + 1).data : null;
            score.scores(ym, t, driftM);
            double c = kind == ReverseSampler.Kind.SDE ? 2 : 1;
            for (int i = 0; i < m * d; i++) drift[i] = y[i] + c * drift[i];
            EmpiricalRidge ridge = new EmpiricalRidge(x0, t, definition);
            EmpiricalRidge frameRidge =
                    t >= frameTimeFloor ? ridge : new EmpiricalRidge(x0, frameTimeFloor, definition);
            double[] dist = new double[m], distEval = new double[m];
            double nd = 0, td = 0, nd2 = 0, all2 = 0, nm = 0, tm = 0, nm2 = 0, allm2 = 0;
            int framed = 0, curved = 0;
            double[] delta = new double[d];
            for (int r = 0; r < m; r++) {
                System.arraycopy(y, r * d, x, 0, d);
                EmpiricalRidge.Local loc = ridge.local(x);
                dist[r] = loc.scaledResidual();
                distEval[r] = evalRidge.local(x).scaledResidual();
                if (loc.curvatureHolds()) curved++;
                EmpiricalRidge.Local fl = frameRidge == ridge ? loc : frameRidge.local(x);
                if (!frameRidge.frameDefined(fl)) continue;
                framed++;
                double[] nt = fl.normalAndTangentNorms(drift, r * d);
                nd += nt[0];
                td += nt[1];
                nd2 += nt[0] * nt[0];
                all2 += nt[0] * nt[0] + nt[1] * nt[1];
                if (next != null) {
                    for (int j = 0; j < d; j++) delta[j] = next[r * d + j] - y[r * d + j];
                    double[] mt = fl.normalAndTangentNorms(delta, 0);
                    nm += mt[0];
                    tm += mt[1];
                    nm2 += mt[0] * mt[0];
                    allm2 += mt[0] * mt[0] + mt[1] * mt[1];
                }
            }
            double med = DataStats.median(dist);
            double f = Math.max(framed, 1);
            out.add(new Snapshot(
                    t,
                    h,
                    med,
                    med / Math.sqrt(h),
                    DataStats.median(distEval),
                    nd / f,
                    td / f,
                    all2 > 0 ? nd2 / all2 : Double.NaN,
                    next == null ? Double.NaN : nm / f,
                    next == null ? Double.NaN : tm / f,
                    next == null || allm2 == 0 ? Double.NaN : nm2 / allm2,
                    (double) framed / m,
                    (double) curved / m));
            progress.advance(s + 1);
        }
        progress.finish();
        return out;
    }

    /** Detects the three phases (see the class comment for the rule and why it is UNSURE). */
    public static Phases phases(List<Snapshot> snaps, double tube, double share) {
        Check.positive("tube", tube);
        Check.inRange("share", share, 0.0, 1.0);
        int k = snaps.size();
        int reach = -1;
        for (int i = 0; i < k; i++)
            if (snaps.get(i).tubeRatio() <= tube) {
                reach = i;
                break;
            }
        int slide = -1;
        if (reach >= 0) {
            for (int i = k - 1; i >= reach; i--) {
                double sh = snaps.get(i).normalDriftShare();
                if (Double.isNaN(sh) || sh < share) slide = i;
                else break;
            }
        }
        String[] phase = new String[k];
        for (int i = 0; i < k; i++)
            phase[i] = reach < 0 || i < reach ? "reach" : (slide >= 0 && i >= slide ? "slide" : "align");
        return new Phases(
                reach < 0 ? Double.NaN : snaps.get(reach).t(),
                slide < 0 ? Double.NaN : snaps.get(slide).t(),
                phase);
    }
}
