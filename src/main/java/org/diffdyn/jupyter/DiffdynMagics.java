package org.diffdyn.jupyter;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.diffdyn.Diffdyn;
import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Registry;

/**
 * The {@code %diffdyn} line magic and {@code %%diffdyn} cell magic: list, describe and run registered experiments
 * with {@code key=value} options, validated by the experiment's declared parameters.
 *
 * <p>Output contract, identical in every kernel: the magic <em>displays</em> its result (table, text or
 * experiment result) through {@code kernel.display} and returns {@code null}. Upstream JJava 1.0-a6 discards a
 * magic's return value (its transpiler appends {@code ;{};}) while the diffdyn kernel and JJava a7 keep cell-magic
 * values, so returning the result would show it zero or two times depending on the kernel. To keep a result in a
 * variable, use the DSL: {@code var r = experiment("weight-relaxation").parse("d", "6").run();}.
 *
 * <p>Bad input (unknown experiment, unknown option, invalid value, missing {@code =}) is printed to the cell's
 * stderr as one plain sentence naming the option, its value and the valid range, and the magic then fails with a
 * {@link UsageException} carrying the same sentence and no stack trace; the kernel and earlier variables survive.
 */
public final class DiffdynMagics {
    public static final String NAME = "diffdyn";
    /** The option that writes every plot of a run as SVG, PNG and PDF into a folder. */
    static final String SAVE = "--save";

    public static final String USAGE = String.join(
            "\n",
            "%diffdyn help                          this text",
            "%diffdyn version                       diffdyn, Java and linear-algebra backend versions",
            "%diffdyn list                          all registered experiments",
            "%diffdyn describe EXPERIMENT           every parameter with its default and valid range",
            "%diffdyn EXPERIMENT key=value ...      run an experiment and show its table and plots",
            "%diffdyn run EXPERIMENT key=value ...  the same",
            "%diffdyn EXPERIMENT ... --save DIR     also write every plot as DIR/EXPERIMENT.PLOT.svg, .png, .pdf",
            "%diffdyn sweep EXPERIMENT key=GRID ... [--master URL] [--threads N]",
            "                                       run every combination; GRID is v1,v2,... or a..b or a..b:step or",
            "                                       log:a..b:n or lin:a..b:n or [list] (one list value); --master runs on",
            "                                       Spark (kernel installed with 'install-kernel --spark')",
            "",
            "%%diffdyn EXPERIMENT [key=value ...]   cell magic: more options in the body, one 'key = value' or",
            "key=value ...                          several key=value per line; blank lines and # comments allowed",
            "",
            "The result is displayed; to keep it in a variable use the DSL, e.g.",
            "  var r = experiment(\"NAME\").parse(\"key\", \"value\").run();");

    private DiffdynMagics() {}

    /** What a magic invocation asks for. */
    public enum Kind {
        HELP,
        VERSION,
        LIST,
        DESCRIBE,
        RUN,
        SWEEP
    }

    /** A parsed invocation: the kind, the experiment (DESCRIBE, RUN) and the options in the order given (RUN). */
    public record Command(Kind kind, String experiment, Map<String, String> options) {
        public Command {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        static Command of(Kind kind) {
            return new Command(kind, null, Map.of());
        }
    }

    /** A mistake in how the magic was written or in its options; shown without a stack trace. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /** Registers {@code %diffdyn} and {@code %%diffdyn} on the kernel (re-registering replaces them). */
    public static void register(BaseKernel kernel) {
        LineMagic<Object, BaseKernel> line = (k, args) -> invoke(k, () -> parseLine(args));
        CellMagic<Object, BaseKernel> cell = (k, args, body) -> invoke(k, () -> parseCell(args, body));
        kernel.getMagicsRegistry().registerLineMagic(NAME, line);
        kernel.getMagicsRegistry().registerCellMagic(NAME, cell);
    }

    private interface Parse {
        Command get();
    }

    /** Parses, executes, displays; user mistakes go to stderr and end in a concise {@link UsageException}. */
    static Object invoke(BaseKernel kernel, Parse parse) {
        Object result;
        Command command = null;
        try {
            command = parse.get();
            result = execute(command);
        } catch (ParameterException | NumericalException | UsageException e) {
            String message = userMessage(e, command == null ? null : command.experiment());
            PrintStream err = kernel.getIO() == null ? System.err : kernel.getIO().err;
            err.println("%diffdyn: " + message);
            err.flush();
            throw e instanceof UsageException ? (UsageException) e : new UsageException(message);
        }
        DisplayData shown = kernel.getRenderer().render(result);
        kernel.display(shown);
        if (result instanceof ExperimentResult && command.options().containsKey(SAVE)) {
            List<java.nio.file.Path> files = ((ExperimentResult) result)
                    .saveAll(java.nio.file.Paths.get(command.options().get(SAVE)));
            PrintStream out = kernel.getIO() == null ? System.out : kernel.getIO().out;
            out.println("saved " + files.size() + " figure files (svg, png, pdf) to "
                    + command.options().get(SAVE));
            out.flush();
        }
        return null;
    }

    /** The message a user should read: the exception's own sentence plus where to look up the valid options. */
    static String userMessage(RuntimeException e, String experiment) {
        String m = e.getMessage();
        if (e instanceof ParameterException) {
            ParameterException p = (ParameterException) e;
            if ("experiment".equals(p.parameter())) return m + ". '%diffdyn list' shows them with their titles.";
            return m + ". '%diffdyn describe " + (experiment == null ? "EXPERIMENT" : experiment)
                    + "' lists every option with its default and valid range.";
        }
        return m;
    }

    /** Parses the arguments of the line magic (already split on whitespace, quotes honoured). */
    public static Command parseLine(List<String> args) {
        return parse(args, List.of());
    }

    /** Parses the cell magic: arguments on the first line, more options in the body. */
    public static Command parseCell(List<String> args, String body) {
        List<String[]> bodyOptions = bodyOptions(body == null ? "" : body);
        return parse(args, bodyOptions);
    }

    private static Command parse(List<String> rawArgs, List<String[]> bodyOptions) {
        List<String> args = new ArrayList<>();
        for (String a : rawArgs) if (a != null && !a.isBlank()) args.add(a.strip());
        if (args.isEmpty()) {
            if (!bodyOptions.isEmpty())
                throw new UsageException("name the experiment to run: %%diffdyn EXPERIMENT, then key=value lines");
            return Command.of(Kind.HELP);
        }
        String first = args.get(0);
        switch (first) {
            case "help":
            case "-h":
            case "--help":
                return noMore(args, bodyOptions, Command.of(Kind.HELP));
            case "version":
                return noMore(args, bodyOptions, Command.of(Kind.VERSION));
            case "list":
                return noMore(args, bodyOptions, Command.of(Kind.LIST));
            case "describe":
                if (args.size() != 2)
                    throw new UsageException(
                            "write '%diffdyn describe EXPERIMENT' with one experiment name; '%diffdyn list' shows them");
                return noMore(args.subList(0, 1), bodyOptions, new Command(Kind.DESCRIBE, args.get(1), Map.of()));
            case "run":
                if (args.size() < 2 || args.get(1).contains("="))
                    throw new UsageException(
                            "write '%diffdyn run EXPERIMENT key=value ...'; '%diffdyn list' shows the experiments");
                return run(args.get(1), args.subList(2, args.size()), bodyOptions);
            case "sweep":
                if (args.size() < 2 || args.get(1).contains("=") || args.get(1).startsWith("-"))
                    throw new UsageException(
                            "write '%diffdyn sweep EXPERIMENT key=v1,v2 key=a..b ...'; '%diffdyn list' shows the experiments");
                return sweep(args.get(1), args.subList(2, args.size()), bodyOptions);
            default:
                if (first.contains("="))
                    throw new UsageException("the experiment name comes first: '%diffdyn EXPERIMENT " + first + "'");
                return run(first, args.subList(1, args.size()), bodyOptions);
        }
    }

    private static Command noMore(List<String> args, List<String[]> body, Command c) {
        if (args.size() > 1)
            throw new UsageException("'%diffdyn " + args.get(0) + "' takes no further arguments, got '"
                    + String.join(" ", args.subList(1, args.size())) + "'");
        if (!body.isEmpty())
            throw new UsageException("'%%diffdyn " + args.get(0) + "' takes no options in the cell body");
        return c;
    }

    private static Command run(String experiment, List<String> tokens, List<String[]> bodyOptions) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).equals(SAVE)) {
                if (i + 1 >= tokens.size())
                    throw new UsageException("--save needs a folder: '%diffdyn EXPERIMENT key=value --save figures'");
                put(options, new String[] {SAVE, tokens.get(++i)});
            } else {
                put(options, keyValue(tokens.get(i)));
            }
        }
        for (String[] kv : bodyOptions) put(options, kv);
        return new Command(Kind.RUN, experiment, options);
    }

    /** Sweep options: key=GRID tokens plus {@code --master URL} and {@code --threads N} (kept under those names). */
    private static Command sweep(String experiment, List<String> tokens, List<String[]> bodyOptions) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("--master") || t.equals("--threads")) {
                if (i + 1 >= tokens.size())
                    throw new UsageException(
                            t + " needs a value, e.g. " + (t.equals("--master") ? "--master local[2]" : "--threads 2"));
                put(options, new String[] {t, tokens.get(++i)});
            } else if (t.startsWith("--")) {
                throw new UsageException(
                        "unknown option '" + t + "': %diffdyn sweep takes key=GRID, --master URL and --threads N");
            } else {
                put(options, keyValue(t));
            }
        }
        for (String[] kv : bodyOptions) put(options, kv);
        return new Command(Kind.SWEEP, experiment, options);
    }

    /** The sweep a SWEEP command describes: every grid parsed and every value validated here, before any run. */
    public static org.diffdyn.sweep.Sweep sweep(Command c) {
        if (c.kind() != Kind.SWEEP) throw new IllegalArgumentException("not a sweep command: " + c);
        org.diffdyn.sweep.Sweep s = org.diffdyn.sweep.Sweep.sweep(c.experiment());
        c.options().forEach((k, v) -> {
            if (k.equals("--master")) s.master(v);
            else if (k.equals("--threads")) s.threads(threads(v));
            else s.grid(k, v);
        });
        s.tasks();
        return s;
    }

    private static int threads(String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new ParameterException("--threads", v, "an integer in [1, 4096]");
        }
    }

    private static void put(Map<String, String> options, String[] kv) {
        if (options.containsKey(kv[0]))
            throw new UsageException(
                    "option '" + kv[0] + "' is given twice (" + options.get(kv[0]) + " and " + kv[1] + ")");
        options.put(kv[0], kv[1]);
    }

    private static String[] keyValue(String token) {
        int eq = token.indexOf('=');
        if (eq < 0) throw new UsageException("option '" + token + "' has no value: write key=value, e.g. seed=1");
        if (eq == 0) throw new UsageException("option '" + token + "' has no name: write key=value, e.g. seed=1");
        return new String[] {
            token.substring(0, eq).strip(), token.substring(eq + 1).strip()
        };
    }

    private static final Pattern ONE_OPTION = Pattern.compile("\\s*([A-Za-z_][\\w.-]*)\\s*=\\s*(.*?)\\s*");
    private static final Pattern ANOTHER_KEY = Pattern.compile("\\s[A-Za-z_][\\w.-]*=");

    /**
     * Options from a cell body: per line, either one {@code key = value} (spaces allowed around '=' and inside a
     * comma-separated list) or several whitespace-separated {@code key=value} tokens; '#' starts a comment.
     */
    static List<String[]> bodyOptions(String body) {
        List<String[]> out = new ArrayList<>();
        for (String raw : body.split("\\R")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) continue;
            Matcher one = ONE_OPTION.matcher(line);
            if (one.matches()
                    && !ANOTHER_KEY.matcher(one.group(2)).find()
                    && !one.group(2).startsWith("=")) {
                out.add(new String[] {one.group(1), one.group(2)});
            } else {
                for (String token : line.split("\\s+")) out.add(keyValue(token));
            }
        }
        return out;
    }

    /** Executes a command: a help/version String, a Table (list, describe) or an ExperimentResult (run). */
    public static Object execute(Command c) {
        Objects.requireNonNull(c, "command");
        switch (c.kind()) {
            case HELP:
                return USAGE;
            case VERSION:
                return Diffdyn.versionInfo();
            case LIST:
                return Registry.list();
            case DESCRIBE:
                return Registry.describe(c.experiment());
            case RUN:
                return builder(c).run();
            case SWEEP:
                return sweep(c).run();
            default:
                throw new AssertionError(c.kind());
        }
    }

    /** The validated builder for a RUN command: every option is checked here, before any work starts. */
    public static ExperimentBuilder<?> builder(Command c) {
        if (c.kind() != Kind.RUN) throw new IllegalArgumentException("not a run command: " + c);
        ExperimentBuilder<?> b = Registry.get(c.experiment()).builder();
        c.options().forEach((k, v) -> {
            if (!k.equals(SAVE)) b.parse(k, v);
        });
        return b;
    }
}
