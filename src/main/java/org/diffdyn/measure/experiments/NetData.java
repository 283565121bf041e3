package org.diffdyn.measure.experiments;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;
import org.ejml.data.DMatrixRMaj;

/**
 * Training (and held-out) data for the network experiments, from the {@code data=} option's text form
 * {@code KIND[?key=value&...]} (the same form as the data layer's {@code DataSource}):
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

    /** The training data set named by a spec, the first {@code n} rows (n is the train-size option). */
    public static NetData load(String spec, int n, long seed) {
        Map<String, String> o = options(spec);
        String kind = kind(spec);
        switch (kind) {
            case "fashion-mnist":
                return fashion(ImageDataset.Split.TRAIN, intOption(o, "limit", n, spec));
            case "gaussian": {
                int d = intOption(o, "d", 64, spec);
                String sp = o.getOrDefault("spectrum", "powerlaw");
                double k = o.containsKey("k") ? Double.parseDouble(o.get("k")) : 1.0;
                Spectrum s =
                        switch (sp) {
                            case "powerlaw" -> Spectrum.powerLaw(d, k);
                            case "lognormal" -> Spectrum.logNormal(d, seed);
                            default -> throw new ParameterException(
                                    "data", spec, "spectrum=powerlaw or spectrum=lognormal");
                        };
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
            default:
                throw new AssertionError(kind);
        }
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
    static int unetMultiple(NetParams.Net net, NetParams.Preset preset) {
        return net != NetParams.Net.CNN ? 1 : preset == NetParams.Preset.PAPER ? 8 : 2;
    }

    /** Held-out data of the same law: the Fashion-MNIST test split, or fresh Gaussian draws. */
    public NetData heldOut(String spec, int n, long seed) {
        if (population != null)
            return new NetData(
                    name + " (held out)", population.sample(n, new Rng(seed + 103)), null, shape, population);
        return fashion(ImageDataset.Split.TEST, n);
    }

    private static NetData fashion(ImageDataset.Split split, int n) {
        if (!ImageDataset.isAvailable(ImageDataset.defaultDirectory()))
            throw new ParameterException(
                    "data",
                    "fashion-mnist",
                    "a directory with the Fashion-MNIST IDX files (" + ImageDataset.defaultDirectory() + ")",
                    "install the Debian package dataset-fashion-mnist or set DIFFDYN_DATA_DIR");
        ImageDataset ds = ImageDataset.fashionMnist(split, n);
        return new NetData(
                "fashion-mnist " + split.name().toLowerCase(Locale.ROOT) + " (" + ds.size() + ")",
                ds.images(),
                ds.labels(),
                new int[] {1, ds.imageRows(), ds.imageCols()},
                null);
    }

    static String kind(String spec) {
        String s = spec == null ? "" : spec.trim();
        int q = s.indexOf('?');
        String k = (q < 0 ? s : s.substring(0, q)).toLowerCase(Locale.ROOT);
        if (!k.equals("fashion-mnist") && !k.equals("gaussian"))
            throw new ParameterException(
                    "data", spec, "fashion-mnist[?limit=N] or gaussian[?d=64&spectrum=powerlaw|lognormal&k=1]");
        return k;
    }

    static Map<String, String> options(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = spec.indexOf('?');
        if (q < 0) return out;
        for (String pair : spec.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new ParameterException("data", spec, "options as key=value after '?'");
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static int intOption(Map<String, String> o, String key, int def, String spec) {
        if (!o.containsKey(key)) return def;
        try {
            int v = Integer.parseInt(o.get(key));
            if (v < 1) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new ParameterException("data", spec, key + "= a positive integer");
        }
    }
}
