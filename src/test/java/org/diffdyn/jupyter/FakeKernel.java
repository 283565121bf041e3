package org.diffdyn.jupyter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * The smallest kernel the jjava-jupyter 1.0-a6 API allows: nothing but the public BaseKernel constructor and its
 * abstract methods. The extension must work in it, which shows that it needs no diffdyn-kernel specifics.
 * Evaluated code and displayed data are recorded.
 */
class FakeKernel extends BaseKernel {
    final List<String> evaluated = new ArrayList<>();
    final List<DisplayData> displayed = new ArrayList<>();

    FakeKernel() {
        super(
                "fake",
                "0",
                new LanguageInfo("java", "17", "text/x-java", ".java", "java", "java", "java"),
                List.of(),
                null,
                new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(),
                new Renderer(),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()),
                new MagicsRegistry(),
                true,
                new StringStyler.Builder().build());
    }

    @Override
    public Object evalRaw(String code) {
        evaluated.add(code);
        return null;
    }

    @Override
    public void display(DisplayData data) {
        displayed.add(data);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        return null;
    }

    @Override
    public String isComplete(String code) {
        return IS_COMPLETE_YES;
    }

    /** Runs the a6 start-up path: sets the notebook kernel and installs ServiceLoader extensions. */
    FakeKernel started() {
        onStartup();
        return this;
    }
}
