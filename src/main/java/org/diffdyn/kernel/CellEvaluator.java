package org.diffdyn.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.diffdyn.core.progress.CancelledException;

/**
 * Cell evaluation: JShell with the in-process engine ({@link InProcessControl}, {@link SnippetLoader}), a cell split
 * into snippets, the live value of the last expression, failures turned into {@link CellFailure}s by
 * {@link Tracebacks}.
 *
 * <p>Memory: a notebook re-runs cells, and JShell keeps every wrapper class it loaded, so a replaced variable's old
 * value would stay reachable through the old class's static field, and every expression statement ({@code
 * r.plots();}) leaves a {@code $N} temporary. The evaluator therefore clears the field of a variable snippet as soon as
 * JShell reports it overwritten or dropped, and drops the {@code $N} temporaries of a cell at the end of the next cell
 * (so {@code $N} can still be used in the cell right after; assign to a variable to keep a value longer).
 */
final class CellEvaluator {

    private final SnippetLoader loader;
    private final InProcessControl control;
    private final Tracebacks tracebacks;
    private volatile JShell shell; // built on first use (see shell()), off the connection's critical path
    private volatile SourceCodeAnalysis analysis;
    /** Where each snippet came from: execution count and first line in its cell, for readable stack traces. */
    private final Map<String, int[]> snippetOrigin = new ConcurrentHashMap<>();
    /** The wrapper class that holds each live variable snippet's value, by snippet id. */
    private final Map<String, Class<?>> varHolders = new HashMap<>();
    /** {@code $N} temporaries made by the previous cell and by the current one. */
    private List<VarSnippet> previousTemporaries = new ArrayList<>();

    private List<VarSnippet> currentTemporaries = new ArrayList<>();
    private volatile int currentCount;
    /** Whether the last top-level snippet evaluated was written with a trailing semicolon. */
    private boolean lastEndedWithSemicolon;

    CellEvaluator(StringStyler errorStyler) {
        this.loader = new SnippetLoader(CellEvaluator.class.getClassLoader());
        this.control = new InProcessControl(loader);
        this.tracebacks = new Tracebacks(errorStyler, snippetOrigin::get);
    }

    /** The JShell instance, built on first use. */
    JShell shell() {
        JShell s = shell;
        if (s == null) {
            synchronized (this) {
                s = shell;
                if (s == null) {
                    s = JShell.builder()
                            .executionEngine(InProcessControl.provider(control), Map.of())
                            .build();
                    analysis = s.sourceCodeAnalysis();
                    shell = s;
                }
            }
        }
        return s;
    }

    SourceCodeAnalysis analysis() {
        shell();
        return analysis;
    }

    /** The loader of notebook code. */
    ClassLoader classLoader() {
        return loader.classLoader();
    }

    Tracebacks tracebacks() {
        return tracebacks;
    }

    void interrupt() {
        control.interrupt();
    }

    void addToClasspath(String path) {
        shell().addToClasspath(path);
    }

    void close() {
        JShell s = shell;
        if (s != null) s.close();
    }

    /** A cell with this execution count starts on the current thread; interrupts meant for earlier cells are void. */
    void cellStarted(int executionCount) {
        currentCount = executionCount;
        lastEndedWithSemicolon = false;
        control.cellStarted();
    }

    /**
     * The cell is over (normally, by an error or an interrupt): no interrupt reaches the thread any more, and the
     * temporaries of the cell before are released.
     */
    void cellFinished() {
        control.cellFinished();
        List<VarSnippet> expired = previousTemporaries;
        previousTemporaries = currentTemporaries;
        currentTemporaries = new ArrayList<>();
        if (expired.isEmpty()) return;
        // Only declarations can depend on a temporary (statements and expressions have already run).
        // Other temporaries do not count: one computed from an expired temporary expires with it.
        List<Snippet> live = shell().snippets()
                .filter(sn -> sn instanceof DeclarationSnippet
                        && sn.subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                        && shell().status(sn).isActive())
                .collect(Collectors.toList());
        for (VarSnippet temp : expired) {
            if (!shell().status(temp).isActive() || isReferenced(temp, live)) continue;
            shell().drop(temp); // `$N` now fails to compile instead of reading a stale value
            release(temp);
        }
    }

    /**
     * Whether another live declaration mentions the temporary by name ({@code var x = $5;}, a method using it):
     * dropping it would invalidate that declaration, so it is kept.
     */
    private static boolean isReferenced(VarSnippet temp, List<Snippet> live) {
        Pattern name = Pattern.compile("(?<![\\w$])" + Pattern.quote(temp.name()) + "(?![\\w$])");
        for (Snippet sn : live) {
            if (sn != temp && name.matcher(sn.source()).find()) return true;
        }
        return false;
    }

    /** The name of the latest {@code $N} temporary (of this cell, else of the cell before), or null; for tests. */
    String lastTemporaryName() {
        List<VarSnippet> l = !currentTemporaries.isEmpty() ? currentTemporaries : previousTemporaries;
        return l.isEmpty() ? null : l.get(l.size() - 1).name();
    }

    /** Whether the last top-level snippet of the cell ended with a semicolon (IPython's "suppress the result"). */
    boolean lastEndedWithSemicolon() {
        return lastEndedWithSemicolon;
    }

    /** Evaluates Java source, snippet by snippet; stops at the first error or after an interrupt. */
    Object evalJava(String code) {
        Object result = null;
        String remaining = code;
        int line = 1;
        while (true) {
            if (control.isCancelled()) throw new CancelledException();
            if (remaining.isBlank()) break;
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(remaining);
            String source;
            String rest;
            switch (info.completeness()) {
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    source = info.source();
                    rest = info.remaining();
                    break;
                case EMPTY:
                    return result;
                default: // incomplete or unparseable: let javac report why
                    source = remaining;
                    rest = "";
                    break;
            }
            String consumed = remaining.substring(0, remaining.length() - rest.length());
            int lead = 0;
            while (lead < consumed.length() && Character.isWhitespace(consumed.charAt(lead))) lead++;
            int snippetLine = line + Tracebacks.countLines(consumed.substring(0, lead));
            result = evalSnippet(source.stripLeading(), snippetLine);
            lastEndedWithSemicolon = lastCodeChar(consumed) == ';';
            line += Tracebacks.countLines(consumed);
            remaining = rest;
        }
        return result;
    }

    /** The last character of {@code code} outside comments and whitespace (0 if none); literals count as code. */
    static char lastCodeChar(String code) {
        char last = 0;
        int n = code.length();
        for (int i = 0; i < n; i++) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                while (i < n && code.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
            } else if (c == '"' || c == '\'') {
                boolean text = c == '"' && code.startsWith("\"\"\"", i);
                int j = i + (text ? 3 : 1);
                while (j < n) {
                    char d = code.charAt(j);
                    if (d == '\\') j += 2;
                    else if (text ? code.startsWith("\"\"\"", j) : d == c) break;
                    else j++;
                }
                i = Math.min(n - 1, j + (text ? 2 : 0));
                last = c;
            } else if (!Character.isWhitespace(c)) {
                last = c;
            }
        }
        return last;
    }

    private Object evalSnippet(String source, int cellLine) {
        List<SnippetEvent> events;
        int mark;
        boolean outer = control.enterCompiler();
        try {
            mark = loader.loadedCount();
            events = shell().eval(source);
        } finally {
            control.leaveCompiler(outer);
        }
        List<Class<?>> loaded = loader.loadedSince(mark);
        trackHolders(events, loaded);
        Object value = null;
        try {
            for (SnippetEvent event : events) {
                Snippet snippet = event.snippet();
                if (event.causeSnippet() != null) continue;
                snippetOrigin.put(snippet.id(), new int[] {currentCount, cellLine});
                if (event.status() == Snippet.Status.REJECTED) {
                    throw tracebacks.compileFailure(
                            snippet, shell().diagnostics(snippet).collect(Collectors.toList()), source, cellLine);
                }
                JShellException ex = event.exception();
                if (ex != null) throw tracebacks.runtimeFailure(ex, control.takeThrowable(), unresolved(ex));
                if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                        || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    noteUnresolved(snippet);
                }
                switch (snippet.subKind()) {
                    case TEMP_VAR_EXPRESSION_SUBKIND:
                        currentTemporaries.add((VarSnippet) snippet);
                        value = control.takeValue();
                        break;
                    case VAR_VALUE_SUBKIND:
                    case OTHER_EXPRESSION_SUBKIND:
                        value = control.takeValue();
                        break;
                    default:
                        value = null;
                }
            }
        } finally {
            control.takeValue();
            control.takeThrowable();
        }
        return value;
    }

    private List<String> unresolved(JShellException ex) {
        if (!(ex instanceof UnresolvedReferenceException)) return List.of();
        DeclarationSnippet ds = ((UnresolvedReferenceException) ex).getSnippet();
        return shell().unresolvedDependencies(ds).collect(Collectors.toList());
    }

    /**
     * Keeps {@link #varHolders} current after an eval and clears the values of variables JShell replaced. A new
     * variable's holder is the freshly loaded wrapper class that declares its field; when JShell found the wrapper
     * unchanged (the same declaration run again) it loads nothing and the new snippet keeps the old one's class,
     * whose field then already holds the new value and must not be cleared.
     */
    private void trackHolders(List<SnippetEvent> events, List<Class<?>> loaded) {
        // The same key declared again (same name and type) comes back as the same snippet id, reported both active
        // and OVERWRITTEN by itself, with a new wrapper class if the source changed and none if it did not.
        Set<String> active = events.stream()
                .filter(e -> e.status().isActive())
                .map(e -> e.snippet().id())
                .collect(Collectors.toSet());
        Map<String, Class<?>> left = new HashMap<>(); // variable name -> class of a replaced snippet
        List<Map.Entry<Class<?>, String>> stale = new ArrayList<>();
        for (SnippetEvent e : events) {
            if (!(e.snippet() instanceof VarSnippet)
                    || active.contains(e.snippet().id())) continue;
            if (e.status() == Snippet.Status.OVERWRITTEN || e.status() == Snippet.Status.DROPPED) {
                Class<?> old = varHolders.remove(e.snippet().id());
                String name = ((VarSnippet) e.snippet()).name();
                if (old != null) {
                    left.put(name, old);
                    stale.add(Map.entry(old, name));
                }
            }
        }
        for (SnippetEvent e : events) {
            if (!(e.snippet() instanceof VarSnippet) || !e.status().isActive()) continue;
            VarSnippet var = (VarSnippet) e.snippet();
            Class<?> holder = null;
            for (Class<?> c : loaded) {
                if (holderField(c, var.name()) != null) {
                    holder = c;
                    break;
                }
            }
            Class<?> old = varHolders.get(var.id());
            if (holder == null) holder = old != null ? old : left.get(var.name());
            if (holder == null) continue;
            varHolders.put(var.id(), holder);
            if (old != null && old != holder) stale.add(Map.entry(old, var.name()));
        }
        for (Map.Entry<Class<?>, String> s : stale) {
            if (!varHolders.containsValue(s.getKey())) clear(s.getKey(), s.getValue());
        }
    }

    /** Temporaries are released through here: forget the holder and clear its field. */
    private void release(VarSnippet snippet) {
        Class<?> holder = varHolders.remove(snippet.id());
        if (holder != null && !varHolders.containsValue(holder)) clear(holder, snippet.name());
    }

    /** Clears the static field that held a replaced variable's value, so the value can be collected. */
    private static void clear(Class<?> holder, String name) {
        Field f = holderField(holder, name);
        if (f == null || f.getType().isPrimitive() || Modifier.isFinal(f.getModifiers())) return;
        try {
            f.setAccessible(true); // JShell's wrapper classes are package-private
            f.set(null, null);
        } catch (IllegalAccessException | RuntimeException ex) {
            System.err.println("diffdyn kernel: cannot release " + holder.getName() + "." + name + ": " + ex);
        }
    }

    /** The public static field {@code name} that JShell declares in a variable's wrapper class, or null. */
    private static Field holderField(Class<?> wrapper, String name) {
        try {
            Field f = wrapper.getField(name);
            return f.getDeclaringClass() == wrapper && Modifier.isStatic(f.getModifiers()) ? f : null;
        } catch (NoSuchFieldException | SecurityException | LinkageError ex) {
            return null;
        }
    }

    private void noteUnresolved(Snippet snippet) {
        if (!(snippet instanceof DeclarationSnippet)) return;
        List<String> missing =
                shell().unresolvedDependencies((DeclarationSnippet) snippet).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            System.err.println("note: " + ((DeclarationSnippet) snippet).name()
                    + " is defined but cannot be used until " + String.join(", ", missing) + " is declared");
        }
    }
}
