package org.diffdyn.imbalance.experiments;

import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.Activation;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Rows;
import org.diffdyn.experiment.Spec;
import org.diffdyn.experiment.TypedBuilder;
import org.diffdyn.imbalance.ClassMixture;
import org.diffdyn.imbalance.GepTheory;
import org.diffdyn.imbalance.RfClassModel;
import org.diffdyn.imbalance.SpectrumAnalysis;
import org.diffdyn.plot.PlotSpec;
import org.ejml.data.DMatrixRMaj;

/**
 * The spectrum of the train feature covariance U of the random-features model on a K-class mixture, split into
 * spikes / population bulk / memorisation bulk / floor with per-eigenvector class weights (paper C,
 * random-features-and-ridge.md §3.3 and §5.4, DERIVED reconstruction), against the per-class GEP matrix.
 *
 * <p>Typed DSL: {@code rfSpectrum().geometry(CentroidGeometry.ORTHOGONAL).sigmas(1, 0.5).run()}.
 */
@TypedBuilder(mixins = MixtureParamsSetters.class)
public final class RfSpectrum implements Experiment {
    static final Param<GepTheory.Shift> GEP_SHIFT = Param.choice(
            "gep-shift",
            GepTheory.Shift.PER_FEATURE,
            "where the GEP bulk coefficients are evaluated: zero (the spec's mu = 0) or per-feature (each feature's own shift; "
                    + "UNSURE which paper C uses)");
    static final Param<Integer> N = MixtureParams.Extra.N;

    public static final Spec SPEC = MixtureParams.spec(
            "rf-spectrum",
            "Spectrum of the RF feature covariance U: class-coloured spikes, bulks and floor vs the GEP matrix",
            "Eigenvalues of U = sum_c rho_c U_c (exact noise average) with class weights w_c(k) = rho_c q_k^T U_c q_k / lambda_k, "
                    + "grouped at gaps of log lambda into spikes, population bulk, memorization bulk and floor (random-features-and-ridge.md "
                    + "sections 3.3 and 5.4, DERIVED). Columns: index, lambda (the RF matrix), lambda_gep (theory: the per-class "
                    + "Gaussian-equivalent matrix with fresh Gaussians, sorted), tau = 1/lambda, group, dominant class, weight of each class. "
                    + "Checks: group sizes and ranges, gap ratios, spike ratio, GEP predicted scales.",
            RfSpectrumBuilder.declaredParams());

    @Override
    public void run(Params p, ExperimentResult.Builder b, Progress progress) {
        Rng rng = new Rng(p.seed());
        ClassMixture mix = MixtureParams.mixture(p, rng.split());
        int k = mix.classes(), n = p.get(N), features = p.get(MixtureParams.P);
        // The score cross term is not needed here: keep its Monte Carlo minimal.
        RfClassModel model = RfClassModel.train(mix, MixtureParams.config(p, n, 10), rng.split(), progress);
        SpectrumAnalysis sa = SpectrumAnalysis.of(model);
        int[] counts = IntStream.range(0, k).map(model::count).toArray();
        double t = model.config().t();
        Activation act = model.config().activation();
        progress.checkCancelled();
        DMatrixRMaj gepMatrix = GepTheory.matrix(mix, model.features(), counts, t, p.get(GEP_SHIFT), rng.split());
        double[] gep = Dense.eigh(gepMatrix).values(), lambda = sa.values();
        Rows rows = Rows.named("rf-spectrum")
                .integers("index")
                .reals("lambda", "lambda_gep", "tau")
                .text("group")
                .integers("dominant_class");
        for (int c = 0; c < k; c++) rows.reals("weight_class_" + c);
        for (int i = 0; i < lambda.length; i++) {
            String group = sa.groups().get(sa.groupOf(i)).name();
            Stream<Object> head = Stream.of(i, lambda[i], gep[i], 1 / lambda[i], group, sa.dominantClass(i));
            Stream<Double> weights = Arrays.stream(sa.classWeights(i)).boxed();
            rows.row(Stream.concat(head, weights).toArray());
        }
        b.table(rows.table());
        String byClass = "Eigenvalues of U coloured by dominant class";
        b.plot("by-class", eigenvalues(byClass).groupBy("dominant_class"));
        b.plot("by-group", eigenvalues("Eigenvalues of U by spectral group").groupBy("group"));
        b.plot("vs-gep", eigenvalues("RF matrix (markers) vs per-class GEP matrix (line)", "lambda_gep"));
        for (SpectrumAnalysis.Group g : sa.groups()) {
            String key = "group." + g.name().replace(' ', '-');
            b.check(key + ".size", g.name() + ": size", g.size());
            b.check(key + ".lambda-max", g.name() + ": lambda max", g.max());
            b.check(key + ".lambda-min", g.name() + ": lambda min", g.min());
            for (int c = 0; c < k; c++)
                b.check(key + ".weight.class-" + c, g.name() + ": mean weight class " + c, g.classWeights()[c]);
        }
        double[] gaps = sa.gapRatios();
        for (int i = 0; i < gaps.length; i++) {
            String name = sa.groups().get(i).name();
            b.check("gap." + name.replace(' ', '-'), "gap ratio below " + name, gaps[i]);
        }
        if (sa.groups().get(0).size() >= 2)
            b.check("spike-ratio", "spike ratio lambda_0/lambda_1", lambda[0] / lambda[1]);
        for (GepTheory.ClassScales s : GepTheory.scales(mix, n, features, t, act)) {
            int c = s.label();
            b.check("gep.spike.class-" + c, "GEP spike class " + c, s.spike());
            b.check("gep.memorization-bulk.class-" + c, "GEP memorization bulk class " + c, s.memorizationBulk());
        }
        double populationBulk = GepTheory.sharedPopulationBulk(mix, features, t, act);
        b.check("gep.population-bulk", "GEP shared population bulk", populationBulk);
        b.check("gep.floor", "GEP floor", GepTheory.floor(mix, t, act));
        b.check("gep.median-log-ratio", "median |log(lambda_gep/lambda)|", medianLogRatio(lambda, gep));
    }

    /** Eigenvalues of U against their index, as markers on log axes, after the given theory lines. */
    private static PlotSpec eigenvalues(String title, String... lines) {
        return PlotSpec.of(title, "index")
                .lines(lines)
                .markers("lambda")
                .logXY()
                .labels("eigenvalue index k", "lambda_k");
    }

    /** The median over k of |log(b_k/a_k)|. */
    static double medianLogRatio(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = Math.abs(Math.log(b[i] / a[i]));
        Arrays.sort(r);
        return r[r.length / 2];
    }
}
