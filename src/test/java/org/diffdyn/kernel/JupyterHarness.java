package org.diffdyn.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Shared set-up of the integration tests: installs the kernelspec built by {@code mvn package} into {@code
 * target/jupyter-data} once per JVM, and runs Jupyter tools with {@code JUPYTER_DATA_DIR} pointing there.
 * Child output goes to a log file under {@code target/it-logs} (never a pipe: a kernel left behind would hold it).
 */
final class JupyterHarness {

    static final Path ROOT = Paths.get("").toAbsolutePath();
    static final Path TARGET = ROOT.resolve("target");
    static final Path DATA_DIR = TARGET.resolve("jupyter-data");
    static final Path LOGS = TARGET.resolve("it-logs");
    static final Path PYTHON_TESTS = ROOT.resolve("src/test/python");
    /** Debian's interpreter: the one with jupyter_client, nbformat and jupyter_kernel_test. */
    static final String PYTHON = "/usr/bin/python3";

    static final Path JDK25_JAVA = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    private static Path installed;

    private JupyterHarness() {}

    /** Installs the kernelspec once per JVM and returns its folder. */
    static synchronized Path installKernel() throws IOException {
        if (installed == null) {
            installed = KernelspecInstaller.install(DATA_DIR, KernelspecInstaller.defaultJars(TARGET));
        }
        return installed;
    }

    record Result(int exitCode, String output, double seconds, Path log) {}

    /** Runs a command with JUPYTER_DATA_DIR set; kills it and its children after {@code timeout}. */
    static Result run(String logName, List<String> command, Map<String, String> env, Path workDir, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve(logName + ".log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JUPYTER_DATA_DIR", DATA_DIR.toString());
        pb.environment().put("PYTHONUNBUFFERED", "1");
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        int code = done ? p.exitValue() : -1;
        if (!done) output += "\n[killed after " + timeout.toSeconds() + " s]";
        return new Result(code, output, seconds, log);
    }

    /** Output lines without the JVM/jjava chatter, for assertion messages. */
    static String relevant(String output) {
        return output.lines()
                .filter(l -> !l.contains("org.dflib.jjava.jupyter.channels.Loop") && !l.startsWith("INFO: Loop"))
                .collect(Collectors.joining("\n"));
    }

    /** The notebooks of the project, sorted by name. */
    static List<Path> notebooks() throws IOException {
        Path dir = ROOT.resolve("notebooks");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().collect(Collectors.toList());
        }
    }

    /** Executes one notebook with nbconvert into {@code outDir} and checks its outputs; returns problems found. */
    static List<String> executeNotebook(Path notebook, Path outDir, Map<String, String> env, String tag)
            throws IOException, InterruptedException {
        Files.createDirectories(outDir);
        String name = notebook.getFileName().toString();
        String stem = name.substring(0, name.length() - ".ipynb".length());
        List<String> problems = new ArrayList<>();
        Result r = run(
                "nbconvert-" + tag + "-" + stem,
                List.of(
                        "jupyter",
                        "nbconvert",
                        "--to",
                        "notebook",
                        "--execute",
                        "--allow-errors",
                        "--ExecutePreprocessor.kernel_name=diffdyn",
                        "--ExecutePreprocessor.timeout=600",
                        "--ExecutePreprocessor.startup_timeout=120",
                        "--output-dir",
                        outDir.toString(),
                        notebook.toString()),
                env,
                ROOT,
                Duration.ofMinutes(30));
        System.out.printf("notebook %s (%s): %.1f s wall, exit %d%n", name, tag, r.seconds(), r.exitCode());
        if (r.exitCode() != 0) {
            problems.add(name + ": nbconvert exit " + r.exitCode() + "\n" + tail(relevant(r.output()), 40));
            return problems;
        }
        Path out = outDir.resolve(name);
        Result check = run(
                "check-" + tag + "-" + stem,
                List.of(PYTHON, PYTHON_TESTS.resolve("notebook_check.py").toString(), out.toString()),
                Map.of(),
                ROOT,
                Duration.ofMinutes(2));
        if (check.exitCode() != 0) problems.add(check.output().strip());
        return problems;
    }

    /**
     * Executes one notebook through the {@code report} command of the packaged jar (as {@code kernel/make-reports.sh}
     * does) into {@code outDir/NAME.ipynb} and {@code outDir/NAME.html}, and checks the executed notebook's outputs;
     * returns problems found.
     */
    static List<String> reportNotebook(Path notebook, Path outDir) throws IOException, InterruptedException {
        Files.createDirectories(outDir);
        String name = notebook.getFileName().toString();
        String stem = name.substring(0, name.length() - ".ipynb".length());
        List<String> problems = new ArrayList<>();
        Result r = run(
                "report-" + stem,
                List.of(
                        "java",
                        "-jar",
                        TARGET.resolve("diffdyn-0.1.0.jar").toString(),
                        "report",
                        notebook.toString(),
                        "--out",
                        outDir.resolve(stem + ".html").toString(),
                        "--timeout",
                        "600"),
                Map.of(),
                ROOT,
                Duration.ofMinutes(30));
        System.out.printf("notebook %s (report): %.1f s wall, exit %d%n", name, r.seconds(), r.exitCode());
        Path out = outDir.resolve(name);
        if (!Files.isRegularFile(out)) {
            problems.add(name + ": report exit " + r.exitCode() + ", no executed notebook\n"
                    + tail(relevant(r.output()), 40));
            return problems;
        }
        Result check = run(
                "check-report-" + stem,
                List.of(PYTHON, PYTHON_TESTS.resolve("notebook_check.py").toString(), out.toString()),
                Map.of(),
                ROOT,
                Duration.ofMinutes(2));
        if (check.exitCode() != 0) problems.add(check.output().strip());
        else if (r.exitCode() != 0)
            problems.add(name + ": report exit " + r.exitCode() + "\n" + tail(relevant(r.output()), 40));
        return problems;
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().collect(Collectors.toList());
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
