package org.diffdyn.experiment;

/**
 * A typed-builder mixin for experiments with the project-wide training-time grid ({@code log10-tau-from},
 * {@code log10-tau-to}, {@code points}): the three in one call.
 *
 * @param <B> the builder type
 */
public interface TauRange<B> {
    B log10TauFrom(double x);

    B log10TauTo(double x);

    B points(int n);

    /** Training times 10^log10From … 10^log10To, {@code points} of them on the log grid. */
    default B tauRange(double log10From, double log10To, int points) {
        log10TauFrom(log10From);
        log10TauTo(log10To);
        return points(points);
    }
}
