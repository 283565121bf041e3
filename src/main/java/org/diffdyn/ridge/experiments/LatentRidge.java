package org.diffdyn.ridge.experiments;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ReverseSampler;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.plot.PlotSpec;
import org.diffdyn.ridge.EmpiricalRidge;
import org.diffdyn.ridge.LatentData;
import org.diffdyn.ridge.RidgeDefinition;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The ridge residual of generated samples in a high-dimensional latent (paper D D-MNIST, target D9): histogram of
 * r_{t_eval}(x)/max r over the samples at t_eval = 10⁻³ with d* = 20 of D = 32 (QUOTED settings). The latent is a
 * PCA stand-in for the paper's VAE latent ({@link LatentData}); the sampler's score is a time-embedded RF trained on the
 * latents (our stand-in for the paper's MLP score network), or the exact empirical score for reference.
 */
public final class LatentRidge implements Experiment {
    public static final Param<Integer> LABEL = Param.integer("label", 1, 0, 9, "Fashion-MNIST class (1 = trouser)");
    public static final Param<Integer> N = Param.integer("n", 300, 10, 6000, "training latents");
    public static final Param<Integer> LATENT = Param.integer("latentDim", 32, 3, 256, "latent dimension D (paper: 32)");
    public static final Param<Integer> D_STAR = Param.integer("dStar", 20, 1, 255, "ridge tangent dimension d* (paper: 20 or 25)");
    public static final Param<Double> T_EVAL = Param.realAbove("tEval", 1e-3, 0, 10, "time t of the ridge (paper: 1e-3)");
    public static final Param<String> SCORE = Param.choice("score", "rf", "sampler score: trained RF, or the exact empirical score", "rf", "exact");
    public static final Param<Integer> SAMPLES = Param.integer("samples", 500, 2, 100000, "generated samples (paper: 2000)");
    public static final Param<Integer> STEPS = Param.integer("steps", 300, 10, 100000, "SDE steps on the geometric grid tMax -> tEval (paper: 1000)");
    public static final Param<Integer> BINS = Param.integer("bins", 40, 2, 1000, "histogram bins");
    public static final Param<Double> TAU = Param.real("tau", 1e4, 0, 1e12, "RF training time (Infinity not allowed; use a large value)");
    public static final Param<Long> SEED = Param.seed(1);

    @Override public String name() { return "latent-ridge"; }
    @Override public String paper() { return "D"; }
    @Override public String title() { return "Ridge residual histogram of generated samples in a 32-D image latent (D9)"; }
    @Override public String description() {
        return "Fashion-MNIST PCA latent (stand-in for the paper's VAE latent), RF or exact score, reverse SDE to tEval, ridge "
                + "residual r (QUOTED definition) with d* of D normal directions. Columns: bin (center of r/max r), count, "
                + "fraction, log10_bin, log_count (histogram of log10 r).";
    }
    @Override public List<Param<?>> params() {
        List<Param<?>> l = new ArrayList<>(List.of(LABEL, N, LATENT, D_STAR, T_EVAL, SCORE, SAMPLES, STEPS, BINS, TAU));
        for (Param<?> q : RfSetup.params()) {
            if (q == RfSetup.K) l.add(Param.integer("K", 16, 0, 512, RfSetup.K.description()));
            else if (q == RfSetup.NODES) l.add(Param.integer("timeNodes", 40, 2, 20000, RfSetup.NODES.description()));
            else if (q == RfSetup.MZ) l.add(Param.integer("mz", 4, 1, 100000, RfSetup.MZ.description()));
            else l.add(q);
        }
        l.add(SEED);
        return l;
    }

    public static Builder create() { return new Builder(new LatentRidge()); }
    @Override public Builder builder() { return new Builder(this); }

    public static final class Builder extends RfBuilder<Builder> {
        Builder(LatentRidge e) { super(e); }
        public Builder label(int c) { return set(LABEL.name(), c); }
        public Builder n(int n) { return set(N.name(), n); }
        public Builder latentDim(int d) { return set(LATENT.name(), d); }
        public Builder dStar(int d) { return set(D_STAR.name(), d); }
        public Builder score(String s) { return set(SCORE.name(), s); }
        public Builder samples(int n) { return set(SAMPLES.name(), n); }
        public Builder steps(int n) { return set(STEPS.name(), n); }
        public Builder tau(double t) { return set(TAU.name(), t); }
    }

    private static double[] finite(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).toArray();
    }

    static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    @Override public ExperimentResult run(Params p, Progress progress) {
        ExperimentResult.Builder result = ExperimentResult.builder(name(), p);
        int latentDim = p.get(LATENT);
        LatentData.Latents lat = LatentData.fashionMnistPca(p.get(LABEL), p.get(N), latentDim, Math.max(6000, 12 * p.get(N)));
        int n = lat.n(), d = lat.d();
        RidgeDefinition def = new RidgeDefinition(p.get(D_STAR), 0);
        def.checkDimension(d);
        Rng rng = new Rng(p.seed());
        double tEval = p.get(T_EVAL);
        ScoreFunction score;
        if (p.get(SCORE).equals("exact")) {
            score = GaussianMixture.empiricalScore(lat.points(), n, d);
        } else {
            RfSetup rf = new RfSetup(p, lat.points(), n, d, rng, progress);
            score = rf.rf.score(rf.flow.weights(p.get(TAU)));
        }
        ReverseSampler.Run run = ReverseSampler.run(ReverseSampler.Kind.SDE, score, p.get(SAMPLES), d,
                OuProcess.geometricGrid(p.get(RfSetup.TMAX), tEval, p.get(STEPS)), 0, rng.split(), progress);
        EmpiricalRidge ridge = new EmpiricalRidge(lat.points(), n, d, tEval, def);
        int m = run.n();
        double[] r = new double[m];
        int curved = 0, diverged = 0;
        double[] x = new double[d];
        double[] nearest = new double[m], scaledRatio = new double[m];
        double h = OuProcess.h(tEval), a = OuProcess.a(tEval);
        double[] pts = lat.points();
        progress.start("ridge residuals in D=" + d, m);
        for (int i = 0; i < m; i++) {
            System.arraycopy(run.samples(), i * d, x, 0, d);
            EmpiricalRidge.Local l = ridge.local(x);
            r[i] = l.residual();
            if (!Double.isFinite(r[i])) { r[i] = Double.NaN; nearest[i] = scaledRatio[i] = Double.NaN; diverged++; continue; }
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double s2 = 0;
                for (int k = 0; k < d; k++) { double e = x[k] - a * pts[j * d + k]; s2 += e * e; }
                best = Math.min(best, s2);
            }
            nearest[i] = Math.sqrt(best);
            scaledRatio[i] = h * r[i] / nearest[i];
            if (l.curvatureHolds()) curved++;
            if ((i & 31) == 0) progress.advance(i);
        }
        progress.finish();
        double max = 0;
        r = java.util.Arrays.stream(r).filter(Double::isFinite).toArray();
        if (r.length == 0) throw new org.diffdyn.core.NumericalException("tau", "every trajectory diverged");
        m = r.length;
        for (double v : r) max = Math.max(max, v);
        int bins = p.get(BINS);
        int[] hist = new int[bins], logHist = new int[bins];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : r) { double lv = Math.log10(Math.max(v, 1e-300)); lo = Math.min(lo, lv); hi = Math.max(hi, lv); }
        if (!(hi > lo)) hi = lo + 1;
        int below05 = 0, below01 = 0;
        for (double v : r) {
            double u = max > 0 ? v / max : 0;
            hist[Math.min(bins - 1, (int) (u * bins))]++;
            logHist[Math.min(bins - 1, (int) ((Math.log10(Math.max(v, 1e-300)) - lo) / (hi - lo) * bins))]++;
            if (u < 0.5) below05++;
            if (u < 0.1) below01++;
        }
        DoubleColumn bin = DoubleColumn.create("bin"), frac = DoubleColumn.create("fraction"), lbin = DoubleColumn.create("log10_bin"),
                lfrac = DoubleColumn.create("log_fraction");
        IntColumn cnt = IntColumn.create("count"), lcnt = IntColumn.create("log_count");
        StringColumn src = StringColumn.create("source");
        for (int b = 0; b < bins; b++) {
            bin.append((b + 0.5) / bins); cnt.append(hist[b]); frac.append((double) hist[b] / m);
            lbin.append(lo + (b + 0.5) * (hi - lo) / bins); lcnt.append(logHist[b]); lfrac.append((double) logHist[b] / m);
            src.append(lat.source() + ", " + p.get(SCORE) + " score");
        }
        Table table = Table.create("latent-ridge", src, bin, cnt, frac, lbin, lcnt, lfrac);
        return result.table(table)
                .plot(PlotSpec.of("Ridge residual of samples at t=" + tEval + " (D=" + d + ", d*=" + p.get(D_STAR) + "), normalised by its max", "bin")
                        .add("fraction", PlotSpec.Style.LINES_AND_MARKERS, "fraction of samples").labels("r / max r", "fraction"))
                .plot(PlotSpec.of("Ridge residual histogram on a log scale", "log10_bin")
                        .add("log_fraction", PlotSpec.Style.LINES_AND_MARKERS, "fraction of samples").labels("log10 r", "fraction"))
                .check("fraction with r < 0.1 max", (double) below01 / m)
                .check("fraction with r < 0.5 max", (double) below05 / m)
                .check("curvature condition satisfied", (double) curved / m)
                .check("PCA explained variance share", lat.explainedShare())
                .check("training latents", n)
                .check("diverged trajectories", diverged)
                .check("median residual", median(r))
                .check("median distance to the nearest training latent (a_t x_i)", median(finite(nearest)))
                .check("median h r / nearest distance", median(finite(scaledRatio)))
                .check("sqrt((D - d*)/D): h r / distance for an isotropic (round-off) frame", Math.sqrt((double) (d - p.get(D_STAR)) / d))
                .build();
    }
}
