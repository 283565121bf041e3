package org.diffdyn.measure.experiments;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.ejml.data.DMatrixRMaj;

/**
 * Training (and held-out) data for the network experiments, from the {@code data=} option, parsed by
 * {@link DataSource} (npy:, npz:, images:, cifar10:, fashion-mnist, mnist-idx:, gaussian); every kind but gaussian is
 * read by {@link DataSource#load}. The synthetic source is generated here, with the network experiments' defaults:
 * <ul>
 *   <li>{@code fashion-mnist[?limit=N]}: Debian's Fashion-MNIST (or DIFFDYN_DATA_DIR), pixels in [−1, 1], 1×28×28;</li>
 *   <li>{@code gaussian[?d=64&spectrum=powerlaw|lognormal&k=1]}: N(0, Σ) with Σ = R diag(λ) Rᵀ in a Haar-random basis,
 *       λ a power law ν^{−k} or paper A's log-normal spectrum (Tr Σ/d = 1); a perfect-square d is also a 1×√d×√d image.</li>
 * </ul>
 *
 * @param images one sample per row
 * @param labels class of each row, or null
 * @param shape {d} or {C, H, W}
 * @param population the Gaussian's covariance (null for image data)
 */
public record NetData(String name, DMatrixRMaj images, int[] labels, int[] shape, Covariance population) {

    public int size() {
        return images.numRows;
    }

    public int dimension() {
        return images.numCols;
    }

    public boolean isImage() {
        return shape.length == 3;
    }

    /**
     * The training data set named by a spec, the first {@code n} rows (n is the train-size option) unless the spec
     * states its own {@code limit}. Every spec is parsed by {@link DataSource#parse}; {@code gaussian} is generated
     * here (defaults d=64, spectrum=powerlaw, k=1, seeded by the experiment seed) because the network experiments need
     * its population covariance for held-out draws; every other kind is read by {@link DataSource#load}.
     */
    public static NetData load(String spec, int n, long seed) {
        return load(spec, n, seed, Progress.NONE);
    }

    public static NetData load(String spec, int n, long seed, Progress progress) {
        DataSource src = DataSource.parse("data", spec);
        if (src.kind() == DataSource.Kind.GAUSSIAN) return gaussian(src, Math.min(n, src.limit()), seed);
        if (!src.options().containsKey("limit")) src = src.with("limit", n);
        return of(src, src.load(progress));
    }

    private static NetData gaussian(DataSource src, int n, long seed) {
        Map<String, String> o = src.options();
        int d = o.containsKey("d") ? Integer.parseInt(o.get("d")) : 64;
        String sp = o.getOrDefault("spectrum", "powerlaw");
        double k = o.containsKey("k") ? Double.parseDouble(o.get("k")) : 1.0;
        if (o.containsKey("seed")) seed = Long.parseLong(o.get("seed"));
        if (o.containsKey("n")) n = Math.min(n, Integer.parseInt(o.get("n")));
        Spectrum s = sp.equals("lognormal") ? Spectrum.logNormal(d, seed) : Spectrum.powerLaw(d, k);
        Covariance c = Covariance.randomlyRotated(s, seed + 101);
        int side = (int) Math.round(Math.sqrt(d));
        int[] shape = side * side == d ? new int[] {1, side, side} : new int[] {d};
        return new NetData(
                "gaussian d=" + d + " " + sp + (sp.equals("powerlaw") ? " k=" + k : ""),
                c.sample(n, new Rng(seed + 102)),
                null,
                shape,
                c);
    }

    private static NetData of(DataSource src, ImageDataset ds) {
        String name = src.kind() == DataSource.Kind.FASHION_MNIST
                ? "fashion-mnist " + src.split().name().toLowerCase(Locale.ROOT) + " (" + ds.size() + ")"
                : src.label() + " (" + ds.size() + ")";
        int[] shape =
                ds.isImage() ? new int[] {ds.channels(), ds.imageRows(), ds.imageCols()} : new int[] {ds.dimension()};
        return new NetData(name, ds.images(), ds.hasLabels() ? ds.labels() : null, shape, null);
    }

    /**
     * This image data padded (bottom and right) with {@code value} to sides that are multiples of {@code multiple} —
     * the paper-size U-Net halves the resolution three times, so 28×28 Fashion-MNIST becomes 32×32 (the authors
     * resize MNIST to 32×32; padding with the background value −1 keeps the pixels). Unchanged when already a multiple.
     */
    public NetData padded(int multiple, double value) {
        if (!isImage()) return this;
        int c = shape[0], h = shape[1], w = shape[2];
        int h2 = (h + multiple - 1) / multiple * multiple, w2 = (w + multiple - 1) / multiple * multiple;
        if (h2 == h && w2 == w) return this;
        return new NetData(
                name + " padded to " + h2 + "x" + w2,
                pad(images, c, h, w, h2, w2, value),
                labels,
                new int[] {c, h2, w2},
                population);
    }

    static DMatrixRMaj pad(DMatrixRMaj x, int c, int h, int w, int h2, int w2, double value) {
        if (h2 == h && w2 == w) return x;
        DMatrixRMaj out = new DMatrixRMaj(x.numRows, c * h2 * w2);
        java.util.Arrays.fill(out.data, value);
        for (int r = 0; r < x.numRows; r++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < h; i++)
                    System.arraycopy(
                            x.data,
                            r * c * h * w + ch * h * w + i * w,
                            out.data,
                            r * c * h2 * w2 + ch * h2 * w2 + i * w2,
                            w);
        return out;
    }

    /** The side multiple a U-Net of this preset needs (levels − 1 halvings: CPU 2 levels, paper 4). */
    /**
     * The training data of a network run: {@code n} samples of {@code spec}, padded to the U-Net's multiple (white, -1)
     * for {@code net}; a CNN needs data with an image shape (an error naming {@code net} otherwise).
     */
    static NetData forNet(
            String spec, int n, long seed, NetParams.Net net, NetParams.Preset preset, Progress progress) {
        NetData data = load(spec, n, seed, progress).padded(unetMultiple(net, preset), -1);
        if (net == NetParams.Net.CNN && !data.isImage())
            throw new org.diffdyn.core.ParameterException(
                    "net",
                    "cnn",
                    "data with an image shape (fashion-mnist, or gaussian with a square d), not " + data.name());
        return data;
    }

    static int unetMultiple(NetParams.Net net, NetParams.Preset preset) {
        return net != NetParams.Net.CNN ? 1 : preset == NetParams.Preset.PAPER ? 8 : 2;
    }

    /** Sources whose reader has a test split ({@code split=test}): fashion-mnist, mnist-idx, cifar10. */
    static boolean hasTestSplit(DataSource src) {
        return Set.of(DataSource.Kind.FASHION_MNIST, DataSource.Kind.MNIST_IDX, DataSource.Kind.CIFAR10)
                .contains(src.kind());
    }

    /**
     * Held-out data of the same law: fresh Gaussian draws, or the test split of a source that has one
     * (fashion-mnist, mnist-idx, cifar10); other sources have no held-out split.
     */
    public NetData heldOut(String spec, int n, long seed) {
        if (population != null)
            return new NetData(
                    name + " (held out)", population.sample(n, new Rng(seed + 103)), null, shape, population);
        DataSource src = DataSource.parse("data", spec);
        if (!hasTestSplit(src))
            throw new ParameterException(
                    "data",
                    spec,
                    "gaussian, fashion-mnist, mnist-idx:/dir or cifar10:/dir (a source with a test split)");
        DataSource test = src.with("split", "test").with("limit", n);
        return of(test, test.load(Progress.NONE));
    }
}
