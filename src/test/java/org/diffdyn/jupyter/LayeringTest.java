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
 * The kernel layer stays thin and one-directional: nothing below it (core, experiment, plot, the paper packages)
 * refers to jjava or to {@code org.diffdyn.jupyter}/{@code org.diffdyn.kernel}, and the extension does not depend
 * on the diffdyn kernel, so it also runs in upstream JJava.
 */
class LayeringTest {
    static final Path SRC = Paths.get("src", "main", "java", "org", "diffdyn");
    static final Pattern REFERENCE = Pattern.compile("\\b(org\\.dflib\\.jjava|org\\.diffdyn\\.jupyter|org\\.diffdyn\\.kernel)\\b");

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

    @Test void libraryLayersDoNotKnowTheKernelLayer() throws IOException {
        assertTrue(Files.isDirectory(SRC), "run from the project folder");
        assertEquals(List.of(), violations(SRC, REFERENCE, List.of("jupyter", "kernel", "cli", "compat")));
    }

    @Test void extensionDoesNotDependOnTheDiffdynKernel() throws IOException {
        assertEquals(List.of(), violations(SRC.resolve("jupyter"), Pattern.compile("\\borg\\.diffdyn\\.kernel\\b"), List.of()));
    }
}
