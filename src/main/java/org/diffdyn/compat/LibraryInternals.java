package org.diffdyn.compat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every place where diffdyn reads or writes a library's private state, declared once so that one test
 * ({@code LibraryInternalsTest}) resolves them all and fails loudly, naming the field, when a library upgrade renames
 * or retypes one. Callers go through {@link #read} / {@link #write}, which refuse an access that is not declared here.
 *
 * <p>This package imports nothing of diffdyn, so every layer may use it (the libraries are named by string; no
 * library class is loaded before a caller uses one of its fields).
 */
public enum LibraryInternals {
    /** jjava-jupyter: the final {@code display} stream of {@code JupyterIO}, swapped for an interrupt-safe one. */
    JUPYTER_IO_DISPLAY(
            "org.dflib.jjava.jupyter.kernel.JupyterIO",
            "display",
            "org.dflib.jjava.jupyter.kernel.DisplayStream",
            true),
    // tablesaw-jsplot: plotly figure fields without getters, read by the static SVG fallback (org.diffdyn.plot.Svg).
    TRACE_TYPE("tech.tablesaw.plotly.traces.AbstractTrace", "type", "java.lang.String", false),
    TRACE_Y_AXIS("tech.tablesaw.plotly.traces.AbstractTrace", "yAxis", "java.lang.String", false),
    SCATTER_OPEN("tech.tablesaw.plotly.traces.ScatterTrace", "open", "double[]", false),
    SCATTER_X("tech.tablesaw.plotly.traces.ScatterTrace", "x", "java.lang.Object[]", false),
    SCATTER_Y("tech.tablesaw.plotly.traces.ScatterTrace", "y", "java.lang.Object[]", false),
    SCATTER_MODE(
            "tech.tablesaw.plotly.traces.ScatterTrace", "mode", "tech.tablesaw.plotly.traces.ScatterTrace$Mode", false),
    SCATTER_LINE("tech.tablesaw.plotly.traces.ScatterTrace", "line", "tech.tablesaw.plotly.components.Line", false),
    SCATTER_MARKER(
            "tech.tablesaw.plotly.traces.ScatterTrace", "marker", "tech.tablesaw.plotly.components.Marker", false),
    LAYOUT_X_AXIS("tech.tablesaw.plotly.components.Layout", "xAxis", "tech.tablesaw.plotly.components.Axis", false),
    LAYOUT_Y_AXIS("tech.tablesaw.plotly.components.Layout", "yAxis", "tech.tablesaw.plotly.components.Axis", false),
    LAYOUT_Y_AXIS2("tech.tablesaw.plotly.components.Layout", "yAxis2", "tech.tablesaw.plotly.components.Axis", false),
    AXIS_TYPE("tech.tablesaw.plotly.components.Axis", "type", "tech.tablesaw.plotly.components.Axis$Type", false),
    AXIS_TITLE("tech.tablesaw.plotly.components.Axis", "title", "java.lang.String", false),
    LINE_COLOR("tech.tablesaw.plotly.components.Line", "color", "java.lang.String", false),
    MARKER_COLOR("tech.tablesaw.plotly.components.Marker", "color", "java.lang.String[]", false);

    private final String owner;
    private final String field;
    private final String type;
    private final boolean writable;
    private volatile Field resolved;

    LibraryInternals(String owner, String field, String type, boolean writable) {
        this.owner = owner;
        this.field = field;
        this.type = type;
        this.writable = writable;
    }

    /** The declaring class, by name. */
    public String owner() {
        return owner;
    }

    public String fieldName() {
        return field;
    }

    /** The field's type as {@link Class#getTypeName()} spells it. */
    public String type() {
        return type;
    }

    /**
     * The accessible field, looked up through {@code loader}; throws {@link IllegalStateException} naming the class,
     * field and expected type if the library on the classpath no longer has it.
     */
    public Field resolve(ClassLoader loader) {
        Field f = resolved;
        if (f != null) return f;
        try {
            Class<?> c = Class.forName(owner, false, loader);
            f = c.getDeclaredField(field);
            if (!f.getType().getTypeName().equals(type)) {
                throw broken("has type " + f.getType().getTypeName(), null);
            }
            f.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
            if (ex instanceof IllegalStateException) throw (IllegalStateException) ex;
            throw broken("cannot be accessed (" + ex + ")", ex);
        }
        resolved = f;
        return f;
    }

    private IllegalStateException broken(String what, Throwable cause) {
        return new IllegalStateException(
                "library internals changed: " + owner + "." + field + " (expected type "
                        + type + ") " + what + "; a library upgrade broke diffdyn's access in "
                        + LibraryInternals.class.getName() + "." + name(),
                cause);
    }

    /** The field's value in {@code target} (an instance of the declaring class or a subclass). */
    public Object get(Object target) {
        try {
            return resolve(target.getClass().getClassLoader()).get(target);
        } catch (IllegalAccessException ex) {
            throw broken("cannot be read (" + ex + ")", ex);
        }
    }

    /** Sets the field (final fields included; only for fields declared writable). */
    public void set(Object target, Object value) {
        if (!writable) throw new UnsupportedOperationException(this + " is declared read-only");
        Field f = resolve(target.getClass().getClassLoader());
        try {
            f.set(target, value);
        } catch (IllegalAccessException ex) {
            throw broken("cannot be written (" + ex + ")", ex);
        }
    }

    /** The declared access for {@code declaring.field}, if there is one. */
    public static Optional<LibraryInternals> find(Class<?> declaring, String field) {
        return Arrays.stream(values())
                .filter(v -> v.owner.equals(declaring.getName()) && v.field.equals(field))
                .findFirst();
    }

    /**
     * Reads {@code declaring.field} of {@code target}; the access must be declared above (an undeclared one throws
     * {@link IllegalArgumentException}, so that the compatibility test covers every access).
     */
    public static Object read(Object target, Class<?> declaring, String field) {
        LibraryInternals access = find(declaring, field)
                .orElseThrow(() -> new IllegalArgumentException("undeclared access to " + declaring.getName() + "."
                        + field + ": declare it in " + LibraryInternals.class.getName()));
        return access.get(target);
    }

    /** Whether the field is final in the library (a write then relies on {@code setAccessible}). */
    public boolean isFinal(ClassLoader loader) {
        return Modifier.isFinal(resolve(loader).getModifiers());
    }
}
