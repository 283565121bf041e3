package org.diffdyn.measure;

import org.diffdyn.core.ParameterException;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.ejml.data.DMatrixRMaj;

/**
 * The training data's covariance eigenbasis, over whole images (the MLP analysis) or over patches (the CNN analysis,
 * patch sizes 3, 6, 9 with stride 1 or 3), and the variance that a set of generated images has along each of its
 * eigenvectors: λ̃_k = u_kᵀ Cov(generated) u_k (paper A §6, QUOTED from the authors'
 * {@code process_img_mean_cov_statistics} / {@code process_patch_mean_cov_statistics}: the generated covariance is
 * centred at the generated mean, unbiased, and read in the fixed eigenbasis of the training covariance).
 */
public final class ModeBasis {
    private final PatchGeometry geometry;
    private final double[] lambdas;
    private final DMatrixRMaj vectors; // columns, descending λ
    private final double[] mean;

    private ModeBasis(PatchGeometry geometry, double[] lambdas, DMatrixRMaj vectors, double[] mean) {
        this.geometry = geometry;
        this.lambdas = lambdas;
        this.vectors = vectors;
        this.mean = mean;
    }

    /** The eigenbasis of the training patches (or whole images) under a geometry. */
    public static ModeBasis of(DMatrixRMaj training, PatchGeometry geometry) {
        Moments m = Moments.ofPatches(training, geometry);
        SymmetricEigen e = Dense.eigh(m.covariance());
        return new ModeBasis(geometry, e.values(), e.vectors(), m.mean());
    }

    /** The whole-image basis of square single- or multi-channel images. */
    public static ModeBasis wholeImage(DMatrixRMaj training, int channels, int side) {
        return of(training, PatchGeometry.wholeImage(channels, side, side));
    }

    /** The basis of plain vectors (Gaussian data): each row is one d-vector, read as d channels of a 1×1 image. */
    public static ModeBasis vectors(DMatrixRMaj training) {
        return of(training, PatchGeometry.vector(training.numCols));
    }

    public PatchGeometry geometry() {
        return geometry;
    }

    public int modes() {
        return lambdas.length;
    }

    /** Training variances λ_k (descending; the smallest may be ~0 or slightly negative from round-off). */
    public double[] lambdas() {
        return lambdas.clone();
    }

    public double lambda(int k) {
        return lambdas[k];
    }

    /** Eigenvectors as columns. */
    public DMatrixRMaj vectors() {
        return vectors;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** λ̃_k = u_kᵀ Cov(generated patches) u_k for every mode k. */
    public double[] generatedVariances(DMatrixRMaj generated) {
        if (generated.numCols != geometry.imageDimension())
            throw new ParameterException(
                    "generated",
                    generated.numCols + " values per sample",
                    geometry.imageDimension() + " (the training images' size)");
        return along(Moments.ofPatches(generated, geometry).covariance());
    }

    /** diag(Uᵀ C U) for a covariance C in patch space. */
    public double[] along(DMatrixRMaj covariance) {
        DMatrixRMaj cu = Dense.multiply(covariance, vectors);
        int p = vectors.numRows, k = vectors.numCols;
        double[] out = new double[k];
        for (int i = 0; i < p; i++) for (int j = 0; j < k; j++) out[j] += vectors.data[i * k + j] * cu.data[i * k + j];
        return out;
    }
}
