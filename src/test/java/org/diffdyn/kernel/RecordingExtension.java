package org.diffdyn.kernel;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/** Test extension, registered only inside a jar that the test adds with %classpath. */
public class RecordingExtension implements Extension {
    static volatile int installs;

    @Override
    public void install(BaseKernel kernel) {
        installs++;
        kernel.getMagicsRegistry()
                .registerCellMagic(
                        "echo",
                        (BaseKernel k, java.util.List<String> args, String body) ->
                                "echo[" + String.join(",", args) + "]:" + body.strip());
    }
}
