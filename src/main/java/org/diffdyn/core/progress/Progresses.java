package org.diffdyn.core.progress;

import java.util.function.Supplier;

/**
 * Where experiments get their progress display when the caller passes none: the notebook extension installs a
 * bar updated in place, the CLI a stderr bar; plain library use gets {@link Progress#NONE}.
 */
public final class Progresses {
    private static volatile Supplier<Progress> factory = () -> Progress.NONE;

    private Progresses() {}

    public static Progress create() {
        return factory.get();
    }

    public static void setDefault(Supplier<Progress> supplier) {
        factory = supplier == null ? () -> Progress.NONE : supplier;
    }
}
