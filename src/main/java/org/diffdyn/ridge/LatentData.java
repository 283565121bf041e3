package org.diffdyn.ridge;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataStats;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.ejml.data.DMatrixRMaj;

/**
 * A low-dimensional latent training set for the high-dimensional ridge study (paper D D-MNIST, target D9).
 * The paper uses a VAE latent (D = 32) of MNIST digit-1 images (QUOTED from the authors' code); no VAE is trained
 * here: as a STAND-IN we take the first D principal-component scores of one Fashion-MNIST class (Debian data set),
 * rescaled so that the mean per-coordinate variance is 1 (roughly the scale of a VAE latent). As with the paper's VAE,
 * the latent map is fitted on every image of the class in the pool; the diffusion model's training set is the first n
 * of them, so n may be smaller than D. The spectrum decays like a PCA spectrum, unlike a VAE's, so only the
 * histogram's shape is comparable.
 */
public final class LatentData {
    private LatentData() {}

    /** Latents (n × D, one per row) and the explained-variance share of the D components kept. */
    public record Latents(DMatrixRMaj points, double explainedShare, String source) {}

    /**
     * @param label     Fashion-MNIST class (0..9; 1 = trouser, the closest analogue of the digit 1)
     * @param n         training latents wanted
     * @param latentDim D
     * @param pool      images read from the start of the training split; the latent map is fitted on all of the class
     */
    public static Latents fashionMnistPca(int label, int n, int latentDim, int pool) {
        Check.inRange("label", label, 0, 9);
        Check.positive("n", n);
        Check.inRange("latentDim", latentDim, 2, 784);
        Latents l = pca(ImageDataset.fashionMnist(ImageDataset.Split.TRAIN, pool), label, n, latentDim);
        return new Latents(l.points(), l.explainedShare(), "Fashion-MNIST class " + label + " PCA-" + latentDim);
    }

    /** The same stand-in from any labelled data set (the first items of class {@code label}, PCA-D, unit mean variance). */
    public static Latents pca(ImageDataset data, int label, int n, int latentDim) {
        Check.positive("n", n);
        if (!data.hasLabels() || label < 0 || label >= data.classCount())
            throw new ParameterException(
                    "label", label, "a class of " + data.name() + " (0.." + (data.classCount() - 1) + ")");
        Check.inRange("latentDim", latentDim, 2, data.dimension());
        int pool = data.size();
        int count = 0;
        for (int i = 0; i < data.size(); i++) if (data.label(i) == label) count++;
        if (count < Math.max(latentDim + 1, n))
            throw new ParameterException(
                    "n",
                    n,
                    "at most the " + count + " images of class " + label + " among the first " + pool
                            + ", which must also exceed latentDim = " + latentDim);
        int d = data.dimension();
        DMatrixRMaj x = new DMatrixRMaj(count, d);
        int r = 0;
        for (int i = 0; i < data.size() && r < count; i++) {
            if (data.label(i) != label) continue;
            System.arraycopy(data.images().data, i * d, x.data, r * d, d);
            r++;
        }
        double[] mean = DataStats.mean(x);
        SymmetricEigen pca = DataStats.pca(x);
        DMatrixRMaj z = DataStats.project(x, mean, pca, latentDim);
        double kept = 0, total = 0;
        for (int k = 0; k < pca.size(); k++) {
            double v = Math.max(pca.value(k), 0);
            total += v;
            if (k < latentDim) kept += v;
        }
        double scale = Math.sqrt(latentDim / kept);
        DMatrixRMaj train = new DMatrixRMaj(n, latentDim);
        for (int i = 0; i < n * latentDim; i++) train.data[i] = z.data[i] * scale;
        return new Latents(train, kept / total, data.name() + " class " + label + " PCA-" + latentDim);
    }
}
