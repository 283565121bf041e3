package org.diffdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The measurements work on arrays: org.diffdyn.measure (outside its experiments package) never refers to DJL or the network layer. */
class MeasureLayeringTest {
    @Test
    void measurementsDoNotKnowTheNetworkLayer() throws IOException {
        Path root = Path.of("src", "main", "java", "org", "diffdyn", "measure");
        Pattern forbidden =
                Pattern.compile("\\b(ai\\.djl|org\\.diffdyn\\.nets|org\\.diffdyn\\.jupyter|org\\.diffdyn\\.kernel)\\b");
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                var m = forbidden.matcher(Files.readString(f));
                while (m.find()) bad.add(f.getFileName() + ": " + m.group());
            }
        }
        assertEquals(List.of(), bad);
    }
}
