package org.diffdyn.core;

/**
 * Bad input to a computation or an experiment: names the parameter, the value it got and the range that is valid.
 * Thrown before any work is done, so a notebook or CLI caller can correct one option and run again.
 */
public final class ParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String parameter;
    private final String value;
    private final String validRange;

    public ParameterException(String parameter, Object value, String validRange) {
        this(parameter, value, validRange, null);
    }

    public ParameterException(String parameter, Object value, String validRange, String detail) {
        super("parameter '" + parameter + "' = " + render(value) + " is not valid: expected " + validRange
                + (detail == null ? "" : " (" + detail + ")"));
        this.parameter = parameter;
        this.value = render(value);
        this.validRange = validRange;
    }

    private static String render(Object value) {
        if (value instanceof double[]) return java.util.Arrays.toString((double[]) value);
        return String.valueOf(value);
    }

    public String parameter() {
        return parameter;
    }

    public String value() {
        return value;
    }

    public String validRange() {
        return validRange;
    }
}
