package org.diffdyn.experiment;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one naming rule of the experiment layer: parameter keys and plot names are lower kebab case
 * ({@code ratio-max}), the typed builder's setter for a key is its camelCase ({@code ratioMax}), an enum constant's
 * text form is its name in lower kebab case ({@code TWO_LAYER <-> two-layer}), and a check key is a dot-separated
 * path of kebab segments ({@code slope.one-layer.geometric.increase}).
 */
public final class Names {
    private Names() {}

    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern DASHES = Pattern.compile("-+(.?)");
    private static final Pattern CHECK_KEY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)*");

    /** True for a lower-kebab identifier starting with a letter: {@code d}, {@code ratio-max}, {@code log10-tau-from}. */
    public static boolean isKebab(String s) {
        return s != null && KEBAB.matcher(s).matches();
    }

    /** True for a check key: lower-kebab segments separated by dots. */
    public static boolean isCheckKey(String s) {
        return s != null && CHECK_KEY.matcher(s).matches();
    }

    /** The DSL setter name of a key: {@code ratio-max -> ratioMax}, {@code log10-tau-from -> log10TauFrom}. */
    public static String camel(String key) {
        return DASHES.matcher(key)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1).toUpperCase(Locale.ROOT)));
    }

    /** The text form of an enum constant: {@code TWO_LAYER -> two-layer}, {@code EXACT_1D -> exact-1d}. */
    public static String kebab(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
