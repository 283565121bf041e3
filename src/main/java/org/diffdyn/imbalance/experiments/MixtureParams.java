package org.diffdyn.imbalance.experiments;

import java.util.List;
import java.util.stream.DoubleStream;
import org.diffdyn.core.Formats;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.Activation;
import org.diffdyn.experiment.Paper;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.ParamGroup;
import org.diffdyn.experiment.Params;
import org.diffdyn.experiment.Spec;
import org.diffdyn.imbalance.CentroidGeometry;
import org.diffdyn.imbalance.ClassMixture;
import org.diffdyn.imbalance.RfClassModel;

/** Parameters shared by the paper-C random-features experiments (data model §3.2 and RF model §1.4). */
@ParamGroup
final class MixtureParams {
    private MixtureParams() {}

    static final Param<Integer> D = Param.integer("d", 32, 2, 4096, "data dimension d");
    static final Param<Integer> P = Param.integer("p", 1024, 2, 8192, "number of random features p");
    static final Param<Double> T = Param.realAbove("t", 0.1, 0, 20, "OU diffusion time t of the fixed-time model");
    static final Param<Activation> ACTIVATION = Param.choice(
            "activation", Activation.TANH, "activation sigma (tanh as in Bonnaire; paper C's choice is UNSURE)");
    static final Param<CentroidGeometry> GEOMETRY =
            Param.choice("geometry", CentroidGeometry.ANTIPODAL, "centroid geometry (antipodal needs 2 classes)");
    static final Param<double[]> SIGMAS = Param.reals(
            "sigmas", new double[] {1, 1}, 0, 100, true, "within-class standard deviations sigma_c, one per class");
    static final Param<double[]> NORMS = Param.reals(
            "norms", new double[] {1, 1}, 0, 100, false, "centroid norms m_c (|mu_c| = m_c sqrt(d)), one per class");
    static final Param<double[]> RATIOS = Param.reals(
            "ratios",
            new double[] {1, 1},
            0,
            1e9,
            true,
            "sampling ratios rho_c (normalised; e.g. 112,16 for 7:1), one per class; population weights pi_c = rho_c (UNSURE)");
    static final Param<RfClassModel.NoiseAverage> NOISE = Param.choice(
            "noise",
            RfClassModel.NoiseAverage.EXACT,
            "noise average of U, V: exact (Mehler + Stein, Bonnaire's fresh noise) or monte-carlo (m fixed draws, George et al.)");
    static final Param<Integer> DRAWS =
            Param.integer("draws", 32, 1, 100_000, "noise draws m per point when noise=monte-carlo");

    /** Parameters some of the mixture experiments add to the group (declared once here, not part of it). */
    static final class Extra {
        private Extra() {}

        static final Param<Integer> N = Param.integer("n", 128, 2, 100_000, "training-set size n (n_c = rho_c n)");
        static final Param<Integer> SCORE_SAMPLES = Param.integer(
                "score-samples", 4000, 10, 1_000_000, "Monte-Carlo samples per class for the score-error cross term");
        static final Param<Integer> PER_DECADE =
                Param.integer("per-decade", 40, 2, 1000, "tau grid points per decade (spec: >= 40)");
    }

    /** The spec: the group (in front of the experiment's own parameters) + the seed. */
    static Spec spec(String name, String title, String description, List<Param<?>> own) {
        return Spec.of(name, Paper.C, title, description, MixtureParamsSetters.declaredParams())
                .with(own);
    }

    static ClassMixture mixture(Params p, Rng rng) {
        int k = p.get(RATIOS).length;
        double[] sigmas = perClass(p, SIGMAS, k), norms = perClass(p, NORMS, k);
        return new ClassMixture(p.get(D), p.get(GEOMETRY), norms, sigmas, p.get(RATIOS), rng);
    }

    /** A per-class list: one value for every class, or exactly k values. */
    private static double[] perClass(Params p, Param<double[]> param, int k) {
        double[] v = p.get(param);
        if (v.length == 1 && k > 1)
            return DoubleStream.generate(() -> v[0]).limit(k).toArray();
        if (v.length != k)
            throw new ParameterException(param.key(), Formats.csv(v), k + " values (one per class, as many as ratios)");
        return v;
    }

    /** The model configuration with n and the score-sample count given explicitly (not every experiment has them). */
    static RfClassModel.Config config(Params p, int n, int scoreSamples) {
        RfClassModel.Config c = new RfClassModel.Config(
                n, p.get(P), p.get(T), p.get(ACTIVATION), RfClassModel.NoiseAverage.EXACT, 0, scoreSamples, 3, 48);
        return p.get(NOISE) == RfClassModel.NoiseAverage.MONTE_CARLO ? c.withMonteCarlo(p.get(DRAWS)) : c;
    }
}
