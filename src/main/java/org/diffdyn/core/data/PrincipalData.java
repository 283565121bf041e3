package org.diffdyn.core.data;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.spectra.Spectrum;
import org.ejml.data.DMatrixRMaj;

/**
 * A real data set reduced to its top-k principal subspace: the sample mean, the covariance spectrum (descending),
 * the principal axes (columns, in pixel space) and the centered samples' coordinates on those axes. This is the data
 * model a linear denoiser sees (Gaussian equivalence, linear-diffusion.md F1): any analysis that works per
 * eigenmode can run on {@link #scores()} at O(k) per sample.
 */
public final class PrincipalData {
    private final double[] mean;
    private final Spectrum spectrum;
    private final DMatrixRMaj axes; // pixels × k
    private final DMatrixRMaj scores; // samples × k

    private PrincipalData(double[] mean, Spectrum spectrum, DMatrixRMaj axes, DMatrixRMaj scores) {
        this.mean = mean;
        this.spectrum = spectrum;
        this.axes = axes;
        this.scores = scores;
    }

    /** PCA of the rows of x (one eigendecomposition through the BLAS seam), keeping the top k components. */
    public static PrincipalData of(DMatrixRMaj x, int k) {
        Check.positive("k", k);
        if (k > x.numCols)
            throw new ParameterException("k", k, "an integer in [1, " + x.numCols + "] (the data dimension)");
        double[] mean = DataStats.mean(x);
        SymmetricEigen pca = DataStats.pca(x);
        double[] values = new double[k];
        for (int j = 0; j < k; j++) {
            values[j] = pca.value(j);
            if (!(values[j] > 0))
                throw new ParameterException("k", k, "at most the number of positive principal variances (" + j + ")");
        }
        DMatrixRMaj axes = new DMatrixRMaj(x.numCols, k);
        for (int i = 0; i < x.numCols; i++) for (int j = 0; j < k; j++) axes.set(i, j, pca.vector(j, i));
        return new PrincipalData(mean, Spectrum.of(values), axes, DataStats.project(x, mean, pca, k));
    }

    /** The first n images of Fashion-MNIST (or the configured MNIST-format set), reduced to k principal components. */
    public static PrincipalData fashionMnist(int n, int k) {
        return of(ImageDataset.fashionMnist(ImageDataset.Split.TRAIN, n).images(), k);
    }

    public double[] mean() {
        return mean.clone();
    }

    /** Principal variances λ_1 ≥ … ≥ λ_k (1/n normalisation). */
    public Spectrum spectrum() {
        return spectrum;
    }

    /** Principal axes as columns (pixels × k). */
    public DMatrixRMaj axes() {
        return axes;
    }

    /** Centered samples on the principal axes (samples × k); column j has sample variance λ_j. */
    public DMatrixRMaj scores() {
        return scores;
    }

    public int dimension() {
        return spectrum.dimension();
    }

    public int size() {
        return scores.numRows;
    }
}
