package org.diffdyn.jupyter;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.diffdyn.core.progress.Progresses;

/**
 * diffdyn's notebook integration, in one place (the Kotlin-Jupyter "integration" idea): default imports, the
 * renderers (Table, Figure, ExperimentResult), the {@code %diffdyn}/{@code %%diffdyn} magics and the notebook
 * progress bar. Nothing else.
 *
 * <p>Found by {@link java.util.ServiceLoader} through {@code META-INF/services/org.dflib.jjava.jupyter.Extension},
 * so it installs itself in the diffdyn kernel and in upstream JJava ({@code JJAVA_CLASSPATH}, {@code %classpath},
 * {@code %maven}). It uses only the jjava-jupyter 1.0-a6 extension API ({@link BaseKernel#evalRaw},
 * {@code getRenderer()}, {@code getMagicsRegistry()}, {@code display}, {@code getIO().display}).
 */
public final class DiffdynExtension implements Extension {

    /**
     * The imports every notebook gets. One constant on purpose: paper DSL classes are added here
     * ({@code "import static org.diffdyn.<paper>.experiments.<Paper>Dsl.*;"}).
     */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "import static org.diffdyn.Diffdyn.*;",
            "import static org.diffdyn.spectralbias.experiments.SpectralBiasDsl.*;",
            "import static org.diffdyn.generalization.experiments.GeneralizationDsl.*;",
            "import static org.diffdyn.imbalance.experiments.ImbalanceDsl.*;",
            "import static org.diffdyn.ridge.experiments.RidgeDsl.*;",
            "import static org.diffdyn.data.experiments.DataDsl.*;",
            "import static org.diffdyn.measure.experiments.NetworksDsl.*;",
            "import org.diffdyn.experiment.*;",
            "import tech.tablesaw.api.*;",
            "import tech.tablesaw.plotly.components.Figure;");

    private static final Map<BaseKernel, Boolean> INSTALLED = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public void install(BaseKernel kernel) {
        // Guard against a second install, also by a second copy of this class from another class loader
        // (e.g. the jar on the kernel class path and again through %maven): the magic name is the marker.
        if (INSTALLED.putIfAbsent(kernel, Boolean.TRUE) != null) return;
        if (kernel.getMagicsRegistry().getLineMagicNames().contains(DiffdynMagics.NAME)) return;

        Renderers.register(kernel.getRenderer());
        DiffdynMagics.register(kernel);
        Progresses.setDefault(() -> new NotebookProgress(kernel));
        importDefaults(kernel);
    }

    @Override
    public void uninstall(BaseKernel kernel) {
        INSTALLED.remove(kernel);
        Progresses.setDefault(null);
    }

    /** Evaluates the default imports; a failure is reported but does not stop the rest of the extension. */
    static void importDefaults(BaseKernel kernel) {
        String code = String.join("\n", DEFAULT_IMPORTS);
        try {
            kernel.evalRaw(code);
        } catch (Exception e) {
            String msg = "diffdyn: default imports failed (" + e + "); write them yourself:\n" + code;
            if (kernel.getIO() != null) kernel.getIO().err.println(msg);
            else System.err.println(msg);
        }
    }
}
