package org.diffdyn.imbalance.experiments;

import org.diffdyn.core.Formats;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.imbalance.ClassMixture;
import org.diffdyn.imbalance.GepTheory;
import org.diffdyn.imbalance.LearningTimes;
import org.diffdyn.imbalance.RfClassModel;
import org.diffdyn.imbalance.SpectrumAnalysis;
import org.diffdyn.plot.PlotSpec;

/**
 * τ_mem and τ_gen per class against the training-set size n (Bonnaire et al.'s τ_mem ∝ n, §2.2 QUOTED, per class as
 * in paper C's reconstruction §3.3/§3.5 DERIVED), measured from the gradient-flow learning curves, beside the
 * spectral proxies: n/(p v_c²) (GEP theory) and 1/λ at the top of the memorisation bulk of the actual U.
 *
 * <p>Typed DSL: {@code memorizationTime().sizes(64, 128, 256).run()}.
 */
@TypedBuilder(mixins = MixtureParamsSetters.class)
public final class MemorizationTime implements Experiment {
    static final Param<double[]> SIZES =
            Param.reals("sizes", new double[] {64, 128, 256, 512}, 2, 100_000, false, "training-set sizes n");
    static final Param<Integer> SCORE_SAMPLES = MixtureParams.Extra.SCORE_SAMPLES;
    static final Param<Integer> PER_DECADE = MixtureParams.Extra.PER_DECADE;

    public static final Spec SPEC = MixtureParams.spec(
            "memorization-time",
            "Per-class memorization and generalization times vs training-set size n",
            "For each n: the RF model on the K-class mixture, its per-class tau_gen (relative 5% rule on the score error) and "
                    + "tau_mem (half the asymptotic test-train gap) read from the gradient-flow curves on a tau grid in [1e-3, 1e7] "
                    + "(columns tau_gen, tau_mem), and the spectral proxies: tau_mem_gep = n/(p v_c^2) from the GEP "
                    + "coefficients and tau_mem_spectral = 1/lambda at the top of the memorization bulk of U. random-features-and-ridge.md "
                    + "sections 2.2, 3.3, 3.5 (C1: tau_mem doubles with n while tau_gen stays put).",
            MemorizationTimeBuilder.declaredParams());

    @Override
    public void run(Params p, ExperimentResult.Builder result, Progress progress) {
        double[] sizes = p.get(SIZES);
        for (int i = 0; i < sizes.length; i++)
            if (sizes[i] != Math.rint(sizes[i]))
                throw new ParameterException("sizes", Formats.csv(sizes), "whole numbers", "entry " + i);
        Rng root = new Rng(p.seed());
        ClassMixture mix = MixtureParams.mixture(p, root.split());
        long modelSeed = root.split().uniformInt(Integer.MAX_VALUE);
        double[] taus = Grids.perDecade(1e-3, 1e7, p.get(PER_DECADE));
        Rows rows = Rows.named("memorization-time")
                .integers("n", "class", "n_c")
                .reals("tau_gen", "tau_mem", "tau_mem_gep", "tau_mem_spectral", "tau_gen_gep");
        int k = mix.classes(), previous = 0;
        double[] previousMem = null;
        for (double size : sizes) {
            int n = (int) size;
            RfClassModel.Config cfg = MixtureParams.config(p, n, p.get(SCORE_SAMPLES));
            // The same W for every n (same model seed): only the training set grows.
            RfClassModel model = RfClassModel.train(mix, cfg, new Rng(modelSeed), progress);
            RfClassModel.LearningCurves lc = model.curves(taus, progress);
            double[] g = LearningTimes.gen(lc, LearningTimes.GenRule.RELATIVE);
            double[] m = LearningTimes.mem(lc, LearningTimes.MemRule.HALF_GAP);
            double memTop = SpectrumAnalysis.of(model).groups().get(2).max();
            GepTheory.ClassScales[] sc = GepTheory.scales(mix, n, cfg.p(), cfg.t(), cfg.activation());
            for (int c = 0; c < k; c++)
                rows.row(n, c, model.count(c), g[c], m[c], sc[c].tauMemProxy(), 1 / memTop, sc[c].tauGenProxy());
            String target = 2 * previous == n && n <= cfg.p() / 8 ? "in [1.6, 2.4] (C1, n <= p/8)" : null;
            for (int c = 0; previousMem != null && c < k; c++) {
                String label = "tau_mem(" + n + ")/tau_mem(" + previous + ") class " + c;
                result.check("tau-mem-ratio.n-" + n + ".class-" + c, label, m[c] / previousMem[c], target);
            }
            previous = n;
            previousMem = m;
        }
        String memTitle = "tau_mem vs n (markers: from the learning curves; lines: spectral proxies)";
        String genTitle = "tau_gen vs n (does not grow with n)";
        result.table(rows.table())
                .plot("tau-mem", vsN(memTitle, "memorization time", "tau_mem", "tau_mem_gep", "tau_mem_spectral"))
                .plot("tau-gen", vsN(genTitle, "generalization time", "tau_gen", "tau_gen_gep"));
    }

    /** Per-class times against the training-set size n (log axes): the measured markers, then the proxy lines. */
    private static PlotSpec vsN(String title, String yLabel, String measured, String... proxies) {
        PlotSpec plot = PlotSpec.of(title, "n").groupBy("class").logXY().labels("training-set size n", yLabel);
        return plot.markers(measured).lines(proxies);
    }
}
