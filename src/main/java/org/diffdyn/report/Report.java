package org.diffdyn.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.diffdyn.core.ParameterException;

/**
 * {@code diffdyn report NOTEBOOK [-p KEY=VALUE …] [--out FILE.html] [--no-execute] [--timeout SECONDS]}: executes a
 * notebook with parameters and writes the executed notebook ({@code FILE.ipynb}) and an offline HTML report
 * ({@code FILE.html}, see {@link OfflineHtml}). Default output: {@code reports/NAME.html} under the current folder.
 *
 * <p>Parameters follow papermill: a code cell tagged {@code injected-parameters} with Java declarations
 * ({@link JavaParameters}) goes right after the cell tagged {@code parameters} (or replaces an earlier injected
 * cell). Execution is nbconvert's, with the installed kernel {@code diffdyn}, started in the notebook's own folder:
 * {@code jupyter nbconvert --to notebook --execute --allow-errors}; then {@code jupyter nbconvert --to html} with
 * this package's template. A cell that raised an error is listed and the command exits 1 (both files are written,
 * so the error can be read in context). {@code --no-execute} renders an already executed notebook.
 */
public final class Report {
    private Report() {}

    public static final String KERNEL = "diffdyn";

    /** The parsed command line. */
    public record Options(
            Path notebook, Map<String, String> parameters, Path html, boolean execute, int timeoutSeconds) {
        /** The executed notebook, next to the HTML file. */
        public Path executed() {
            String f = html.getFileName().toString();
            return html.resolveSibling(f.substring(0, f.length() - ".html".length()) + ".ipynb");
        }
    }

    static final String USAGE =
            "report NOTEBOOK.ipynb [-p KEY=VALUE ...] [--out FILE.html] [--no-execute] [--timeout SECONDS]";

    /** Parses the arguments after {@code report}. */
    public static Options parse(List<String> args) {
        Path notebook = null, html = null;
        Map<String, String> params = new LinkedHashMap<>();
        boolean execute = true;
        int timeout = defaultTimeout();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-p":
                case "--parameter": {
                    if (i + 1 >= args.size())
                        throw new ParameterException("-p", "(nothing)", "KEY=VALUE, e.g. -p D=32");
                    String kv = args.get(++i);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) throw new ParameterException("-p", kv, "KEY=VALUE, e.g. -p D=32");
                    String key = kv.substring(0, eq).strip();
                    if (params.containsKey(key))
                        throw new ParameterException(
                                "-p " + key, kv.substring(eq + 1), "one value per parameter; it is given twice");
                    params.put(key, kv.substring(eq + 1));
                    break;
                }
                case "--out":
                case "-o":
                    if (i + 1 >= args.size())
                        throw new ParameterException("--out", "(nothing)", "a file name ending in .html");
                    html = Paths.get(args.get(++i));
                    if (!html.getFileName().toString().endsWith(".html"))
                        throw new ParameterException("--out", html, "a file name ending in .html");
                    break;
                case "--no-execute":
                    execute = false;
                    break;
                case "--timeout":
                    if (i + 1 >= args.size())
                        throw new ParameterException("--timeout", "(nothing)", "seconds per cell, a whole number >= 1");
                    try {
                        timeout = Integer.parseInt(args.get(++i));
                    } catch (NumberFormatException e) {
                        timeout = 0;
                    }
                    if (timeout < 1)
                        throw new ParameterException("--timeout", args.get(i), "seconds per cell, a whole number >= 1");
                    break;
                default:
                    if (a.startsWith("-"))
                        throw new ParameterException(
                                "option", a, "one of -p KEY=VALUE, --out FILE.html, --no-execute, --timeout SECONDS");
                    if (notebook != null)
                        throw new ParameterException("NOTEBOOK", a, "one notebook; " + notebook + " was given first");
                    notebook = Paths.get(a);
            }
        }
        if (notebook == null) throw new ParameterException("NOTEBOOK", "(nothing)", "a notebook file: " + USAGE);
        if (!notebook.getFileName().toString().endsWith(".ipynb"))
            throw new ParameterException("NOTEBOOK", notebook, "a .ipynb file");
        if (!Files.isRegularFile(notebook))
            throw new ParameterException("NOTEBOOK", notebook, "an existing .ipynb file");
        if (!execute && !params.isEmpty())
            throw new ParameterException(
                    "-p", params.keySet(), "no parameters with --no-execute (the notebook is not run)");
        if (html == null) {
            String f = notebook.getFileName().toString();
            html = Paths.get("reports", f.substring(0, f.length() - ".ipynb".length()) + ".html");
        }
        Options o = new Options(notebook, params, html.toAbsolutePath().normalize(), execute, timeout);
        if (execute && o.executed().equals(notebook.toAbsolutePath().normalize()))
            throw new ParameterException(
                    "--out",
                    html,
                    "a place other than the notebook's own file: the executed notebook "
                            + o.executed().getFileName() + " would overwrite the input");
        return o;
    }

    private static int defaultTimeout() {
        String env = System.getenv("DIFFDYN_NOTEBOOK_TIMEOUT");
        try {
            return env == null || env.isBlank() ? 600 : Math.max(1, Integer.parseInt(env.strip()));
        } catch (NumberFormatException e) {
            return 600;
        }
    }

    /** Runs the command; 0 on success, 1 when a cell failed or a tool is missing, 2 for bad arguments. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (ParameterException e) {
            err.println("error: " + e.getMessage());
            err.println("usage: diffdyn " + USAGE);
            return 2;
        }
        try {
            return run(o, out, err);
        } catch (ParameterException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (ReportException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("error: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 130;
        }
    }

    /** A failure of a tool or of the notebook, explained in one message. */
    public static final class ReportException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ReportException(String message) {
            super(message);
        }
    }

    static int run(Options o, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Files.createDirectories(o.html().getParent());
        Path executed = o.executed();
        if (o.execute()) {
            JsonObject nb = read(o.notebook());
            if (!o.parameters().isEmpty()) inject(nb, o.parameters(), err);
            execute(nb, o.notebook().toAbsolutePath().getParent(), executed, o.timeoutSeconds(), err);
        } else {
            executed = o.notebook().toAbsolutePath();
        }
        OfflineHtml.Result r = html(executed, o.html(), err);
        List<String> errors = errorCells(read(executed));
        double s = (System.nanoTime() - t0) / 1e9;
        out.printf(
                java.util.Locale.ROOT,
                "%s: %s (%.1f MB, plotly.js once instead of %d times)%s, %.1f s%n",
                o.notebook(),
                o.html(),
                Files.size(o.html()) / 1e6,
                r.plotlyCopies(),
                o.execute() ? " and " + executed.getFileName() : "",
                s);
        if (!errors.isEmpty()) {
            err.println("error: " + errors.size() + " cell" + (errors.size() == 1 ? "" : "s") + " of " + o.notebook()
                    + " raised an error:");
            errors.forEach(e -> err.println("  " + e));
            return 1;
        }
        return 0;
    }

    // ---------------------------------------------------------------- notebook JSON

    static JsonObject read(Path notebook) throws IOException {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(notebook, StandardCharsets.UTF_8));
            if (!e.isJsonObject() || !e.getAsJsonObject().has("cells"))
                throw new ParameterException("NOTEBOOK", notebook, "a Jupyter notebook (a JSON object with \"cells\")");
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ParameterException(
                    "NOTEBOOK", notebook, "a Jupyter notebook (JSON)", "it does not parse: " + e.getMessage());
        }
    }

    static String source(JsonObject cell) {
        JsonElement s = cell.get("source");
        if (s == null || s.isJsonNull()) return "";
        if (s.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonElement line : s.getAsJsonArray()) sb.append(line.getAsString());
            return sb.toString();
        }
        return s.getAsString();
    }

    static boolean tagged(JsonObject cell, String tag) {
        JsonObject meta =
                cell.has("metadata") && cell.get("metadata").isJsonObject() ? cell.getAsJsonObject("metadata") : null;
        if (meta == null || !meta.has("tags") || !meta.get("tags").isJsonArray()) return false;
        return meta.getAsJsonArray("tags").contains(new JsonPrimitive(tag));
    }

    /**
     * Inserts (or replaces) the cell tagged {@code injected-parameters} after the cell tagged {@code parameters}, as
     * papermill does; warns on {@code err} about parameters the parameters cell does not declare.
     *
     * @return the injected cell's source
     */
    public static String inject(JsonObject nb, Map<String, String> parameters, PrintStream err) {
        JsonArray cells = nb.getAsJsonArray("cells");
        int found = -1, injected = -1;
        for (int i = 0; i < cells.size(); i++) {
            JsonObject c = cells.get(i).getAsJsonObject();
            if (found < 0 && tagged(c, "parameters")) found = i;
            if (injected < 0 && tagged(c, "injected-parameters")) injected = i;
        }
        int paramsCell = found;
        Map<String, String> declared = paramsCell < 0
                ? Map.of()
                : JavaParameters.declaredTypes(source(cells.get(paramsCell).getAsJsonObject()));
        if (paramsCell < 0)
            err.println("warning: no cell is tagged 'parameters'; the parameters go into a new first cell");
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            values.put(k, JavaParameters.resolve(v));
            if (paramsCell >= 0 && !declared.containsKey(k))
                err.println("warning: parameter '" + k + "' is not declared in the parameters cell (it declares "
                        + String.join(", ", declared.keySet()) + ")");
        });
        String source = JavaParameters.cell(values, declared);
        JsonObject cell = new JsonObject();
        cell.addProperty("cell_type", "code");
        cell.addProperty("execution_count", (Number) null);
        if (nb.has("nbformat_minor") && nb.get("nbformat_minor").getAsInt() >= 5)
            cell.addProperty("id", "injected-parameters");
        JsonObject meta = new JsonObject();
        JsonArray tags = new JsonArray();
        tags.add("injected-parameters");
        meta.add("tags", tags);
        cell.add("metadata", meta);
        cell.add("outputs", new JsonArray());
        cell.addProperty("source", source);
        if (injected >= 0) cells.set(injected, cell);
        else insert(cells, paramsCell + 1, cell);
        return source;
    }

    private static void insert(JsonArray cells, int at, JsonElement e) {
        List<JsonElement> all = new ArrayList<>();
        cells.forEach(all::add);
        all.add(at, e);
        while (cells.size() > 0) cells.remove(cells.size() - 1);
        all.forEach(cells::add);
    }

    /** "cell 7 (first line): Exception: message" for each error output. */
    static List<String> errorCells(JsonObject nb) {
        List<String> out = new ArrayList<>();
        JsonArray cells = nb.getAsJsonArray("cells");
        for (int i = 0; i < cells.size(); i++) {
            JsonObject c = cells.get(i).getAsJsonObject();
            if (!c.has("outputs")) continue;
            for (JsonElement o : c.getAsJsonArray("outputs")) {
                JsonObject ob = o.getAsJsonObject();
                if ("error".equals(ob.get("output_type").getAsString())) {
                    String first = source(c).strip().lines().findFirst().orElse("");
                    out.add("cell " + i + " (" + first + "): " + ob.get("ename").getAsString() + ": "
                            + ob.get("evalue").getAsString());
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- jupyter

    private static final Gson GSON = new GsonBuilder()
            .disableHtmlEscaping()
            .setPrettyPrinting()
            .serializeNulls()
            .create();

    /** Executes the notebook with nbconvert, in {@code workDir}, into {@code executed}. */
    static void execute(JsonObject nb, Path workDir, Path executed, int timeout, PrintStream err)
            throws IOException, InterruptedException {
        Path input = Files.createTempFile("diffdyn-report", ".ipynb");
        try {
            Files.writeString(input, GSON.toJson(nb), StandardCharsets.UTF_8);
            String stem = executed.getFileName().toString().replaceFirst("\\.ipynb$", "");
            jupyter(
                    List.of(
                            "nbconvert",
                            "--to",
                            "notebook",
                            "--execute",
                            "--allow-errors",
                            "--stdin",
                            "--ExecutePreprocessor.kernel_name=" + KERNEL,
                            "--ExecutePreprocessor.timeout=" + timeout,
                            "--ExecutePreprocessor.startup_timeout=120",
                            "--output",
                            stem,
                            "--output-dir",
                            executed.getParent().toString()),
                    workDir,
                    input,
                    err);
        } finally {
            Files.deleteIfExists(input);
        }
        if (!Files.isRegularFile(executed)) throw new ReportException("nbconvert wrote no " + executed);
    }

    /** Exports {@code executed} with the offline template and post-processes it into {@code html}. */
    static OfflineHtml.Result html(Path executed, Path html, PrintStream err) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("diffdyn-report");
        try {
            Path template = dir.resolve("offline.html.j2");
            try (InputStream in = Report.class.getResourceAsStream("offline.html.j2")) {
                if (in == null) throw new IllegalStateException("report template missing from the jar");
                Files.write(template, in.readAllBytes());
            }
            jupyter(
                    List.of(
                            "nbconvert",
                            "--to",
                            "html",
                            "--template-file",
                            template.toString(),
                            "--output",
                            "export",
                            "--output-dir",
                            dir.toString(),
                            executed.toString()),
                    dir,
                    null,
                    err);
            Path exported = dir.resolve("export.html");
            if (!Files.isRegularFile(exported)) throw new ReportException("nbconvert wrote no HTML for " + executed);
            OfflineHtml.Result r = OfflineHtml.process(Files.readString(exported, StandardCharsets.UTF_8));
            Files.writeString(html, r.html(), StandardCharsets.UTF_8);
            return r;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs {@code jupyter ARGS}; its output goes to {@code err}; a missing jupyter or a failure is a ReportException. */
    static void jupyter(List<String> args, Path workDir, Path stdin, PrintStream err)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("diffdyn.jupyter", System.getenv().getOrDefault("DIFFDYN_JUPYTER", "jupyter")));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        if (stdin != null) pb.redirectInput(stdin.toFile());
        else pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ReportException(
                    "cannot run '" + cmd.get(0) + "' (" + e.getMessage() + "). The report command needs "
                            + "Jupyter's nbconvert: on Debian/Ubuntu 'apt install jupyter-nbconvert jupyter-client', or 'pip install "
                            + "nbconvert'; set DIFFDYN_JUPYTER to the jupyter command if it is not on PATH.");
        }
        Thread kill = new Thread(() -> {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        });
        Runtime.getRuntime().addShutdownHook(kill);
        StringBuilder log = new StringBuilder();
        try (var reader =
                new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                err.println(line);
                log.append(line).append('\n');
            }
        } finally {
            p.waitFor(10, TimeUnit.SECONDS);
            try {
                Runtime.getRuntime().removeShutdownHook(kill);
            } catch (IllegalStateException ignored) { // shutting down already
            }
        }
        int code = p.waitFor();
        if (code != 0) {
            String text = log.toString();
            String hint = text.contains("No such kernel") || text.contains("NoSuchKernel")
                    ? " The kernel '" + KERNEL
                            + "' is not installed: run 'java -jar diffdyn.jar install-kernel' (or kernel/install-kernel.sh)."
                    : text.contains("No module named")
                            ? " A Python module of Jupyter is missing (see the message above)."
                            : "";
            throw new ReportException("'jupyter " + String.join(" ", args.subList(0, Math.min(3, args.size())))
                    + " …' exited with " + code + "." + hint);
        }
    }
}
