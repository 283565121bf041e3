package org.diffdyn.core;

/**
 * A computation left the finite numbers (NaN or infinity), e.g. gradient descent with a learning rate above its
 * stability bound. The message names the parameter responsible and the value that would have been stable.
 */
public final class NumericalException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public NumericalException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
