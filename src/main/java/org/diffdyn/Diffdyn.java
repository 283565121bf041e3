package org.diffdyn;

import java.util.List;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.experiment.Experiment;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.experiment.Registry;
import tech.tablesaw.api.Table;

/**
 * Entry point of the fluent DSL, independent of any paper: experiments by name, the list, describe, version. In a
 * notebook these are imported statically, together with each paper's DSL ({@code <paper>.experiments.<Paper>Dsl},
 * e.g. {@code weightRelaxation().d(32).sigma(1).run().table()} from paper A's).
 */
public final class Diffdyn {
    private Diffdyn() {}

    public static final String VERSION = "0.1.0";

    /** The experiment of that name as an untyped builder: {@code experiment("weight-relaxation").set("d", 8).run()}. */
    public static ExperimentBuilder<?> experiment(String name) {
        return Registry.get(name).builder();
    }

    public static List<Experiment> experiments() {
        return Registry.all();
    }

    /** One row per experiment. */
    public static Table experimentTable() {
        return Registry.list();
    }

    /** Every parameter of an experiment with its default and valid range. */
    public static Table describe(String name) {
        return Registry.describe(name);
    }

    /** Version, JDK and linear-algebra backend, one per line. */
    public static String versionInfo() {
        return "diffdyn " + VERSION + System.lineSeparator()
                + "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")" + System.lineSeparator()
                + "linear algebra: " + Dense.backend() + System.lineSeparator()
                + "experiments: " + Registry.all().size();
    }
}
