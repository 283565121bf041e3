package org.diffdyn.generalization;

import org.diffdyn.core.Check;
import org.diffdyn.core.NumericalException;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.spectra.Spectrum;
import org.ejml.data.DMatrixRMaj;

/**
 * Simulation: full-batch gradient descent on the whole d×d matrix W_t at one noise level, from the N training samples
 * themselves (no eigenmodes anywhere), with the noise expectation taken exactly (F1, §3.2):
 * W ← W − 2η_t (W H − √b I), H = aΣ̂ + (b + c)I, Σ̂ = XᵀX/N. Used to check the per-mode closed form of B2, which it
 * must match to rounding error for discrete GD.
 */
public final class ExplicitTraining {
    private ExplicitTraining() {}

    /** The trained matrix and its losses computed from the matrix (not from eigenmodes). */
    public record Result(DMatrixRMaj weights, double testLoss, double trainLoss) {}

    /**
     * Trains W_t for {@code steps} GD steps from W(0) = q I on the data X (one sample per row, Σ = diag(λ)).
     * The test loss uses Σ = diag(λ): d − 2√b Tr W + Σ_ij W_ij² (aλ_j + b).
     */
    public static Result train(
            DMatrixRMaj x,
            Spectrum spectrum,
            double a,
            double b,
            double c,
            double q,
            double eta,
            int steps,
            Progress progress) {
        int d = spectrum.dimension();
        if (x.numCols != d)
            throw new org.diffdyn.core.ParameterException(
                    "X", x.numRows + "x" + x.numCols, "an N x " + d + " data matrix");
        Check.nonNegative("c", c);
        Check.positive("eta", eta);
        Check.inRange("steps", steps, 0, 100_000_000);
        DMatrixRMaj sigmaHat = DataStats.secondMoment(x);
        double sb = Math.sqrt(b);
        // Step matrix M = I − 2ηH and drive 2η√b I: W ← W M + 2η√b I.
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        for (int i = 0; i < d * d; i++) m.data[i] = -2 * eta * a * sigmaHat.data[i];
        for (int i = 0; i < d; i++) m.data[i * d + i] += 1 - 2 * eta * (b + c);
        DMatrixRMaj w = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) w.data[i * d + i] = q;
        Progress pr = progress == null ? Progress.NONE : progress;
        pr.start("explicit GD on W (" + d + "x" + d + ")", steps);
        for (int n = 0; n < steps; n++) {
            w = Dense.multiply(w, m);
            for (int i = 0; i < d; i++) w.data[i * d + i] += 2 * eta * sb;
            if ((n & 31) == 0) {
                pr.advance(n);
                if (!Double.isFinite(w.data[0]))
                    throw new NumericalException(
                            "eta",
                            "explicit gradient descent diverged at step " + n + " (eta=" + eta
                                    + " is above the stability bound)");
            }
        }
        pr.finish();
        double trace = 0, test = 0, train = 0;
        for (int i = 0; i < d; i++) trace += w.data[i * d + i];
        // Tr[W A Wᵀ] = Σ_i (W A Wᵀ)_ii; with A = aΣ + bI diagonal it is Σ_ij W_ij² (aλ_j + b).
        DMatrixRMaj hw = Dense.multiply(w, sigmaHat); // W Σ̂
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double wij = w.data[i * d + j];
                test += wij * wij * (a * spectrum.get(j) + b);
                train += a * hw.data[i * d + j] * wij + b * wij * wij;
            }
        }
        double base = d - 2 * sb * trace;
        Check.stillFinite(test, "eta", "the explicit-GD test loss");
        return new Result(w, base + test, base + train);
    }
}
