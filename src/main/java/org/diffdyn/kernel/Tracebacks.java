package org.diffdyn.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * Error reports of failed cells ({@link CellFailure}): javac diagnostics with the cell line and a caret, runtime
 * exceptions under their real class with snippet frames named by cell ({@code at f (cell [5], line 2)}), JShell,
 * reflection and kernel frames cut, {@code Caused by} chains kept, and magic failures unwrapped to name the magic.
 */
final class Tracebacks {

    private static final String STATICS_WRAP = "Exception occurred while running ";

    private final StringStyler errorStyler;
    /** Execution count and first cell line of a snippet, by snippet id (null if unknown). */
    private final Function<String, int[]> origins;

    Tracebacks(StringStyler errorStyler, Function<String, int[]> origins) {
        this.errorStyler = errorStyler;
        this.origins = origins;
    }

    /** A snippet javac rejected: each error with its cell line, the source line and a caret under the culprit. */
    CellFailure compileFailure(Snippet snippet, List<Diag> diags, String source, int cellLine) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            if (!d.isError()) continue;
            String msg = d.getMessage(Locale.ROOT);
            if (first == null) first = msg.lines().findFirst().orElse(msg);
            String src = snippet.source() != null ? snippet.source() : source;
            int pos = (int) Math.max(0, Math.min(d.getPosition(), src.length()));
            int start = (int) Math.max(0, Math.min(d.getStartPosition(), pos));
            int end = (int) Math.max(pos, Math.min(d.getEndPosition(), src.length()));
            int lineStart = src.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
            if (start == 0) lineStart = 0;
            int lineEnd = src.indexOf('\n', start);
            if (lineEnd < 0) lineEnd = src.length();
            int lineNo = cellLine + countLines(src.substring(0, lineStart));
            String codeLine = src.substring(lineStart, lineEnd);
            lines.add(errorStyler.secondary("Compilation error at line " + lineNo + ": ")
                    + errorStyler.primary(msg.lines().findFirst().orElse(msg)));
            lines.add("    " + codeLine);
            int caretFrom = start - lineStart;
            int caretTo = Math.max(caretFrom + 1, Math.min(end, lineEnd) - lineStart);
            lines.add("    " + " ".repeat(Math.max(0, caretFrom)) + "^".repeat(Math.max(1, caretTo - caretFrom)));
            msg.lines()
                    .skip(1)
                    .filter(l -> !l.strip().equals("location: class"))
                    .forEach(l -> lines.add("    " + l));
        }
        if (first == null) {
            first = "the snippet was rejected by the compiler";
            lines.add(errorStyler.secondary(first) + ": " + snippet.source());
        }
        return new CellFailure("CompilationException", first, lines);
    }

    /**
     * A snippet that threw: {@code real} is the live exception kept by {@link InProcessControl} (null if lost),
     * {@code unresolved} lists what an {@link UnresolvedReferenceException}'s snippet is waiting for.
     */
    CellFailure runtimeFailure(JShellException jshellEx, Throwable real, List<String> unresolved) {
        if (jshellEx instanceof UnresolvedReferenceException) {
            DeclarationSnippet ds = ((UnresolvedReferenceException) jshellEx).getSnippet();
            String missing = String.join(", ", unresolved);
            String msg = ds.name() + " cannot be invoked until " + missing + " is declared";
            return new CellFailure(
                    "UnresolvedReferenceException",
                    msg,
                    List.of(errorStyler.secondary("UnresolvedReferenceException: ") + msg));
        }
        if (real == null) {
            String cls = jshellEx instanceof EvalException
                    ? ((EvalException) jshellEx).getExceptionClassName()
                    : jshellEx.getClass().getName();
            return failure(cls, jshellEx.getMessage(), traceback(jshellEx, jshellEx));
        }
        return describe(real, jshellEx);
    }

    /** The report for any exception that ends a cell. */
    CellFailure describe(Throwable t) {
        if (t instanceof CellFailure) return (CellFailure) t;
        if (t instanceof EvalException) return runtimeFailure((EvalException) t, null, List.of());
        return describe(t, null);
    }

    private CellFailure describe(Throwable real, Throwable translated) {
        Throwable shown = real;
        Throwable shownTranslated = translated;
        String context = null;
        // BaseNotebookStatics wraps magic failures; report the magic's own exception.
        if (shown instanceof RuntimeException
                && shown.getCause() != null
                && shown.getMessage() != null
                && shown.getMessage().startsWith(STATICS_WRAP)) {
            context = shown.getMessage().substring(STATICS_WRAP.length());
            int colon = context.indexOf(':');
            if (colon > 0) context = context.substring(0, colon);
            shown = shown.getCause();
            shownTranslated = translated != null ? translated.getCause() : null;
        }
        if (shown instanceof CellFailure) return (CellFailure) shown;
        List<String> lines = traceback(shown, shownTranslated);
        if (context != null) lines.add(1, errorStyler.secondary("    (while running " + context + ")"));
        return failure(shown.getClass().getName(), shown.getMessage(), lines);
    }

    private static CellFailure failure(String cls, String message, List<String> lines) {
        return new CellFailure(cls, message == null ? "" : cleanNames(message), lines);
    }

    private static final Pattern WRAPPER_NAME = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]?\\.");

    /** Removes JShell's wrapper-class prefix ({@code REPL.$JShell$19.}) from names in messages. */
    static String cleanNames(String text) {
        return WRAPPER_NAME.matcher(text).replaceAll("");
    }

    /** Traceback lines: the exception chain with snippet frames named by cell, and the kernel's frames removed. */
    private List<String> traceback(Throwable real, Throwable translated) {
        List<String> lines = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Throwable r = real;
        Throwable tr = translated;
        boolean firstLevel = true;
        while (r != null && seen.add(r)) {
            if (r instanceof CellFailure) {
                lines.add(errorStyler.secondary("Caused by nested cell failure:"));
                lines.addAll(((CellFailure) r).traceback);
                break;
            }
            String cls = r instanceof EvalException
                    ? ((EvalException) r).getExceptionClassName()
                    : r.getClass().getName();
            String head = cls + (r.getMessage() != null ? ": " + cleanNames(r.getMessage()) : "");
            lines.add(firstLevel ? errorStyler.secondary(head) : errorStyler.secondary("Caused by: ") + head);
            StackTraceElement[] frames = r.getStackTrace();
            StackTraceElement[] names = tr != null ? tr.getStackTrace() : null;
            int shownFrames = 0;
            for (int i = 0; i < frames.length; i++) {
                StackTraceElement f = frames[i];
                if (isKernelFrame(f)) break;
                StackTraceElement n = names != null && i < names.length ? names[i] : null;
                if (shownFrames == 40) {
                    lines.add("        ... " + (frames.length - i) + " more");
                    break;
                }
                lines.add("    at " + frame(f, n));
                shownFrames++;
            }
            r = r.getCause();
            tr = tr != null ? tr.getCause() : null;
            firstLevel = false;
        }
        return lines;
    }

    private static boolean isKernelFrame(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("jdk.internal.reflect.")
                || c.startsWith("java.lang.reflect.Method")
                || c.startsWith("org.diffdyn.kernel.")
                || c.startsWith("jdk.jshell.");
    }

    private String frame(StackTraceElement raw, StackTraceElement translated) {
        String cls = raw.getClassName();
        if (!cls.startsWith("REPL.")) return raw.toString();
        String id = null;
        int line = raw.getLineNumber();
        String name = cls;
        String method = raw.getMethodName();
        if (translated != null
                && translated.getFileName() != null
                && translated.getFileName().startsWith("#")) {
            id = translated.getFileName().substring(1);
            line = translated.getLineNumber();
            name = translated.getClassName();
            method = translated.getMethodName();
        }
        String where = method == null || method.isEmpty() || method.equals("do_it$")
                ? (name == null || name.isEmpty() ? "cell code" : name)
                : (name == null || name.isEmpty() ? method : name + "." + method);
        int[] origin = id != null ? origins.apply(id) : null;
        if (origin != null) return where + " (cell [" + origin[0] + "], line " + (origin[1] + line - 1) + ")";
        if (id != null) return where + " (snippet #" + id + ", line " + line + ")";
        return where + " (" + raw.getFileName() + ":" + line + ")";
    }

    static int countLines(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '\n') n++;
        return n;
    }
}
