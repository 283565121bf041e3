package org.diffdyn.kernel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.diffdyn.Diffdyn;

/**
 * The diffdyn Jupyter kernel: the Jupyter side (messages, life cycle, extensions, classpath, history, output
 * clearing). Like JJava's kernel and code evaluator, the work is split by responsibility:
 * <ul>
 *   <li>{@link CellEvaluator}: JShell, cells split into snippets, live values, interrupts, memory of replaced values;
 *   <li>{@link Tracebacks}: what a failed cell reports;
 *   <li>{@link CodeAssist}: completion, inspection and {@code is_complete};
 *   <li>{@link CellHistory}: the session's cells for {@code history_request}.
 * </ul>
 *
 * <p>Cells run on the kernel's shell thread. An interrupt request interrupts that thread while user code runs (see
 * {@link InProcessControl}), which stops {@code Thread.sleep}, blocking waits and diffdyn's cooperative loops
 * ({@code Progress#checkCancelled}). Declarations made before an error or an interrupt stay defined.
 */
public final class DiffdynKernel extends BaseKernel {

    public static final String NAME = "diffdyn";
    /** The project version (from the jar manifest; see {@link Diffdyn#VERSION}). */
    public static final String VERSION = Diffdyn.VERSION;

    /** Evaluated before anything else, so {@code display(...)}, {@code clearOutput()} etc. work in every cell. */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*;",
            "import static org.diffdyn.kernel.NotebookStatics.*;",
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.io.*;",
            "import java.nio.file.*;",
            "import java.math.*;");

    private final KernelIO kernelIO;
    private final CellEvaluator evaluator;
    private final CodeAssist assist;
    private final CellHistory history;
    private final List<Path> addedClasspath = Collections.synchronizedList(new ArrayList<>());

    private DiffdynKernel(KernelIO io, MagicsRegistry magics, boolean extensionsEnabled, CellHistory history) {
        super(
                NAME,
                VERSION,
                new LanguageInfo(
                        "java",
                        Runtime.version().toString(),
                        "text/x-java-source",
                        ".jshell",
                        "java",
                        "java",
                        "script"),
                List.of(new HelpLink(
                        "Java API",
                        "https://docs.oracle.com/en/java/javase/"
                                + Runtime.version().feature() + "/docs/api/")),
                history,
                io,
                new CommManager(),
                new Renderer(),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new ValueKeepingTranspiler()),
                magics,
                extensionsEnabled,
                errorStyler());
        this.kernelIO = io;
        this.history = history;
        this.evaluator = new CellEvaluator(errorStyler);
        this.assist = new CodeAssist(evaluator::analysis, magicsRegistry, magicParser);
    }

    /** A kernel with the built-in {@code %classpath} magic; call {@link #onStartup()} before use. */
    public static DiffdynKernel create(boolean extensionsEnabled) {
        MagicsRegistry magics = new MagicsRegistry();
        DiffdynKernel kernel =
                new DiffdynKernel(new KernelIO(StandardCharsets.UTF_8), magics, extensionsEnabled, new CellHistory());
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
        for (String imp : DEFAULT_IMPORTS) evaluator.evalJava(imp);
        super.onStartup();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        try {
            super.onShutdown(isRestarting);
        } finally {
            evaluator.close();
        }
    }

    /** The loader of notebook code; extensions are loaded through it so their classes are the notebook's. */
    @Override
    protected ClassLoader getClassLoader() {
        return evaluator.classLoader();
    }

    @Override
    public void interrupt() {
        evaluator.interrupt();
    }

    /**
     * Installs every {@link Extension} the ServiceLoader finds through {@code classLoader}, each at most once. A
     * broken extension is reported on stderr and skipped, so it cannot keep the kernel from starting.
     */
    @Override
    protected void installExtensions(ClassLoader classLoader) {
        Iterator<Extension> it =
                ServiceLoader.load(Extension.class, classLoader).iterator();
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
                System.err.println(
                        "diffdyn kernel: extension " + ext.getClass().getName() + " failed to install: " + ex);
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
            evaluator.addToClasspath(p.toString());
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

    // ------------------------------------------------------------------------------------------------ protocol

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        KernelInfoReply reply = new KernelInfoOkReply(
                Header.PROTOCOL_VERISON, name, version, getLanguageInfo(), getBanner(), getHelpLinks());
        env.reply(reply);
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        int count = executionCount.getAndIncrement();

        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));
        replaceOutputStreams(env);
        kernelIO.attach(env);
        env.defer(() -> kernelIO.detach(env));
        kernelIO.stdinEnabled(request.isStdinEnabled());

        boolean record = request.shouldStoreHistory() && !request.isSilent();
        DisplayData out;
        try {
            out = evalCell(request.getCode(), count);
        } catch (Throwable t) {
            CellFailure f = evaluator.tracebacks().describe(t);
            if (record) history.add(count, request.getCode(), transformed(request.getCode()), null);
            ErrorReply reply = new ErrorReply(f.ename, f.evalue, f.traceback);
            reply.setExecutionCount(count);
            env.publish(new PublishError(f.ename, f.evalue, f.traceback));
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
            return;
        }
        if (record) {
            Object text = out == null ? null : out.getData(MIMEType.TEXT_PLAIN);
            history.add(
                    count, request.getCode(), transformed(request.getCode()), text == null ? null : text.toString());
        }
        if (out != null) env.publish(new PublishExecuteResult(count, out));
        env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
    }

    /** The cell as Java after magics were resolved (history with {@code raw=false}); the raw cell if that fails. */
    private String transformed(String code) {
        try {
            return magicParser.resolveMagics(code);
        } catch (RuntimeException ex) {
            return code;
        }
    }

    /** Answers tail, range and search requests from {@link CellHistory} (with the {@code status} a6 leaves out). */
    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        if (!request.useRaw()) flags.add(HistoryManager.ResultFlag.TRANSFORMED_INPUT);
        List<HistoryEntry> entries;
        switch (request.getAccessType()) {
            case TAIL:
                entries = history.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
                break;
            case RANGE:
                HistoryRequest.Range range = (HistoryRequest.Range) request;
                entries = history.lookupRange(range.getSessionIndex(), range.getStart(), range.getStop(), flags);
                break;
            case SEARCH:
                HistoryRequest.Search search = (HistoryRequest.Search) request;
                if (search.filterUnique()) flags.add(HistoryManager.ResultFlag.UNIQUE);
                entries = history.search(search.getPattern(), search.getMaxReturnLength(), flags);
                break;
            default:
                entries = List.of();
        }
        env.reply(new HistoryOkReply(entries));
    }

    /** Publishes {@code clear_output} for the running cell; false outside a cell (see {@link NotebookStatics}). */
    boolean clearOutput(boolean wait) {
        return kernelIO.clearOutput(wait);
    }

    // ------------------------------------------------------------------------------------------------ evaluation

    /** Evaluates a whole cell (see {@link #evalCell(String, int)}) without an execution count. */
    DisplayData evalCell(String code) {
        return evalCell(code, executionCount.get());
    }

    /**
     * Evaluates a whole cell on the current thread with interrupts enabled, and renders its result (null if none).
     * Interrupts that arrive before the cell or after it have no effect.
     */
    DisplayData evalCell(String code, int count) {
        evaluator.cellStarted(count);
        try {
            Object value = evalRaw(code);
            // As in IPython, a trailing semicolon suppresses the result: `display(fig);`, `list.add(3);`.
            if (value == null || evaluator.lastEndedWithSemicolon()) return null;
            return value instanceof DisplayData ? (DisplayData) value : renderer.render(value);
        } finally {
            evaluator.cellFinished();
            System.out.flush();
            System.err.flush();
        }
    }

    /** Resolves magics and evaluates the cell; returns the live value of its last expression, or null. */
    @Override
    public Object evalRaw(String source) {
        return evaluator.evalJava(magicParser.resolveMagics(source));
    }

    /** The latest {@code $N} temporary's name (tests). */
    String lastTemporaryName() {
        return evaluator.lastTemporaryName();
    }

    /** The report for any exception that ends a cell. */
    CellFailure describe(Throwable t) {
        return evaluator.tracebacks().describe(t);
    }

    @Override
    public List<String> formatError(Throwable e) {
        return describe(e).traceback;
    }

    // ------------------------------------------------------------------------------------------------ editing help

    @Override
    public synchronized ReplacementOptions complete(String code, int at) {
        return assist.complete(code, at);
    }

    @Override
    public synchronized DisplayData inspect(String code, int at, boolean extraDetail) {
        return assist.inspect(code, at, extraDetail);
    }

    @Override
    public synchronized String isComplete(String code) {
        return assist.isComplete(code);
    }

    /** Runs startup code: {@code DIFFDYN_STARTUP_SCRIPTS_PATH} files first, then {@code DIFFDYN_STARTUP}. */
    void runStartup(KernelConfig config) {
        if (config.startupScriptsPath() != null) {
            List<String> problems = new ArrayList<>();
            for (Path script : Classpaths.expand(config.startupScriptsPath(), problems)) {
                try {
                    evalRaw(java.nio.file.Files.readString(script));
                } catch (Exception ex) {
                    System.err.println("startup script " + script + " failed: "
                            + describe(ex).getMessage());
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
}
