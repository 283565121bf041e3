package org.diffdyn.ridge.experiments;

import java.util.Arrays;
import java.util.Locale;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.diffusion.GaussianMixture;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.experiment.Param;
import org.diffdyn.experiment.Params;
import org.diffdyn.ridge.ModeConfigurations;
import org.ejml.data.DMatrixRMaj;

/**
 * Parameters the paper-D experiments share, declared once so each key has one meaning: the training set, the ridge
 * definition's eigengap, the Gaussian-mixture score's width; and the scores a sampler can be driven by.
 */
public final class RidgeParams {
    private RidgeParams() {}

    /** Which score drives a sampler. */
    public enum Score {
        /** The exact empirical score of p^_t (memorises). */
        EXACT,
        /** A Gaussian mixture of width sigma around the training points (a smooth, generalising score). */
        GMM,
        /** The time-embedded random-features denoiser of §4.5, trained to tau. */
        RF,
        /** No sampler. */
        NONE
    }

    /** The training set: a name from the authors' config (a data-set name, not a mode of computation; see ModeConfigurations). */
    static Param<String> modes(String def) {
        return Param.text(
                "modes",
                def,
                "training set: one of " + String.join(", ", ModeConfigurations.names())
                        + " (config.py MODE_CONFIGS; pm3 = (+-3, 0); 13 = random stand-in for Fig. 1)",
                "one of " + String.join(", ", ModeConfigurations.names()),
                name -> {
                    ModeConfigurations.points(name, 13); // a ParameterException naming "modes" when unknown
                    return name;
                });
    }

    static final Param<Double> GAP = Param.real(
            "gap",
            0,
            0,
            1e6,
            "eigengap threshold beta for a defined normal frame (0 = none, the authors' code; UNSURE)");
    static final Param<Boolean> RELATIVE_GAP =
            Param.flag("relative-gap", false, "compare beta with h_t * gap instead of the gap");

    static final Param<Double> SIGMA =
            Param.realAbove("sigma", 0.5, 0, 10, "component standard deviation of the gmm score");

    /** A check-key segment for a label such as a training time: "1000" -> "1000", "0.001" -> "0-001", "inf" -> "inf". */
    static String seg(String label) {
        String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "x" : s;
    }

    /** The score a sampler on the training points x0 (one per row) is driven by (tau, rng and progress: rf only). */
    static ScoreFunction score(Score kind, DMatrixRMaj x0, Params p, double tau, Rng rng, Progress progress) {
        double[] ones = new double[x0.numRows], sigmas = new double[x0.numRows];
        Arrays.fill(ones, 1);
        Arrays.fill(sigmas, p.get(SIGMA));
        return switch (kind) {
            case EXACT -> GaussianMixture.empiricalScore(x0);
            case GMM -> new GaussianMixture(ones, x0, sigmas).score();
            case RF -> {
                RfSetup rf = new RfSetup(p, x0, rng, progress);
                yield rf.rf.score(rf.flow.weights(tau));
            }
            case NONE -> throw new ParameterException("score", "none", "exact, gmm or rf", "a sampler needs a score");
        };
    }
}
