package org.diffdyn.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.DisplayStream;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.junit.jupiter.api.Test;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

/**
 * Fails loudly, naming the field, when a library upgrade breaks one of diffdyn's accesses to library internals.
 * Every {@code getDeclaredField} in the main sources must go through {@link LibraryInternals}.
 */
class LibraryInternalsTest {

    @Test
    void everyDeclaredAccessResolvesWithItsType() {
        List<String> broken = new ArrayList<>();
        for (LibraryInternals access : LibraryInternals.values()) {
            try {
                Field f = access.resolve(LibraryInternalsTest.class.getClassLoader());
                assertEquals(access.type(), f.getType().getTypeName(), access.name());
            } catch (IllegalStateException ex) {
                broken.add(ex.getMessage());
            }
        }
        assertEquals(List.of(), broken, "library upgrade broke diffdyn's reflective accesses");
    }

    @Test
    void readsAndWritesRealObjects() {
        double[] xs = {1, 2};
        ScatterTrace t = ScatterTrace.builder(xs, new double[] {3, 4})
                .mode(ScatterTrace.Mode.LINE)
                .build();
        assertEquals("scatter", LibraryInternals.read(t, tech.tablesaw.plotly.traces.AbstractTrace.class, "type"));
        assertEquals(ScatterTrace.Mode.LINE, LibraryInternals.SCATTER_MODE.get(t));
        Object[] x = (Object[]) LibraryInternals.SCATTER_X.get(t);
        assertEquals(2, x.length);
        Layout layout = Layout.builder()
                .xAxis(Axis.builder().title("k").type(Axis.Type.LOG).build())
                .build();
        Axis a = (Axis) LibraryInternals.LAYOUT_X_AXIS.get(layout);
        assertEquals("k", LibraryInternals.AXIS_TITLE.get(a));
        assertEquals(Axis.Type.LOG, LibraryInternals.AXIS_TYPE.get(a));

        JupyterIO io = new JupyterIO(StandardCharsets.UTF_8);
        DisplayStream replacement = new DisplayStream();
        LibraryInternals.JUPYTER_IO_DISPLAY.set(io, replacement);
        assertTrue(io.display == replacement, "the final display field was replaced");
    }

    @Test
    void undeclaredAccessIsRefused() {
        IllegalArgumentException ex = assertThrows(
                IllegalArgumentException.class,
                () -> LibraryInternals.read(new Object(), ScatterTrace.class, "showLegend"));
        assertTrue(ex.getMessage().contains("LibraryInternals"), ex.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> LibraryInternals.TRACE_TYPE.set(new Object(), "x"));
    }

    /** No other main source reads private fields by reflection, and this package imports nothing of diffdyn. */
    @Test
    void theOnlyReflectiveFieldAccessIsHere() throws Exception {
        Path src = Paths.get("src/main/java/org/diffdyn");
        Pattern reflective = Pattern.compile("getDeclared(Field|Method|Constructor)\\(");
        List<String> found = new ArrayList<>();
        try (var files = Files.walk(src)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(f);
                Matcher m = reflective.matcher(text);
                if (m.find() && !f.startsWith(src.resolve("compat")))
                    found.add(src.relativize(f).toString());
                if (f.startsWith(src.resolve("compat"))) {
                    assertTrue(!text.contains("import org.diffdyn."), f + " imports diffdyn");
                }
            }
        }
        assertEquals(List.of(), found);
        assertNotNull(LibraryInternals.find(Axis.class, "title").orElse(null));
        assertInstanceOf(
                Field.class, LibraryInternals.AXIS_TITLE.resolve(getClass().getClassLoader()));
    }
}
