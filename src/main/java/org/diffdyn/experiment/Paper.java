package org.diffdyn.experiment;

import java.util.Locale;
import org.diffdyn.core.ParameterException;

/** Which paper an experiment reproduces: A..D, the data layer, or an experiment a user defined in a notebook. */
public enum Paper {
    A,
    B,
    C,
    D,
    DATA,
    USER;

    /** The text shown by {@code list} and the CLI: "A".."D", "data", "user". */
    public String label() {
        return ordinal() < 4 ? name() : name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label ("A", "b", "data", "user"; the pre-v2 label "core" means {@link #DATA}). */
    public static Paper of(String label) {
        String s = label == null ? "" : label.trim();
        if (s.equalsIgnoreCase("core")) return DATA;
        for (Paper p : values()) if (p.name().equalsIgnoreCase(s)) return p;
        throw new ParameterException("paper", label, "one of A, B, C, D, data, user");
    }
}
