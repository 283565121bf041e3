package org.diffdyn.ridge.experiments;

import java.util.ArrayList;
import java.util.List;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.ParamGroup;
import org.diffdyn.experiment.Params;
import org.diffdyn.ridge.RfRidgeTraining;
import org.diffdyn.ridge.TimeEmbeddedRf;
import org.ejml.data.DMatrixRMaj;

/**
 * The RF parameters shared by the paper-D experiments (§4.5 model, §5.5 recipe) and the trained model they build:
 * frozen features, Ũ/Ṽ on the training noise, fresh-noise moments for the test loss, and the gradient flow.
 */
@ParamGroup
final class RfSetup {
    static final Param<Integer> P = Param.integer("p", 600, 8, 4000, "number of random features p (authors: 2000)");
    static final Param<Integer> K =
            Param.integer("k", 48, 0, 512, "Fourier frequencies K of the time embedding (authors: 128)");
    static final Param<Double> PERIOD =
            Param.realAbove("period", 10, 0, 1000, "period T of the time embedding phi(t) (authors: 10)");
    static final Param<Integer> TIME_NODES =
            Param.integer("time-nodes", 160, 2, 20000, "intervals of the loss time quadrature (authors: 2000)");
    static final Param<RfRidgeTraining.TimeGrid> TIME_GRID = Param.choice(
            "time-grid",
            RfRidgeTraining.TimeGrid.GEOMETRIC_TRAPEZOID,
            "time quadrature: trapezoid on a geometric grid (recommended) or Simpson on a uniform grid (authors)");
    static final Param<Double> T0 =
            Param.realAbove("t0", 1e-3, 0, 1, "lower end t_0 of the loss time integral (authors: 1e-3)");
    static final Param<Double> T_MAX =
            Param.realAbove("t-max", 10, 0, 100, "upper end T of the loss integral and start of the sampler");
    static final Param<Integer> MZ =
            Param.integer("mz", 100, 1, 100000, "noise draws per training point and time node (authors: 2000)");
    static final Param<Integer> LOSS_WEIGHT = Param.integer(
            "loss-weight",
            0,
            -2,
            2,
            "training-loss weight h_t^k inside the time integral (0 = authors' unweighted 2-D loss; -1 = noise-prediction loss; "
                    + "-2 = score-units DSM, the authors' MNIST score-net loss)");
    static final Param<RfRidgeTraining.PinvFloor> PINV_FLOOR = Param.choice(
            "pinv-floor",
            RfRidgeTraining.PinvFloor.AUTHORS,
            "pseudo-inverse floor of U~: authors = 1/(1e4 p), relative = 1e-10 lambda_max (UNSURE which the paper used)");

    /**
     * The RF group (§4.5 model, §5.5 recipe), one meaning everywhere, for {@code Spec.with}; {@code overrides} replace
     * the entries with the same key.
     */
    static List<Param<?>> params(Param<?>... overrides) {
        List<Param<?>> all = new ArrayList<>(RfSetupSetters.declaredParams());
        for (Param<?> o : overrides) all.replaceAll(p -> p.key().equals(o.key()) ? o : p);
        return all;
    }

    final TimeEmbeddedRf rf;
    final RfRidgeTraining.Quadrature quadrature;
    final RfRidgeTraining.Moments train;
    final RfRidgeTraining.Moments test;
    final RfRidgeTraining.Flow flow;
    final Rng rng; // the stream the model was drawn from; a sampler of the model continues it

    /** The model on the training points x0 (one per row). */
    RfSetup(Params p, DMatrixRMaj x0, Rng rng, Progress progress) {
        this.rng = rng;
        rf = TimeEmbeddedRf.random(x0.numCols, p.get(P), p.get(K), p.get(PERIOD), rng.split());
        int nodes = p.get(TIME_NODES);
        RfRidgeTraining.TimeGrid grid = p.get(TIME_GRID);
        if (grid == RfRidgeTraining.TimeGrid.UNIFORM_SIMPSON && nodes % 2 == 1) nodes++;
        quadrature = RfRidgeTraining.quadrature(grid, p.get(T0), p.get(T_MAX), nodes);
        train = RfRidgeTraining.moments(rf, x0, quadrature, p.get(MZ), p.get(LOSS_WEIGHT), rng.split(), progress);
        test = RfRidgeTraining.moments(rf, x0, quadrature, p.get(MZ), p.get(LOSS_WEIGHT), rng.split(), progress);
        flow = new RfRidgeTraining.Flow(
                train, RfRidgeTraining.initialReadout(x0.numCols, rf.features(), rng.split()), p.get(PINV_FLOOR));
    }
}
