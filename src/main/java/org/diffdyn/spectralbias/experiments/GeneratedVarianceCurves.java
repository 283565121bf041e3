package org.diffdyn.spectralbias.experiments;

import java.util.List;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.GeneratedVariance;
import org.diffdyn.spectralbias.OneLayerDynamics;
import org.diffdyn.spectralbias.TrainingKl;
import org.diffdyn.spectralbias.TwoLayerDynamics;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Paper A Fig. 2B/E, 5, 6 (variance rows): the generated variance λ̃_k(τ) of each mode through training, one-layer
 * (Prop. 4.2) and two-layer (Prop. 5.1), each checked against quadrature of the boxed integral and accompanied by
 * what the experiments' 20-step Heun sampler would produce (§2.4 recipe 5), plus the KL through training (§2.2.11).
 */
public final class GeneratedVarianceCurves implements Experiment {
    public static final Param<double[]> LAMBDAS = Param.reals("lambdas", new double[] {10, 3, 1, 0.3, 0.1, 0.03, 0.01, 0.001},
            0, 1e6, true, "mode variances lambda_k");
    public static final Param<Double> Q = Param.realAbove("q", 0.1, 0, 2, "aligned initialisation Q (0.1 Fig. 2, 0.5 Fig. 5, 1)");
    public static final Param<Double> ETA = Param.realAbove("eta", 1.0, 0, 100, "gradient-flow learning rate eta");
    public static final Param<Double> TAU_FROM = Param.real("log10-tau-from", -4, -10, 6, "first training time 10^x");
    public static final Param<Double> TAU_TO = Param.real("log10-tau-to", 3, -8, 8, "last training time 10^x");
    public static final Param<Integer> POINTS = Param.integer("points", 100, 2, 100_000, "training times on the log grid");
    public static final Param<Double> SIGMA_MIN = Param.realAbove("sigma-min", EdmSchedule.DEFAULT_SIGMA_MIN, 0, 10, "sigma_0, end of sampling");
    public static final Param<Double> SIGMA_MAX = Param.realAbove("sigma-max", EdmSchedule.DEFAULT_SIGMA_MAX, 0, 1e4, "sigma_T, start of sampling");
    public static final Param<Integer> STEPS = Param.integer("sampler-steps", 20, 2, 100_000, "Heun sampler steps (Karras, rho = 7)");
    public static final Param<Long> SEED = Param.seed(1);

    @Override public String name() { return "generated-variance"; }
    @Override public String paper() { return "A"; }
    @Override public String title() { return "Generated variance per mode through training, one- vs two-layer (Fig. 2B/E, 5, 6)"; }
    @Override public String description() {
        return "lambda-tilde_k(tau) from the probability-flow ODE with the learned linear denoiser. Columns: lambda, tau, "
                + "one_layer (Prop. 4.2 Ei closed form, QUOTED), one_layer_quadrature (boxed integral, DERIVED), one_layer_heun "
                + "(the discrete 20-step Heun sampler, DERIVED), two_layer (Prop. 5.1, QUOTED), two_layer_heun; rows with lambda "
                + "missing hold kl_one_layer / kl_two_layer = KL(generated || data) summed over the modes (DERIVED §2.2.11). "
                + "No randomness: the seed is unused.";
    }
    @Override public List<Param<?>> params() {
        return List.of(LAMBDAS, Q, ETA, TAU_FROM, TAU_TO, POINTS, SIGMA_MIN, SIGMA_MAX, STEPS, SEED);
    }

    public static Builder create() { return new Builder(new GeneratedVarianceCurves()); }
    @Override public Builder builder() { return new Builder(this); }

    public static final class Builder extends ExperimentBuilder<Builder> {
        Builder(GeneratedVarianceCurves e) { super(e); }
        public Builder lambdas(double... l) { return set(LAMBDAS.name(), l); }
        public Builder q(double q) { return set(Q.name(), q); }
        public Builder eta(double eta) { return set(ETA.name(), eta); }
        public Builder tauRange(double log10From, double log10To) { set(TAU_FROM.name(), log10From); return set(TAU_TO.name(), log10To); }
        public Builder points(int n) { return set(POINTS.name(), n); }
        public Builder sigmaRange(double min, double max) { set(SIGMA_MIN.name(), min); return set(SIGMA_MAX.name(), max); }
        public Builder samplerSteps(int n) { return set(STEPS.name(), n); }
    }

    @Override public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder b = ExperimentResult.builder(name(), p);
        double[] lambdas = p.get(LAMBDAS);
        double q = p.get(Q), eta = p.get(ETA), s0 = p.get(SIGMA_MIN), sT = p.get(SIGMA_MAX);
        double[] taus = EmergenceTimes.logspace(p.get(TAU_FROM), p.get(TAU_TO), p.get(POINTS));
        double[] levels = new EdmSchedule(s0, sT).karrasSteps(p.get(STEPS), EdmSchedule.DEFAULT_RHO);
        double[][] one = GeneratedVariance.oneLayerLog(lambdas, q, eta, taus, s0, sT);
        double[][] two = TwoLayerDynamics.generatedLog(lambdas, q, eta, taus, s0, sT);
        DoubleColumn lam = DoubleColumn.create("lambda"), tau = DoubleColumn.create("tau"),
                c1 = DoubleColumn.create("one_layer"), quad = DoubleColumn.create("one_layer_quadrature"),
                h1 = DoubleColumn.create("one_layer_heun"), c2 = DoubleColumn.create("two_layer"),
                h2 = DoubleColumn.create("two_layer_heun"), kl1 = DoubleColumn.create("kl_one_layer"),
                kl2 = DoubleColumn.create("kl_two_layer");
        double worstQuad = 0;
        progress.start("generated variance", lambdas.length);
        double[] psi1 = new double[levels.length], psi2 = new double[levels.length];
        for (int k = 0; k < lambdas.length; k++) {
            double l = lambdas[k];
            for (int j = 0; j < taus.length; j++) {
                double t = taus[j];
                double qd = GeneratedVariance.logByQuadrature(s -> OneLayerDynamics.weight(l, s, q, eta, t), s0, sT, 64);
                worstQuad = Math.max(worstQuad, Math.abs(qd - one[j][k]));
                for (int i = 0; i + 1 < levels.length; i++) {
                    psi1[i] = OneLayerDynamics.weight(l, levels[i], q, eta, t);
                    psi2[i] = TwoLayerDynamics.weight(l, levels[i], q, eta, t);
                }
                lam.append(l); tau.append(t);
                c1.append(Math.exp(one[j][k])); quad.append(Math.exp(qd));
                h1.append(Math.exp(GeneratedVariance.samplerLog(levels, psi1, GeneratedVariance.Sampler.HEUN)));
                c2.append(Math.exp(two[j][k]));
                h2.append(Math.exp(GeneratedVariance.samplerLog(levels, psi2, GeneratedVariance.Sampler.HEUN)));
                kl1.appendMissing(); kl2.appendMissing();
            }
            progress.advance(k + 1);
        }
        progress.finish();
        for (int j = 0; j < taus.length; j++) {
            lam.appendMissing(); tau.append(taus[j]);
            c1.appendMissing(); quad.appendMissing(); h1.appendMissing(); c2.appendMissing(); h2.appendMissing();
            kl1.append(TrainingKl.forward(one[j], lambdas));
            kl2.append(TrainingKl.forward(two[j], lambdas));
        }
        Table t = Table.create(name(), lam, tau, c1, quad, h1, c2, h2, kl1, kl2);
        return b.table(t)
                .plot(PlotSpec.of("One-layer generated variance, Q=" + q + " (Prop. 4.2 lines, quadrature markers)", "tau")
                        .lines("one_layer").markers("one_layer_quadrature").groupBy("lambda").ordered().logX().logY()
                        .labels("training time eta*tau", "generated variance lambda-tilde_k"))
                .plot(PlotSpec.of("Two-layer generated variance, Q=" + q + " (Prop. 5.1)", "tau")
                        .lines("two_layer").groupBy("lambda").ordered().logX().logY()
                        .labels("training time eta*tau", "generated variance lambda-tilde_k"))
                .plot(PlotSpec.of("One-layer: exact PF-ODE (lines) vs " + p.get(STEPS) + "-step Heun sampler (markers)", "tau")
                        .lines("one_layer").markers("one_layer_heun").groupBy("lambda").ordered().logX().logY()
                        .labels("training time eta*tau", "generated variance lambda-tilde_k"))
                .plot(PlotSpec.of("KL(generated || data) through training", "tau")
                        .lines("kl_one_layer").lines("kl_two_layer").logX().logY()
                        .labels("training time eta*tau", "KL divergence (nats)"))
                .check("max |ln closed form - ln quadrature|", worstQuad)
                .check("initial variance (tau=0, every mode)", Math.exp(GeneratedVariance.initialLog(q, s0, sT)))
                .build();
    }
}
