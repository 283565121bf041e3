package org.diffdyn.ridge.experiments;

import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TauRange;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.ridge.ModeConfigurations;
import org.diffdyn.ridge.RfRidgeTraining;
import org.diffdyn.ridge.RidgeDefinition;
import org.ejml.data.DMatrixRMaj;

/**
 * Normal vs tangent training error of the time-embedded RF denoiser over training time τ (paper D §4.5, target D4):
 * the excess loss ∫E‖m̂_W − m̂_t‖² split with the ridge frame of p̂_t at each noisy training point, and by output
 * coordinate (the code's x/y split: for the ±3 set, x is tangent and y normal).
 *
 * <p>Target D4 (§4.7: y-error &lt; 10⁻² x-error, order of magnitude) is reported two ways over the τ range of the
 * authors' Fig_Candidate plots (300 … 5000): the spec's §4.2 training error is the EXCESS e^m = m̂_W − m̂_t (checks
 * d4.excess-ratio.*), and the authors' code ({@code calculate_loss_split} in {@code Ridge_2mode.py}, QUOTED) splits the
 * LOSS, including the irreducible part, per output coordinate on the training moments (checks d4.loss-ratio.*). With
 * the authors' embedding (K = 128, T = 10, Simpson on a uniform grid) at p = 300 both are ≈ 10⁻² at τ = 300 and far
 * below by τ = 5000; at the authors' p = 2000 the excess ratio is 0.17 → 0.07 and the loss ratio 0.12 → 0.024 (not
 * met). At τ = 0 the ratio is O(1) (DERIVED: the random W_0 sits in both rows), so "at every τ" is impossible literally.
 */
@TypedBuilder(mixins = {RfSetupSetters.class, TauRange.class})
public final class RfRidgeErrors implements Experiment {
    static final Param<String> MODES = RidgeParams.modes("pm3");
    static final Param<Double> LOG10_TAU_FROM =
            Param.real("log10-tau-from", 1, -10, 12, "first finite training time 10^x");
    static final Param<Double> LOG10_TAU_TO = Param.real("log10-tau-to", 5, -10, 15, "last finite training time 10^x");
    static final Param<Integer> POINTS =
            Param.integer("points", 25, 2, 2000, "log-spaced training times (plus tau = 0 and infinity)");
    static final Param<Integer> PROBE_MZ =
            Param.integer("probe-mz", 40, 1, 100000, "fresh noise draws per point and node for the error probe");
    static final Param<Integer> ERROR_WEIGHT =
            Param.integer("error-weight", 0, 0, 2, "error weight h_t^k (0, 1, 2: the code's Fig_Candidate variants)");
    static final Param<Double> GAP = RidgeParams.GAP.withDefault(1e-8);
    static final Param<Boolean> RELATIVE_GAP = RidgeParams.RELATIVE_GAP.withDefault(true);
    /** The τ range of the authors' Fig_Candidate X/Y plots (QUOTED: τ = 300 … 5000), where target D4 is read. */
    static final Param<Double> RATIO_LOG10_TAU_FROM = Param.real(
            "ratio-log10-tau-from",
            Math.log10(300),
            -10,
            12,
            "lower end 10^x of the tau range in which the y/x ratios of target D4 are reported (authors' plots: 300)");

    static final Param<Double> RATIO_LOG10_TAU_TO = Param.real(
            "ratio-log10-tau-to",
            Math.log10(5000),
            -10,
            12,
            "upper end 10^x of the tau range in which the y/x ratios of target D4 are reported (authors' plots: 5000)");

    public static final Spec SPEC = Spec.of(
                    "rf-ridge-errors",
                    Paper.D,
                    "RF denoiser: normal vs tangent training error over training time (D4)",
                    "Time-embedded ReLU RF denoiser (4.5, QUOTED model), U~/V~ by Monte Carlo on a time grid (5.5), W(tau) by one "
                            + "eigendecomposition with the chosen pseudo-inverse floor. Columns per tau: tau (the infinity row is drawn at 10x the "
                            + "largest finite tau, tau_label = inf), loss_train, loss_test (fresh noise), excess (= loss - L*: the spec's 4.2 "
                            + "training error), normal_error, tangent_error, undetermined_error (frame undefined), error_x, error_y (coordinate "
                            + "split of the excess), loss_test_x/y (fresh noise) and loss_train_x/y (the authors' calculate_loss_split: the loss "
                            + "per output coordinate on the training moments, including the irreducible part). Checks d4.* report both y/x "
                            + "ratios at the ends of the authors' range and their maxima over it, against the spec's < 1e-2.",
                    RfRidgeErrorsBuilder.declaredParams())
            .with(RfSetup.params());

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        DMatrixRMaj x0 = ModeConfigurations.points(p.get(MODES), p.seed());
        RfSetup rf = new RfSetup(p, x0, new Rng(p.seed()), progress);
        RidgeDefinition def = new RidgeDefinition(1, p.get(GAP), p.get(RELATIVE_GAP));
        RfRidgeTraining.ErrorProbe probe = new RfRidgeTraining.ErrorProbe(
                rf.rf, x0, rf.quadrature, p.get(PROBE_MZ), def, p.get(ERROR_WEIGHT), rf.rng.split(), progress);
        double from = p.get(LOG10_TAU_FROM), to = p.get(LOG10_TAU_TO);
        if (!(to > from)) throw new ParameterException("log10-tau-to", to, "a number > log10-tau-from = " + from);
        double tmin = Math.pow(10, from), tmax = Math.pow(10, to);
        int k = p.get(POINTS);
        double[] taus = new double[k + 2]; // 0, k log-spaced times, infinity
        for (int i = 0; i < k; i++) taus[i + 1] = tmin * Math.pow(tmax / tmin, (double) i / (k - 1));
        taus[k + 1] = Double.POSITIVE_INFINITY;
        Rows rows = Rows.named("rf-ridge-errors")
                .reals("tau")
                .text("tau_label")
                .reals("loss_train", "loss_test", "excess", "normal_error", "tangent_error", "undetermined_error")
                .reals("error_x", "error_y", "loss_test_x", "loss_test_y", "loss_train_x", "loss_train_y");
        double worstRatio = 0, worstCoordRatio = 0, worstLossRatio = 0, worstExcessRatio = 0, initialLossRatio = 0;
        double rmin = Math.pow(10, p.get(RATIO_LOG10_TAU_FROM)), rmax = Math.pow(10, p.get(RATIO_LOG10_TAU_TO));
        RfRidgeTraining.ErrorProbe.Split s = null; // the last one is at tau = inf
        progress.start("training errors over tau", taus.length);
        for (int i = 0; i < taus.length; i++) {
            DMatrixRMaj w = rf.flow.weights(taus[i]);
            s = probe.evaluate(w);
            double[] lc = RfRidgeTraining.lossPerCoordinate(rf.test, w);
            double[] lt = RfRidgeTraining.lossPerCoordinate(rf.train, w), cs = s.perCoordinate();
            boolean inf = Double.isInfinite(taus[i]);
            rows.row(
                    inf ? 10 * tmax : taus[i],
                    inf ? "inf" : String.valueOf(taus[i]),
                    RfRidgeTraining.loss(rf.train, w),
                    lc[0] + lc[1],
                    s.excess(),
                    s.normal(),
                    s.tangent(),
                    s.undetermined(),
                    cs[0],
                    cs[1],
                    lc[0],
                    lc[1],
                    lt[0],
                    lt[1]);
            if (taus[i] == 0) initialLossRatio = lt[1] / lt[0];
            if (taus[i] >= rmin * (1 - 1e-9) && taus[i] <= rmax * (1 + 1e-9)) {
                worstLossRatio = Math.max(worstLossRatio, lt[1] / lt[0]);
                worstExcessRatio = Math.max(worstExcessRatio, cs[1] / cs[0]);
            }
            if (taus[i] >= tmin) {
                worstRatio = Math.max(worstRatio, s.normal() / s.tangent());
                worstCoordRatio = Math.max(worstCoordRatio, cs[1] / cs[0]);
            }
            progress.advance(i + 1);
        }
        progress.finish();
        // D4 at the two ends of the authors' range, evaluated there (not on the grid)
        double[] start = probe.yOverX(rf.train, rf.flow.weights(rmin)),
                end = probe.yOverX(rf.train, rf.flow.weights(rmax));
        // tau = 0 cannot be drawn on a log axis; W_0 is the row's start anyway
        result.table(rows.table().dropRows(0))
                .plot(
                        "loss-split",
                        PlotSpec.of(
                                        "D4 as the authors measure it: loss per output coordinate (calculate_loss_split); last point = tau inf",
                                        "tau")
                                .lines("loss_train_x", "loss_train_y")
                                .logXY()
                                .labels("training time tau", "loss restricted to coordinate x (tangent) / y (normal)"))
                .plot(
                        "error-split",
                        PlotSpec.of(
                                        "RF training error: normal vs tangent (ridge frame) and y vs x (coordinates); last point = tau inf",
                                        "tau")
                                .markers("normal_error", "tangent_error")
                                .lines("error_y", "error_x")
                                .logXY()
                                .labels("training time tau", "excess error E|m_W - m^_t|^2"))
                .plot(
                        "losses",
                        PlotSpec.of("RF loss on training noise and on fresh noise", "tau")
                                .lines("loss_train")
                                .markers("loss_test")
                                .logXY()
                                .labels("training time tau", "loss"))
                .check(
                        "error.normal-over-tangent.max",
                        "max normal/tangent error ratio (tau >= first finite tau)",
                        worstRatio)
                .check("error.y-over-x.max", "max y/x excess ratio (tau >= first finite tau)", worstCoordRatio)
                .check(
                        "d4.excess-ratio.range-start",
                        "D4: y/x ratio of the excess training error (spec 4.2) at the start of the authors' range (tau=300)",
                        start[0],
                        "< 1e-2 (order of magnitude)")
                .check(
                        "d4.excess-ratio.range-end",
                        "D4: y/x ratio of the excess training error at the end of the authors' range (tau=5000)",
                        end[0],
                        "< 1e-2 (order of magnitude)")
                .check(
                        "d4.excess-ratio.max",
                        "D4: max y/x excess ratio over the grid points in the authors' range",
                        worstExcessRatio,
                        "< 1e-2 (order of magnitude)")
                .check(
                        "d4.loss-ratio.range-start",
                        "D4: y/x loss ratio (authors' calculate_loss_split, incl. the irreducible part) at the "
                                + "start of the range",
                        start[1])
                .check(
                        "d4.loss-ratio.range-end",
                        "D4: y/x loss ratio (authors' calculate_loss_split) at the end of the range",
                        end[1])
                .check(
                        "d4.loss-ratio.max",
                        "D4: max y/x loss ratio over the grid points in the authors' range",
                        worstLossRatio)
                .check("d4.loss-ratio.tau-0", "y/x loss ratio at tau=0 (random W_0)", initialLossRatio)
                .check("d4.normal-error.inf", "normal error at tau=inf", s.normal(), "~0 (D4)")
                .check("d4.tangent-error.inf", "tangent error at tau=inf", s.tangent())
                .check("u.kept-eigenvalues", "kept eigenvalues of U~", rf.flow.keptCount());
    }
}
