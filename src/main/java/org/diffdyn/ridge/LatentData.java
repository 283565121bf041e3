package org.diffdyn.ridge;

import org.diffdyn.core.Check;
import org.diffdyn.core.NumericalException;
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
 *
 * <p>A nonlinear latent map (a convolutional autoencoder, {@code ConvAutoencoder} of the network layer, closer to the
 * paper's VAE) enters through {@link #encoded} with an {@link Encoder}; this package stays free of the network layer.
 * Its latents are scaled by the same convention as the PCA scores (DERIVED, so that both maps hand the diffusion
 * model data of one overall scale and the copy radius 2√(h_t D) means the same): centred over the class's images and
 * multiplied by one factor so that the mean per-coordinate variance (1/m normalisation over the m images) is 1; the
 * coordinates' relative variances are kept (no whitening), as PCA-D scores keep their eigenvalue spectrum. Whether the
 * paper's VAE latents have that overall scale is UNSURE (a VAE's KL term pulls them towards unit variance).
 *
 * <p>Both maps report the relative reconstruction error Σ‖x − x̂‖² / Σ‖x − x̄‖² on the class's images (the map's
 * reconstruction MSE over the data's mean per-pixel variance); for PCA-D it is 1 − (explained variance share), the
 * reference for the nonlinear map at the same D.
 */
public final class LatentData {
    private LatentData() {}

    /**
     * Latents (n × D, one per row), the explained-variance share of PCA-D on the same images (for either map), the
     * source's name, and the relative reconstruction error of the map used (for PCA, 1 − explainedShare).
     */
    public record Latents(DMatrixRMaj points, double explainedShare, String source, double relativeError) {
        public Latents(DMatrixRMaj points, double explainedShare, String source) {
            this(points, explainedShare, source, 1 - explainedShare);
        }

        /** Relative reconstruction error of PCA-D on the same images: 1 − explainedShare. */
        public double pcaRelativeError() {
            return 1 - explainedShare;
        }
    }

    /** A latent map fitted on one class's images, such as an autoencoder; what {@link #encoded} needs of it. */
    @FunctionalInterface
    public interface Encoder {
        /**
         * Fits the map on {@code images} (m × C·H·W, rows channel-major) and returns their latents (m × latentDim, raw,
         * unscaled) with the summed squared reconstruction error Σ‖x − x̂‖² of the fitted map on these images.
         */
        Encoded fit(DMatrixRMaj images, int channels, int height, int width, int latentDim);
    }

    /** What an {@link Encoder} returns. */
    public record Encoded(DMatrixRMaj latents, double squaredError) {}

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
        DMatrixRMaj x = classImages(data, label, n, latentDim);
        double[] mean = DataStats.mean(x);
        SymmetricEigen pca = DataStats.pca(x);
        DMatrixRMaj z = DataStats.project(x, mean, pca, latentDim);
        double[] share = keptAndTotal(pca, latentDim);
        double kept = share[0], total = share[1];
        double scale = Math.sqrt(latentDim / kept);
        DMatrixRMaj train = new DMatrixRMaj(n, latentDim);
        for (int i = 0; i < n * latentDim; i++) train.data[i] = z.data[i] * scale;
        return new Latents(train, kept / total, data.name() + " class " + label + " PCA-" + latentDim);
    }

    /**
     * Latents of the first n images of class {@code label} under a latent map fitted (by {@code encoder}) on all the
     * class's images in {@code data}, scaled as the PCA scores are (see the class comment); PCA-D on the same images
     * gives {@link Latents#explainedShare()} for comparison. Requires image data (channels, height, width); rows stored
     * pixel-major (HWC) are handed to the encoder channel-major.
     *
     * @param mapName the map's name in {@link Latents#source()}
     */
    public static Latents encoded(ImageDataset data, int label, int n, int latentDim, String mapName, Encoder encoder) {
        if (encoder == null) throw new ParameterException("encoder", "null", "a latent map");
        if (!data.isImage())
            throw new ParameterException(
                    "data", data.name(), "image data (channels × height × width) for a convolutional latent map");
        DMatrixRMaj x = classImages(data, label, n, latentDim);
        int m = x.numRows, d = x.numCols;
        double[] mean = DataStats.mean(x);
        double total = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < d; j++) {
                double e = x.data[i * d + j] - mean[j];
                total += e * e;
            }
        double[] pcaKept = keptAndTotal(DataStats.pca(x), latentDim);
        double pcaShare = pcaKept[0] / pcaKept[1];
        Encoded fitted =
                encoder.fit(channelMajor(x, data), data.channels(), data.imageRows(), data.imageCols(), latentDim);
        DMatrixRMaj z = fitted.latents();
        if (z == null || z.numRows != m || z.numCols != latentDim)
            throw new IllegalStateException("the latent map returned "
                    + (z == null ? "null" : z.numRows + " × " + z.numCols) + " latents for " + m + " images, D = "
                    + latentDim);
        if (!Double.isFinite(fitted.squaredError()))
            throw new NumericalException(
                    "latent map", mapName + ": the reconstruction error is " + fitted.squaredError());
        double[] zMean = DataStats.mean(z);
        double variance = 0;
        for (int i = 0; i < m; i++)
            for (int k = 0; k < latentDim; k++) {
                double v = z.data[i * latentDim + k];
                if (!Double.isFinite(v))
                    throw new NumericalException("latent map", mapName + ": latent (" + i + ", " + k + ") is " + v);
                double e = v - zMean[k];
                variance += e * e;
            }
        variance /= (double) m * latentDim;
        if (!(variance > 0)) throw new NumericalException("latent map", mapName + ": every image has the same latent");
        double scale = 1 / Math.sqrt(variance);
        DMatrixRMaj train = new DMatrixRMaj(n, latentDim);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < latentDim; k++)
                train.data[i * latentDim + k] = (z.data[i * latentDim + k] - zMean[k]) * scale;
        return new Latents(
                train,
                pcaShare,
                data.name() + " class " + label + " " + mapName + "-" + latentDim,
                fitted.squaredError() / total);
    }

    /** {kept, total}: the sums of the first D eigenvalues and of all of them (negative round-off clipped at 0). */
    private static double[] keptAndTotal(SymmetricEigen pca, int latentDim) {
        double kept = 0, total = 0;
        for (int k = 0; k < pca.size(); k++) {
            double v = Math.max(pca.value(k), 0);
            total += v;
            if (k < latentDim) kept += v;
        }
        return new double[] {kept, total};
    }

    /** The images of class {@code label} among {@code data} (rows as stored), after checking n, D and the count. */
    static DMatrixRMaj classImages(ImageDataset data, int label, int n, int latentDim) {
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
        return x;
    }

    /** The rows of x (images of {@code data}) in channel-major (C, H, W) order. */
    static DMatrixRMaj channelMajor(DMatrixRMaj x, ImageDataset data) {
        int c = data.channels(), h = data.imageRows(), w = data.imageCols();
        if (data.channelOrder() == ImageDataset.ChannelOrder.CHW || c == 1) return x;
        int d = x.numCols;
        DMatrixRMaj out = new DMatrixRMaj(x.numRows, d);
        for (int i = 0; i < x.numRows; i++)
            for (int p = 0; p < h * w; p++)
                for (int ch = 0; ch < c; ch++) out.data[i * d + ch * h * w + p] = x.data[i * d + p * c + ch];
        return out;
    }
}
