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

    /**
     * The project version, from one source: the pom's {@code <version>}, which {@code mvn package} writes into the jar
     * manifest as {@code Implementation-Version}. Run from class folders (an IDE, Surefire) it is read from the
     * pom.xml beside {@code target/classes}; "unknown" if neither is found.
     */
    public static final String VERSION = readVersion();

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
                + "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
                + System.lineSeparator()
                + "linear algebra: " + Dense.backend() + System.lineSeparator()
                + "experiments: " + Registry.all().size();
    }

    private static String readVersion() {
        String v = Diffdyn.class.getPackage() == null
                ? null
                : Diffdyn.class.getPackage().getImplementationVersion();
        if (v != null && !v.isBlank()) return v;
        try {
            java.security.CodeSource cs = Diffdyn.class.getProtectionDomain().getCodeSource();
            if (cs != null) {
                java.nio.file.Path classes =
                        java.nio.file.Paths.get(cs.getLocation().toURI());
                java.nio.file.Path pom =
                        classes.getParent() == null ? null : classes.getParent().resolveSibling("pom.xml");
                if (pom != null && java.nio.file.Files.isRegularFile(pom)) {
                    String text = java.nio.file.Files.readString(pom);
                    // the project's own <version>: the first one after </parent> (if any) outside <dependencies>
                    int from = Math.max(0, text.indexOf("</parent>"));
                    int deps = text.indexOf("<dependencies>");
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<version>\\s*([^<\\s]+)\\s*</version>")
                            .matcher(text);
                    if (m.find(from) && (deps < 0 || m.start() < deps)) return m.group(1);
                }
            }
        } catch (Exception | LinkageError e) {
            // fall through: no manifest and no pom nearby
        }
        return "unknown";
    }
}
