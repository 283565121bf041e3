package org.diffdyn.kernel;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.DeclarationSnippet;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.diffdyn.core.progress.CancelledException;

/**
 * The diffdyn Jupyter kernel: Java cells compiled by JShell and run in this JVM, with jjava-jupyter's magics,
 * renderers and ServiceLoader extensions on top.
 *
 * <p>Cells run on the kernel's shell thread. An interrupt request interrupts that thread while user code runs (see
 * {@link InProcessControl}), which stops {@code Thread.sleep}, blocking waits and diffdyn's cooperative loops
 * ({@code Progress#checkCancelled}). Declarations made before an error or an interrupt stay defined.
 */
public final class DiffdynKernel extends BaseKernel {

    public static final String NAME = "diffdyn";
    public static final String VERSION = "0.1.0";

    /** Evaluated before anything else, so {@code display(...)}, {@code render(...)} etc. work in every cell. */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*;",
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.io.*;",
            "import java.nio.file.*;",
            "import java.math.*;");

    private static final Pattern MAGIC_PREFIX = Pattern.compile("^\\s*(%%?)([\\w.-]*)$");
    private static final Pattern MAGIC_LINE = Pattern.compile("(?m)^\\s*%.*$");
    private static final String STATICS_WRAP = "Exception occurred while running ";

    private final KernelIO kernelIO;
    private final SnippetLoader loader;
    private final InProcessControl control;
    private volatile JShell shell;           // built on first use (see shell()), off the connection's critical path
    private volatile SourceCodeAnalysis analysis;
    private final List<Path> addedClasspath = Collections.synchronizedList(new ArrayList<>());
    /** Where each snippet came from: execution count and first line in its cell, for readable stack traces. */
    private final Map<String, int[]> snippetOrigin = new ConcurrentHashMap<>();
    private volatile int currentCount;
    /** Whether the last top-level snippet evaluated was written with a trailing semicolon. */
    private boolean lastEndedWithSemicolon;

    private DiffdynKernel(KernelIO io, MagicsRegistry magics, boolean extensionsEnabled) {
        super(NAME, VERSION,
                new LanguageInfo("java", Runtime.version().toString(), "text/x-java-source", ".jshell",
                        "java", "java", "script"),
                List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/"
                        + Runtime.version().feature() + "/docs/api/")),
                null, io, new CommManager(), new Renderer(),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new ValueKeepingTranspiler()),
                magics, extensionsEnabled, errorStyler());
        this.kernelIO = io;
        this.loader = new SnippetLoader(DiffdynKernel.class.getClassLoader());
        this.control = new InProcessControl(loader);
    }

    /** The JShell instance, built on first use. */
    private JShell shell() {
        JShell s = shell;
        if (s == null) {
            synchronized (this) {
                s = shell;
                if (s == null) {
                    s = JShell.builder().executionEngine(InProcessControl.provider(control), Map.of()).build();
                    analysis = s.sourceCodeAnalysis();
                    shell = s;
                }
            }
        }
        return s;
    }

    private SourceCodeAnalysis analysis() {
        shell();
        return analysis;
    }

    /** A kernel with the built-in {@code %classpath} magic; call {@link #onStartup()} before use. */
    public static DiffdynKernel create(boolean extensionsEnabled) {
        MagicsRegistry magics = new MagicsRegistry();
        DiffdynKernel kernel = new DiffdynKernel(new KernelIO(StandardCharsets.UTF_8), magics, extensionsEnabled);
        magics.registerLineMagic("classpath", (DiffdynKernel k, List<String> args) -> k.classpathMagic(args));
        return kernel;
    }

    private static StringStyler errorStyler() {
        return new StringStyler.Builder()
                .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                .addSecondaryStyle(TextColor.BOLD_RED_FG)
                .addHighlightStyle(TextColor.BOLD_RESET_FG)
                .addHighlightStyle(TextColor.RED_BG)
                .withLinePrefix(TextColor.BOLD_RESET_FG + "|   ")
                .build();
    }

    // ------------------------------------------------------------------------------------------------ life cycle

    /** Evaluates the default imports, then installs the notebook kernel and (if enabled) the extensions. */
    @Override
    public void onStartup() {
        for (String imp : DEFAULT_IMPORTS) evalJava(imp);
        super.onStartup();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        try {
            super.onShutdown(isRestarting);
        } finally {
            JShell s = shell;
            if (s != null) s.close();
        }
    }

    /** The loader of notebook code; extensions are loaded through it so their classes are the notebook's. */
    @Override
    protected ClassLoader getClassLoader() {
        return loader.classLoader();
    }

    @Override
    public void interrupt() {
        control.interrupt();
    }

    /**
     * Installs every {@link Extension} the ServiceLoader finds through {@code classLoader}, each at most once. A
     * broken extension is reported on stderr and skipped, so it cannot keep the kernel from starting.
     */
    @Override
    protected void installExtensions(ClassLoader classLoader) {
        Iterator<Extension> it = ServiceLoader.load(Extension.class, classLoader).iterator();
        for (int failures = 0; failures < 20; ) {
            Extension ext;
            try {
                if (!it.hasNext()) break;
                ext = it.next();
            } catch (ServiceConfigurationError | LinkageError ex) {
                System.err.println("diffdyn kernel: cannot load an extension: " + ex);
                failures++;
                continue;
            }
            try {
                installExtension(ext);
            } catch (RuntimeException | LinkageError ex) {
                System.err.println("diffdyn kernel: extension " + ext.getClass().getName() + " failed to install: "
                        + ex);
                ex.printStackTrace();
            }
        }
    }

    /** Cell output goes through interrupt-safe streams (see {@link InterruptSafePrintStream}). */
    @Override
    protected void replaceOutputStreams(ShellReplyEnvironment env) {
        super.replaceOutputStreams(env);
        System.setOut(new InterruptSafePrintStream(System.out));
        System.setErr(new InterruptSafePrintStream(System.err));
    }

    /** Publishes display data; safe to call from a thread that is being interrupted. */
    @Override
    public void display(DisplayData data) {
        InterruptSafePrintStream.uninterrupted(() -> super.display(data));
    }

    // ------------------------------------------------------------------------------------------------ classpath

    /**
     * Adds jars or folders (path-separator list, globs allowed) to the notebook's compile and run classpath and
     * installs the extensions they declare. Returns the paths added.
     */
    public List<Path> addToClasspath(String classpath) {
        List<String> problems = new ArrayList<>();
        List<Path> paths = Classpaths.expand(classpath, problems);
        List<Path> added = new ArrayList<>();
        for (Path p : paths) {
            if (addedClasspath.contains(p)) continue;
            shell().addToClasspath(p.toString());
            addedClasspath.add(p);
            added.add(p);
        }
        if (!problems.isEmpty() && paths.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        for (String problem : problems) System.err.println("classpath: " + problem);
        if (extensionsEnabled && !added.isEmpty()) installExtensions(getClassLoader());
        return added;
    }

    /** Jars and folders added with {@code %classpath}, {@code DIFFDYN_CLASSPATH} or {@link #addToClasspath}. */
    public List<Path> getAddedClasspath() {
        synchronized (addedClasspath) {
            return List.copyOf(addedClasspath);
        }
    }

    private Object classpathMagic(List<String> args) {
        if (args.isEmpty()) {
            for (Path p : getAddedClasspath()) System.out.println(p);
            return null;
        }
        for (String arg : args) {
            for (Path p : addToClasspath(arg)) System.out.println("added to classpath: " + p);
        }
        return null;
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        KernelInfoReply reply = new KernelInfoOkReply(Header.PROTOCOL_VERISON, name, version, getLanguageInfo(),
                getBanner(), getHelpLinks());
        env.reply(reply);
    }

    // ------------------------------------------------------------------------------------------------ evaluation

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        int count = executionCount.getAndIncrement();
        currentCount = count;

        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));
        replaceOutputStreams(env);
        kernelIO.attach(env);
        env.defer(() -> kernelIO.detach(env));
        kernelIO.stdinEnabled(request.isStdinEnabled());

        DisplayData out;
        try {
            out = evalCell(request.getCode());
        } catch (Throwable t) {
            CellFailure f = describe(t);
            ErrorReply reply = new ErrorReply(f.ename, f.evalue, f.traceback);
            reply.setExecutionCount(count);
            env.publish(new PublishError(f.ename, f.evalue, f.traceback));
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
            return;
        }
        if (out != null) env.publish(new PublishExecuteResult(count, out));
        env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
    }

    /**
     * Evaluates a whole cell on the current thread with interrupts enabled, and renders its result (null if none).
     * Interrupts that arrive before the cell or after it have no effect.
     */
    DisplayData evalCell(String code) {
        control.cellStarted();
        try {
            lastEndedWithSemicolon = false;
            Object value = evalRaw(code);
            // As in IPython, a trailing semicolon suppresses the result: `display(fig);`, `list.add(3);`.
            if (value == null || lastEndedWithSemicolon) return null;
            return value instanceof DisplayData ? (DisplayData) value : renderer.render(value);
        } finally {
            control.cellFinished();
            System.out.flush();
            System.err.flush();
        }
    }

    /** Resolves magics and evaluates the cell; returns the live value of its last expression, or null. */
    @Override
    public Object evalRaw(String source) {
        return evalJava(magicParser.resolveMagics(source));
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
            int snippetLine = line + countLines(consumed.substring(0, lead));
            result = evalSnippet(source.stripLeading(), snippetLine);
            lastEndedWithSemicolon = lastCodeChar(consumed) == ';';
            line += countLines(consumed);
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

    private static int countLines(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '\n') n++;
        return n;
    }

    private Object evalSnippet(String source, int cellLine) {
        List<SnippetEvent> events;
        boolean outer = control.enterCompiler();
        try {
            events = shell().eval(source);
        } finally {
            control.leaveCompiler(outer);
        }
        Object value = null;
        try {
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) continue;
                Snippet snippet = event.snippet();
                snippetOrigin.put(snippet.id(), new int[] {currentCount, cellLine});
                if (event.status() == Snippet.Status.REJECTED) throw compileFailure(snippet, source, cellLine);
                JShellException ex = event.exception();
                if (ex != null) throw runtimeFailure(ex, control.takeThrowable(), snippet);
                if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                        || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    noteUnresolved(snippet);
                }
                switch (snippet.subKind()) {
                    case VAR_VALUE_SUBKIND:
                    case TEMP_VAR_EXPRESSION_SUBKIND:
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

    private void noteUnresolved(Snippet snippet) {
        if (!(snippet instanceof DeclarationSnippet)) return;
        List<String> missing = shell().unresolvedDependencies((DeclarationSnippet) snippet).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            System.err.println("note: " + ((DeclarationSnippet) snippet).name()
                    + " is defined but cannot be used until " + String.join(", ", missing) + " is declared");
        }
    }

    // ------------------------------------------------------------------------------------------------ errors

    private CellFailure compileFailure(Snippet snippet, String source, int cellLine) {
        List<Diag> diags = shell().diagnostics(snippet).collect(Collectors.toList());
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
            msg.lines().skip(1).filter(l -> !l.strip().equals("location: class"))
                    .forEach(l -> lines.add("    " + l));
        }
        if (first == null) {
            first = "the snippet was rejected by the compiler";
            lines.add(errorStyler.secondary(first) + ": " + snippet.source());
        }
        return new CellFailure("CompilationException", first, lines);
    }

    private CellFailure runtimeFailure(JShellException jshellEx, Throwable real, Snippet snippet) {
        if (jshellEx instanceof UnresolvedReferenceException) {
            DeclarationSnippet ds = ((UnresolvedReferenceException) jshellEx).getSnippet();
            String missing = shell().unresolvedDependencies(ds).collect(Collectors.joining(", "));
            String msg = ds.name() + " cannot be invoked until " + missing + " is declared";
            return new CellFailure("UnresolvedReferenceException", msg,
                    List.of(errorStyler.secondary("UnresolvedReferenceException: ") + msg));
        }
        if (real == null) {
            String cls = jshellEx instanceof EvalException
                    ? ((EvalException) jshellEx).getExceptionClassName() : jshellEx.getClass().getName();
            return failure(cls, jshellEx.getMessage(), traceback(jshellEx, jshellEx));
        }
        return describe(real, jshellEx);
    }

    /** The report for any exception that ends a cell. */
    CellFailure describe(Throwable t) {
        if (t instanceof CellFailure) return (CellFailure) t;
        if (t instanceof EvalException) return runtimeFailure((EvalException) t, null, null);
        return describe(t, null);
    }

    private CellFailure describe(Throwable real, Throwable translated) {
        Throwable shown = real;
        Throwable shownTranslated = translated;
        String context = null;
        // BaseNotebookStatics wraps magic failures; report the magic's own exception.
        if (shown instanceof RuntimeException && shown.getCause() != null && shown.getMessage() != null
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
            String cls = r instanceof EvalException ? ((EvalException) r).getExceptionClassName() : r.getClass().getName();
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
        return c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.Method")
                || c.startsWith("org.diffdyn.kernel.") || c.startsWith("jdk.jshell.");
    }

    private String frame(StackTraceElement raw, StackTraceElement translated) {
        String cls = raw.getClassName();
        if (!cls.startsWith("REPL.")) return raw.toString();
        String id = null;
        int line = raw.getLineNumber();
        String name = cls;
        String method = raw.getMethodName();
        if (translated != null && translated.getFileName() != null && translated.getFileName().startsWith("#")) {
            id = translated.getFileName().substring(1);
            line = translated.getLineNumber();
            name = translated.getClassName();
            method = translated.getMethodName();
        }
        String where = method == null || method.isEmpty() || method.equals("do_it$")
                ? (name == null || name.isEmpty() ? "cell code" : name)
                : (name == null || name.isEmpty() ? method : name + "." + method);
        int[] origin = id != null ? snippetOrigin.get(id) : null;
        if (origin != null) return where + " (cell [" + origin[0] + "], line " + (origin[1] + line - 1) + ")";
        if (id != null) return where + " (snippet #" + id + ", line " + line + ")";
        return where + " (" + raw.getFileName() + ":" + line + ")";
    }

    @Override
    public List<String> formatError(Throwable e) {
        return describe(e).traceback;
    }

    // ------------------------------------------------------------------------------------------------ editing help

    @Override
    public synchronized ReplacementOptions complete(String code, int at) {
        at = Math.max(0, Math.min(at, code.length()));
        int lineStart = code.lastIndexOf('\n', at - 1) + 1;
        Matcher m = MAGIC_PREFIX.matcher(code.substring(lineStart, at));
        if (m.matches()) {
            boolean cell = m.group(1).equals("%%");
            if (cell && code.substring(0, lineStart).isBlank() || !cell) {
                Set<String> names = cell ? magicsRegistry.getCellMagicNames() : magicsRegistry.getLineMagicNames();
                List<String> matches = names.stream().filter(n -> n.startsWith(m.group(2))).sorted()
                        .map(n -> m.group(1) + n).collect(Collectors.toList());
                return new ReplacementOptions(matches, lineStart + m.start(1), at);
            }
        }
        String masked = maskMagics(code);
        int start = snippetStart(masked, at);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis().completionSuggestions(masked.substring(start, at), at - start, anchor);
        Set<String> typed = new LinkedHashSet<>();
        Set<String> other = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : suggestions) (s.matchesType() ? typed : other).add(s.continuation());
        typed.addAll(other);
        return new ReplacementOptions(new ArrayList<>(typed), start + anchor[0], at);
    }

    @Override
    public synchronized DisplayData inspect(String code, int at, boolean extraDetail) {
        at = Math.max(0, Math.min(at, code.length()));
        String masked = maskMagics(code);
        int end = at;
        while (end < masked.length() && Character.isJavaIdentifierPart(masked.charAt(end))) end++;
        int start = snippetStart(masked, at);
        String text0 = masked.substring(start, end);
        List<SourceCodeAnalysis.Documentation> docs = analysis().documentation(text0, text0.length(), extraDetail);
        if (docs.isEmpty() && !text0.isEmpty() && Character.isJavaIdentifierPart(text0.charAt(text0.length() - 1))) {
            // JShell documents a method only inside its argument list: "Math.max" -> "Math.max("
            docs = analysis().documentation(text0 + "(", text0.length() + 1, extraDetail);
        }
        if (docs.isEmpty()) return null;
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            text.append(d.signature()).append('\n');
            if (d.javadoc() != null && !d.javadoc().isBlank()) text.append(d.javadoc().strip()).append("\n\n");
        }
        return new DisplayData(text.toString().strip());
    }

    @Override
    public synchronized String isComplete(String code) {
        if (code.stripLeading().startsWith("%%")) return IS_COMPLETE_YES;
        String java;
        try {
            java = magicParser.resolveMagics(code);
        } catch (RuntimeException ex) {
            return IS_COMPLETE_BAD;
        }
        String remaining = java;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(remaining);
            switch (info.completeness()) {
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    remaining = info.remaining();
                    break;
                case EMPTY:
                    return IS_COMPLETE_YES;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return indentFor(code);
                default:
                    return IS_COMPLETE_BAD;
            }
        }
        return IS_COMPLETE_YES;
    }

    private static String indentFor(String code) {
        String[] lines = code.split("\n", -1);
        String last = lines[lines.length - 1];
        String indent = last.substring(0, last.length() - last.stripLeading().length());
        String trimmed = last.strip();
        if (trimmed.endsWith("{") || trimmed.endsWith("(") || trimmed.endsWith("->")) indent += "    ";
        return indent;
    }

    /** Replaces magic lines by blanks of the same length so offsets stay valid for JShell's analysis(). */
    private static String maskMagics(String code) {
        Matcher m = MAGIC_LINE.matcher(code);
        StringBuilder sb = new StringBuilder(code);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) sb.setCharAt(i, ' ');
        }
        return sb.toString();
    }

    /** The offset where the snippet containing {@code at} begins. */
    private int snippetStart(String code, int at) {
        int start = 0;
        String remaining = code;
        while (start < at) {
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(remaining);
            if (info.completeness() != SourceCodeAnalysis.Completeness.COMPLETE
                    && info.completeness() != SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI) break;
            int consumed = remaining.length() - info.remaining().length();
            if (consumed <= 0 || start + consumed >= at) break;
            start += consumed;
            remaining = info.remaining();
        }
        return start;
    }

    /** Runs startup code: {@code DIFFDYN_STARTUP_SCRIPTS_PATH} files first, then {@code DIFFDYN_STARTUP}. */
    void runStartup(KernelConfig config) {
        if (config.startupScriptsPath() != null) {
            List<String> problems = new ArrayList<>();
            for (Path script : Classpaths.expand(config.startupScriptsPath(), problems)) {
                try {
                    evalRaw(java.nio.file.Files.readString(script));
                } catch (Exception ex) {
                    System.err.println("startup script " + script + " failed: " + describe(ex).getMessage());
                }
            }
            problems.forEach(p -> System.err.println("startup scripts: " + p));
        }
        if (config.startup() != null) {
            try {
                evalRaw(config.startup());
            } catch (Exception ex) {
                System.err.println("DIFFDYN_STARTUP failed: " + describe(ex).getMessage());
            }
        }
    }

    static String pathList(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
