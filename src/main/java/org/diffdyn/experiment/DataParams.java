package org.diffdyn.experiment;

import java.util.Arrays;
import java.util.List;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.DataSource;
import org.diffdyn.core.data.ImageDataset;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.spectra.Spectrum;

/**
 * The one {@code data=} parameter (and {@code spectrum=} for data-derived spectra) every experiment that takes data
 * declares: free text validated by {@link DataSource#parse} when it is set, so a malformed source fails where it is
 * written (magic, DSL or CLI) and names the spec, the fault and the valid forms.
 */
public final class DataParams {
    private DataParams() {}

    /** Description shared by every data parameter. */
    public static final String DESCRIPTION = "data source: npy:/path/x.npy, npz:/path/xy.npz (arrays x, optional y), "
            + "images:/path/dir?size=32, cifar10:/path, fashion-mnist, mnist-idx:/dir, gaussian?d=100 "
            + "(options after '?': limit, scale, order, split, ...; see README 'Bring your own data')";

    /** The {@code data} parameter with the given default source. */
    public static Param<String> data(String defaultSource) {
        return data(defaultSource, DESCRIPTION);
    }

    /** The {@code data} parameter with the given default source and description (validated as every data source). */
    public static Param<String> data(String defaultSource, String description) {
        return Param.text("data", defaultSource, description, DataSource.FORMS, s -> DataSource.parse("data", s)
                .toString());
    }

    /** {@code data}, defaulting to Fashion-MNIST. */
    public static final Param<String> DATA = data("fashion-mnist");

    /** Reads the source, at most {@code limit} items unless the source states its own limit. */
    public static ImageDataset load(Params p, Param<String> data, int limit, Progress progress) {
        DataSource s = source(p, data);
        if (!s.options().containsKey("limit")) s = s.with("limit", limit);
        return s.load(progress);
    }

    public static DataSource source(Params p, Param<String> data) {
        return DataSource.parse(data.key(), p.get(data));
    }

    /**
     * A {@code spectrum} parameter that accepts an experiment's built-in kinds (e.g. "lognormal", "powerlaw") and
     * {@code data:SOURCE} or {@code npy:/path/eig.npy}.
     */
    public static Param<String> spectrum(String def, String description, String... builtIns) {
        List<String> kinds = List.of(builtIns);
        String range =
                (kinds.isEmpty() ? "" : "one of " + String.join(", ", kinds) + ", or ") + DataSource.SPECTRUM_FORMS;
        String full = description + "; or data:SOURCE (the data's covariance spectrum) or npy:/path/eig.npy";
        return Param.text("spectrum", def, full, range, s -> {
            String t = s.trim();
            if (kinds.contains(t)) return t;
            if (t.startsWith("data:")) return "data:" + DataSource.parse("spectrum", t.substring(5));
            if (t.startsWith("npy:") && t.length() > 4) return t;
            throw new ParameterException("spectrum", s, range);
        });
    }

    /** True when a spectrum parameter's value is data-derived (data:) or a file (npy:), not a built-in kind. */
    public static boolean isFromData(String spectrum) {
        return DataSource.isSpectrumSpec(spectrum);
    }

    /** The spectrum a data:/npy: value names (data spectra floored at {@code floor} × mean and normalised to Tr/d = 1). */
    public static Spectrum spectrum(String value, double floor, Progress progress) {
        return DataSource.spectrum("spectrum", value, floor, progress);
    }

    /**
     * The leading {@code d} eigenvalues of a data:/npy: spectrum (as {@link #spectrum(String, double, Progress)}), for
     * experiments whose dimension is a parameter; fewer than d eigenvalues is an error naming {@code d}.
     */
    public static Spectrum spectrum(String value, int d, double floor, Progress progress) {
        double[] v = spectrum(value, floor, progress).values();
        if (v.length < d)
            throw new ParameterException(
                    "d", d, "at most " + v.length + " (the eigenvalues of spectrum=" + value + ")");
        return Spectrum.of(Arrays.copyOf(v, d));
    }

    /**
     * A typed-builder mixin: the {@code data} parameter from a {@link DataSource} value as well as from its text.
     *
     * @param <B> the builder type
     */
    public interface Source<B> {
        B data(String source);

        default B data(DataSource source) {
            return data(source.toString());
        }
    }
}
