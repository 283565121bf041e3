package org.diffdyn.core;

/** The one array formatter: the comma-separated text form that parameters are typed in ({@code 1.0,0.5,0.1}). */
public final class Formats {
    private Formats() {}

    /** {@code 1.0,0.5,0.1}: Java's shortest round-trip form of each value, comma-separated, no spaces. */
    public static String csv(double... v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ",").append(v[i]);
        return sb.toString();
    }
}
