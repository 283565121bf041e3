package org.diffdyn.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataReaders.Color;
import org.diffdyn.core.data.DataReaders.Fit;
import org.diffdyn.core.data.ImageDataset.ChannelOrder;
import org.diffdyn.core.data.ImageDataset.PixelScale;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.spectra.Covariance;
import org.diffdyn.core.spectra.Spectrum;

/**
 * Where a data set comes from, parsed from one uniform text form {@code KIND[:PATH][?key=value&key=value]} — the
 * {@code data=} option of every experiment that takes data, in the magic, the DSL and the CLI alike:
 * <pre>
 *   npy:/path/x.npy[?labels=/path/y.npy]          NumPy array (n,d), (n,H,W), (n,C,H,W) or (n,H,W,C)
 *   npz:/path/xy.npz[?x=x&amp;y=y]                    arrays x and, optionally, labels y of an .npz archive
 *   images:/path/dir[?size=32&amp;mode=crop|resize&amp;color=auto|gray|rgb&amp;classes=a,b]   PNG/JPEG, one subfolder per class
 *   cifar10:/path[?split=train|test]              CIFAR-10 binary batches (data_batch_*.bin, test_batch.bin)
 *   fashion-mnist[?split=train|test]              Debian's dataset-fashion-mnist (or DIFFDYN_DATA_DIR)
 *   mnist-idx:/dir[?split=train|test]             any MNIST-format IDX set
 *   gaussian[?n=10000&amp;d=100&amp;spectrum=lognormal|powerlaw&amp;k=1&amp;seed=1]   synthetic Gaussian, random basis
 * </pre>
 * Every kind also takes {@code limit=N} (first N items), {@code scale=symmetric|unit|raw} (8-bit pixels to [-1, 1],
 * [0, 1] or 0..255) and {@code order=chw|hwc} (channel order within a row). Parsing checks the form only; files are
 * read by {@link #load}. Immutable; {@link #toString()} gives the canonical text form.
 */
public final class DataSource {

    /** The kinds of source; the text form is the lower-kebab name. */
    public enum Kind {
        NPY(true),
        NPZ(true),
        IMAGES(true),
        CIFAR10(true),
        FASHION_MNIST(false),
        MNIST_IDX(true),
        GAUSSIAN(false);

        final boolean needsPath;

        Kind(boolean needsPath) {
            this.needsPath = needsPath;
        }

        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Kind of(String text) {
            for (Kind k : values()) if (k.text().equals(text)) return k;
            return null;
        }
    }

    /** The valid forms, as listed in every parse error. */
    public static final String FORMS = "one of npy:/path/x.npy[?labels=/path/y.npy], npz:/path/xy.npz[?x=x&y=y], "
            + "images:/path/dir[?size=32&mode=crop|resize&color=auto|gray|rgb&classes=a,b], cifar10:/path[?split=train|test], "
            + "fashion-mnist[?split=train|test], mnist-idx:/dir[?split=train|test], "
            + "gaussian[?n=10000&d=100&spectrum=lognormal|powerlaw&k=1&seed=1]; every kind also takes limit=N, "
            + "scale=symmetric|unit|raw and order=chw|hwc";

    private static final Set<String> COMMON = Set.of("limit", "scale", "order");
    private static final Map<Kind, Set<String>> OPTIONS = Map.of(
            Kind.NPY, Set.of("labels"),
            Kind.NPZ, Set.of("x", "y"),
            Kind.IMAGES, Set.of("size", "mode", "color", "classes"),
            Kind.CIFAR10, Set.of("split"),
            Kind.FASHION_MNIST, Set.of("split"),
            Kind.MNIST_IDX, Set.of("split"),
            Kind.GAUSSIAN, Set.of("n", "d", "spectrum", "k", "seed"));

    private final Kind kind;
    private final String path; // as written, or null
    private final Map<String, String> options; // as written, in order

    private DataSource(Kind kind, String path, Map<String, String> options) {
        this.kind = kind;
        this.path = path;
        this.options = options;
    }

    /** Parses a text form; a malformed one is a ParameterException naming the spec, the problem and the valid forms. */
    public static DataSource parse(String spec) {
        return parse("data", spec);
    }

    /** As {@link #parse(String)}, reporting errors against the named parameter. */
    public static DataSource parse(String parameter, String spec) {
        if (spec == null || spec.isBlank())
            throw new ParameterException(parameter, spec, FORMS, "the data source is empty");
        String s = spec.trim();
        String query = null;
        int q = s.indexOf('?');
        if (q >= 0) {
            query = s.substring(q + 1);
            s = s.substring(0, q);
        }
        String kindText = s, path = null;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            kindText = s.substring(0, colon);
            path = s.substring(colon + 1);
        }
        Kind kind = Kind.of(kindText.toLowerCase(Locale.ROOT));
        if (kind == null) throw new ParameterException(parameter, spec, FORMS, "unknown kind '" + kindText + "'");
        if (kind.needsPath && (path == null || path.isBlank()))
            throw new ParameterException(
                    parameter, spec, FORMS, "'" + kind.text() + "' needs a path: " + kind.text() + ":/path");
        if (!kind.needsPath && path != null)
            throw new ParameterException(
                    parameter, spec, FORMS, "'" + kind.text() + "' takes no path (options go after '?')");
        Map<String, String> options = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1)
                    throw new ParameterException(parameter, spec, FORMS, "option '" + pair + "' is not key=value");
                String key = pair.substring(0, eq).trim(),
                        value = pair.substring(eq + 1).trim();
                if (!COMMON.contains(key) && !OPTIONS.get(kind).contains(key))
                    throw new ParameterException(
                            parameter,
                            spec,
                            FORMS,
                            "'" + kind.text() + "' has no option '" + key + "' (it takes "
                                    + String.join(", ", sorted(OPTIONS.get(kind))) + ", limit, scale, order)");
                if (options.put(key, value) != null)
                    throw new ParameterException(parameter, spec, FORMS, "option '" + key + "' is given twice");
            }
        }
        DataSource src = new DataSource(kind, path == null ? null : path.trim(), options);
        src.validate(parameter, spec);
        return src;
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private void validate(String parameter, String spec) {
        positiveInt(parameter, spec, "limit");
        enumOption(parameter, spec, "scale", PixelScale.class);
        enumOption(parameter, spec, "order", ChannelOrder.class);
        enumOption(parameter, spec, "split", ImageDataset.Split.class);
        enumOption(parameter, spec, "mode", Fit.class);
        enumOption(parameter, spec, "color", Color.class);
        positiveInt(parameter, spec, "size");
        positiveInt(parameter, spec, "n");
        positiveInt(parameter, spec, "d");
        if (options.containsKey("spectrum") && !List.of("lognormal", "powerlaw").contains(options.get("spectrum")))
            throw new ParameterException(
                    parameter, spec, FORMS, "spectrum=" + options.get("spectrum") + " is not lognormal or powerlaw");
        if (options.containsKey("k")) {
            try {
                double k = Double.parseDouble(options.get("k"));
                if (!(k >= 0) || !Double.isFinite(k)) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new ParameterException(parameter, spec, FORMS, "k=" + options.get("k") + " is not a number >= 0");
            }
        }
        if (options.containsKey("seed")) {
            try {
                Long.parseLong(options.get("seed"));
            } catch (NumberFormatException e) {
                throw new ParameterException(
                        parameter, spec, FORMS, "seed=" + options.get("seed") + " is not an integer");
            }
        }
        if (options.containsKey("mode") && !options.containsKey("size"))
            throw new ParameterException(parameter, spec, FORMS, "mode=" + options.get("mode") + " needs size=N");
        if (kind == Kind.IMAGES
                && options.containsKey("classes")
                && options.get("classes").isBlank())
            throw new ParameterException(parameter, spec, FORMS, "classes= names no folders");
    }

    private void positiveInt(String parameter, String spec, String key) {
        if (!options.containsKey(key)) return;
        try {
            if (Integer.parseInt(options.get(key)) > 0) return;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ParameterException(
                parameter, spec, FORMS, key + "=" + options.get(key) + " is not a positive integer");
    }

    private <E extends Enum<E>> void enumOption(String parameter, String spec, String key, Class<E> type) {
        if (!options.containsKey(key)) return;
        if (enumValue(type, options.get(key)) == null)
            throw new ParameterException(
                    parameter,
                    spec,
                    FORMS,
                    key + "=" + options.get(key) + " is not one of "
                            + String.join(
                                    "|",
                                    Arrays.stream(type.getEnumConstants())
                                            .map(e -> e.name()
                                                    .toLowerCase(Locale.ROOT)
                                                    .replace('_', '-'))
                                            .toList()));
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
        for (E e : type.getEnumConstants())
            if (e.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(text.toLowerCase(Locale.ROOT))) return e;
        return null;
    }

    // --------------------------------------------------------------------------------------------- factories (DSL)

    public static DataSource npy(Path file) {
        return parse("npy:" + file);
    }

    public static DataSource npz(Path file) {
        return parse("npz:" + file);
    }

    public static DataSource images(Path dir, int size) {
        return parse("images:" + dir + "?size=" + size);
    }

    public static DataSource cifar10(Path dir) {
        return parse("cifar10:" + dir);
    }

    public static DataSource fashionMnist() {
        return parse("fashion-mnist");
    }

    /** The same source with one option set (validated as in {@link #parse}). */
    public DataSource with(String key, Object value) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.put(key, String.valueOf(value));
        return parse(render(kind, path, o));
    }

    // --------------------------------------------------------------------------------------------- accessors

    public Kind kind() {
        return kind;
    }

    /** The path as written (~ expanded), or null for kinds without one. */
    public Path path() {
        if (path == null) return null;
        String p = path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
        return Paths.get(p);
    }

    public Map<String, String> options() {
        return java.util.Collections.unmodifiableMap(options);
    }

    public int limit() {
        return options.containsKey("limit") ? Integer.parseInt(options.get("limit")) : Integer.MAX_VALUE;
    }

    /** The stated pixel scale, or null for the reader's default. */
    public PixelScale scale() {
        return options.containsKey("scale") ? enumValue(PixelScale.class, options.get("scale")) : null;
    }

    public ChannelOrder order() {
        return options.containsKey("order") ? enumValue(ChannelOrder.class, options.get("order")) : ChannelOrder.CHW;
    }

    public ImageDataset.Split split() {
        return options.containsKey("split")
                ? enumValue(ImageDataset.Split.class, options.get("split"))
                : ImageDataset.Split.TRAIN;
    }

    /** True for the synthetic Gaussian source, whose size an experiment may set from its own parameters. */
    public boolean isSynthetic() {
        return kind == Kind.GAUSSIAN;
    }

    /** A short label for titles: the file or folder name, or the kind. */
    public String label() {
        Path p = path();
        return p == null || p.getFileName() == null
                ? kind.text()
                : p.getFileName().toString();
    }

    // --------------------------------------------------------------------------------------------- loading

    /** Reads the data set; a missing, truncated or malformed file is a ParameterException naming the file and the fault. */
    public ImageDataset load(Progress progress) {
        Objects.requireNonNull(progress, "progress");
        try {
            switch (kind) {
                case NPY: {
                    Path labels = options.containsKey("labels") ? Paths.get(options.get("labels")) : null;
                    return DataReaders.npy(path(), scale(), order(), limit(), labels);
                }
                case NPZ: {
                    String x = options.getOrDefault("x", "x"), y = options.getOrDefault("y", "y");
                    return DataReaders.npz(path(), x, y, options.containsKey("y"), scale(), order(), limit());
                }
                case IMAGES: {
                    int size = options.containsKey("size") ? Integer.parseInt(options.get("size")) : 0;
                    Fit fit = options.containsKey("mode") ? enumValue(Fit.class, options.get("mode")) : Fit.RESIZE;
                    Color color =
                            options.containsKey("color") ? enumValue(Color.class, options.get("color")) : Color.AUTO;
                    List<String> classes = options.containsKey("classes")
                            ? Arrays.stream(options.get("classes").split(","))
                                    .map(String::trim)
                                    .filter(s -> !s.isEmpty())
                                    .toList()
                            : null;
                    return DataReaders.imageFolder(
                            path(), size, fit, color, classes, scale(), order(), limit(), progress);
                }
                case CIFAR10:
                    return DataReaders.cifar10(path(), split(), scale(), order(), limit(), progress);
                case FASHION_MNIST:
                case MNIST_IDX: {
                    Path dir = kind == Kind.MNIST_IDX ? path() : ImageDataset.defaultDirectory();
                    if (!ImageDataset.isAvailable(dir))
                        throw new ParameterException(
                                "data",
                                this,
                                "a folder with MNIST-format IDX files (train-images-idx3-ubyte[.gz], "
                                        + "train-labels-idx1-ubyte[.gz], t10k-...)",
                                kind == Kind.FASHION_MNIST
                                        ? "none in " + dir
                                                + "; install Debian's dataset-fashion-mnist or point DIFFDYN_DATA_DIR at an MNIST-format set"
                                        : "none in " + dir);
                    ImageDataset ds =
                            ImageDataset.load(dir, split(), limit(), scale() == null ? PixelScale.SYMMETRIC : scale());
                    return ds;
                }
                case GAUSSIAN:
                    return gaussian(1);
                default:
                    throw new AssertionError(kind);
            }
        } catch (IOException | UncheckedIOException e) {
            String msg = e instanceof UncheckedIOException ? e.getCause().getMessage() : e.getMessage();
            throw new ParameterException("data", this, "a readable " + kind.text() + " data set", msg);
        } catch (IllegalArgumentException e) {
            if (e instanceof ParameterException) throw e;
            throw new ParameterException("data", this, "a readable " + kind.text() + " data set", e.getMessage());
        }
    }

    /**
     * The synthetic source: n samples of N(0, U diag(λ) Uᵀ) with U a random orthogonal basis and λ log-normal or a
     * power law ν^{-k}, Tr Σ/d = 1 (linear-diffusion.md §2.1, QUOTED for the log-normal case).
     */
    private ImageDataset gaussian(long defaultSeed) {
        int n = Integer.parseInt(options.getOrDefault("n", "10000")),
                d = Integer.parseInt(options.getOrDefault("d", "100"));
        long seed = Long.parseLong(options.getOrDefault("seed", Long.toString(defaultSeed)));
        Spectrum sp = "powerlaw".equals(options.get("spectrum"))
                ? Spectrum.powerLaw(d, Double.parseDouble(options.getOrDefault("k", "1")))
                : Spectrum.logNormal(d, seed);
        n = Math.min(n, limit());
        org.ejml.data.DMatrixRMaj x = Covariance.randomlyRotated(sp, seed + 1).sample(n, new Rng(seed + 2));
        return ImageDataset.ofRows("gaussian(d=" + d + ")", x, null);
    }

    // --------------------------------------------------------------------------------------------- spectra

    /**
     * A covariance spectrum from text: {@code data:SOURCE} (the covariance eigenvalues of a data source, floored
     * at {@code relativeFloor} × their mean and normalised to Tr Σ/d = 1) or {@code npy:/path/eig.npy} (a 1-D array of
     * eigenvalues, each finite and &gt; 0, used as given). Errors name {@code parameter}.
     */
    public static Spectrum spectrum(String parameter, String spec, double relativeFloor, Progress progress) {
        if (spec == null) throw new ParameterException(parameter, null, SPECTRUM_FORMS);
        String s = spec.trim();
        if (s.startsWith("data:")) {
            DataSource src = parse(parameter, s.substring(5));
            ImageDataset ds = src.load(progress);
            double[] eig = DataStats.covarianceSpectrum(ds, progress);
            return Spectrum.fromEigenvalues(eig, relativeFloor).normalized();
        }
        if (s.startsWith("npy:")) {
            Path p = Paths.get(s.substring(4).trim());
            try {
                return Spectrum.of(DataReaders.eigenvalues(p));
            } catch (IOException e) {
                throw new ParameterException(parameter, spec, SPECTRUM_FORMS, e.getMessage());
            }
        }
        throw new ParameterException(parameter, spec, SPECTRUM_FORMS);
    }

    /** Whether a spectrum text names a data-derived or file spectrum (rather than an experiment's built-in kind). */
    public static boolean isSpectrumSpec(String spec) {
        return spec != null && (spec.trim().startsWith("data:") || spec.trim().startsWith("npy:"));
    }

    public static final String SPECTRUM_FORMS =
            "data:SOURCE (the covariance spectrum of a data source, e.g. data:fashion-mnist, "
                    + "data:npy:/path/x.npy) or npy:/path/eig.npy (a 1-D array of positive eigenvalues)";

    // --------------------------------------------------------------------------------------------- text form

    private static String render(Kind kind, String path, Map<String, String> options) {
        StringBuilder sb = new StringBuilder(kind.text());
        if (path != null) sb.append(':').append(path);
        String sep = "?";
        for (Map.Entry<String, String> e : options.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = "&";
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render(kind, path, options);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSource && o.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
