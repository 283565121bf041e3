package org.diffdyn.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers stay one-directional (issue #11 item 3): nothing below the notebook layer (core, experiment, plot, the
 * paper packages) refers to jjava or to {@code org.diffdyn.jupyter}/{@code org.diffdyn.kernel}, and the extension
 * does not depend on the diffdyn kernel, so it also runs in upstream JJava; the theory packages use only core,
 * EJML, commons-math and the JDK; core uses nothing of diffdyn above it; the experiment and plot layers never load
 * DJL or Spark.
 */
class LayeringTest {
    static final Path SRC = Paths.get("src", "main", "java", "org", "diffdyn");
    static final Pattern REFERENCE =
            Pattern.compile("\\b(org\\.dflib\\.jjava|org\\.diffdyn\\.jupyter|org\\.diffdyn\\.kernel)\\b");

    static List<String> violations(Path root, Pattern forbidden, List<String> allowedTopPackages) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Path rel = SRC.relativize(f);
                String top = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
                if (allowedTopPackages.contains(top)) continue;
                String text = Files.readString(f);
                Matcher m = forbidden.matcher(text);
                while (m.find()) out.add(rel + ": " + m.group());
            }
        }
        return out;
    }

    @Test
    void libraryLayersDoNotKnowTheKernelLayer() throws IOException {
        assertTrue(Files.isDirectory(SRC), "run from the project folder");
        assertEquals(List.of(), violations(SRC, REFERENCE, List.of("jupyter", "kernel", "cli", "report", "compat")));
    }

    static final List<String> THEORY = List.of("spectralbias", "generalization", "imbalance", "ridge");
    static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+(?:static\\s+)?([\\w.]+)");
    static final Pattern DIFFDYN_REFERENCE = Pattern.compile("\\borg\\.diffdyn\\.(\\w+)(\\.\\w+)?");

    /** Every import and every fully qualified org.diffdyn reference (with a '.' appended) under {@code dir}: {file, name}. */
    static List<String[]> references(Path dir) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(f);
                Matcher m = IMPORT.matcher(text);
                while (m.find()) out.add(new String[] {SRC.relativize(f).toString(), m.group(1) + "."});
                Matcher q = DIFFDYN_REFERENCE.matcher(text);
                while (q.find()) out.add(new String[] {SRC.relativize(f).toString(), q.group() + "."});
            }
        }
        return out;
    }

    @Test
    void theoryPackagesUseOnlyCoreEjmlCommonsMathAndTheJdk() throws IOException {
        List<String> bad = new ArrayList<>();
        for (String paper : THEORY) {
            for (String[] r : references(SRC.resolve(paper))) {
                if (r[0].startsWith(paper + java.io.File.separator + "experiments" + java.io.File.separator)) continue;
                String n = r[1];
                boolean ok = n.startsWith("java.")
                        || n.startsWith("org.diffdyn.core.")
                        || n.startsWith("org.ejml.")
                        || n.startsWith("org.apache.commons.math3.")
                        || (n.startsWith("org.diffdyn." + paper + ".")
                                && !n.startsWith("org.diffdyn." + paper + ".experiments"));
                if (!ok) bad.add(r[0] + ": " + n);
            }
        }
        assertEquals(List.of(), bad, "theory packages may use only org.diffdyn.core, EJML, commons-math and java.*");
    }

    @Test
    void coreUsesNothingOfDiffdynAboveIt() throws IOException {
        List<String> bad = new ArrayList<>();
        for (String[] r : references(SRC.resolve("core")))
            if (r[1].startsWith("org.diffdyn.") && !r[1].startsWith("org.diffdyn.core.")) bad.add(r[0] + ": " + r[1]);
        assertEquals(List.of(), bad, "org.diffdyn.core must not refer to the layers above it");
    }

    @Test
    void experimentAndPlotLayersDoNotLoadDjlOrSpark() throws IOException {
        List<Path> dirs = new ArrayList<>(List.of(SRC.resolve("experiment"), SRC.resolve("plot")));
        for (String paper : THEORY)
            if (Files.isDirectory(SRC.resolve(paper).resolve("experiments")))
                dirs.add(SRC.resolve(paper).resolve("experiments"));
        Pattern heavy = Pattern.compile("\\b(ai\\.djl|org\\.apache\\.spark)\\b");
        List<String> bad = new ArrayList<>();
        for (Path d : dirs) {
            try (Stream<Path> files = Files.walk(d)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    Matcher m = heavy.matcher(Files.readString(f));
                    while (m.find()) bad.add(SRC.relativize(f) + ": " + m.group());
                }
            }
        }
        assertEquals(
                List.of(),
                bad,
                "the experiment and plot layers must not refer to DJL or Spark (they load on first use elsewhere)");
    }

    @Test
    void paperDslsLiveWithTheirExperimentsAndDiffdynIsPaperNeutral() throws IOException {
        for (String paper : THEORY)
            try (Stream<Path> files = Files.list(SRC.resolve(paper))) {
                assertEquals(
                        List.of(),
                        files.filter(p -> p.getFileName().toString().endsWith("Dsl.java"))
                                .map(Path::toString)
                                .toList(),
                        paper + ": the DSL belongs in " + paper + ".experiments");
            }
        List<String> bad = new ArrayList<>();
        for (String[] r : references(SRC.resolve("Diffdyn.java")))
            for (String paper : THEORY) if (r[1].startsWith("org.diffdyn." + paper)) bad.add(r[1]);
        assertEquals(List.of(), bad, "org.diffdyn.Diffdyn has no paper-specific entries");
    }

    @Test
    void extensionDoesNotDependOnTheDiffdynKernel() throws IOException {
        assertEquals(
                List.of(),
                violations(SRC.resolve("jupyter"), Pattern.compile("\\borg\\.diffdyn\\.kernel\\b"), List.of()));
    }
}
