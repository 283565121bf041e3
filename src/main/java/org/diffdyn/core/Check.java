package org.diffdyn.core;

/** Argument checks that fail with a {@link ParameterException} naming the parameter, its value and the valid range. */
public final class Check {
    private Check() {}

    public static int positive(String name, int value) {
        if (value <= 0) throw new ParameterException(name, value, "an integer >= 1");
        return value;
    }

    public static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max)
            throw new ParameterException(name, value, "an integer in [" + min + ", " + max + "]");
        return value;
    }

    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) throw new ParameterException(name, value, "a finite number > 0");
        return value;
    }

    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value))
            throw new ParameterException(name, value, "a finite number >= 0");
        return value;
    }

    public static double finite(String name, double value) {
        if (!Double.isFinite(value)) throw new ParameterException(name, value, "a finite number");
        return value;
    }

    public static double inRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max))
            throw new ParameterException(name, value, "a number in [" + min + ", " + max + "]");
        return value;
    }

    /** Every entry finite and strictly positive (covariance spectra, noise levels, training times). */
    public static double[] allPositive(String name, double[] values) {
        if (values == null || values.length == 0)
            throw new ParameterException(name, "[]", "a non-empty list of numbers > 0");
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0) || Double.isInfinite(values[i]))
                throw new ParameterException(
                        name + "[" + i + "]", values[i], "a finite number > 0 (every entry of " + name + ")");
        }
        return values;
    }

    /** Every entry finite and non-negative (training times may start at 0). */
    public static double[] allNonNegative(String name, double[] values) {
        if (values == null || values.length == 0)
            throw new ParameterException(name, "[]", "a non-empty list of numbers >= 0");
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0) || Double.isInfinite(values[i]))
                throw new ParameterException(
                        name + "[" + i + "]", values[i], "a finite number >= 0 (every entry of " + name + ")");
        }
        return values;
    }

    /** Throws a {@link NumericalException} naming {@code parameter} when {@code value} is NaN or infinite. */
    public static double stillFinite(double value, String parameter, String context) {
        if (!Double.isFinite(value)) throw new NumericalException(parameter, context + " became " + value);
        return value;
    }
}
