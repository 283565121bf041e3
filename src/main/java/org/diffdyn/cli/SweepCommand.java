package org.diffdyn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.diffdyn.core.progress.StderrProgress;
import org.diffdyn.sweep.SparkSupport;
import org.diffdyn.sweep.Sweep;
import org.diffdyn.sweep.SweepResult;

/**
 * {@code sweep EXPERIMENT key=GRID ... [--master URL] [--threads N] [--out FILE.csv|FILE.json] [--checks]} (--checks:
 * print every check's mean, sd and 95 % interval over seeds instead of the stacked table): grids as in
 * {@link org.diffdyn.sweep.Grid}. With {@code --master} the sweep runs on Spark; when this JVM lacks Spark's jars or
 * its {@code --add-opens} flags, the command re-runs itself in a child JVM that has both ({@code target/spark-lib}),
 * so {@code java -jar target/diffdyn-0.1.0.jar sweep ... --master local[2]} works as it stands.
 */
final class SweepCommand {
    private SweepCommand() {}

    static final String USAGE =
            "sweep EXPERIMENT key=v1,v2|a..b|log:a..b:n ... [--master URL] [--threads N] [--out results.csv|results.json] [--checks]";

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        if (args.length < 2 || args[1].startsWith("-") || args[1].contains("="))
            return bad(err, "sweep needs an experiment name first: " + USAGE);
        Sweep sweep = Sweep.sweep(args[1]);
        Path outFile = null;
        String master = null;
        boolean checks = false;
        for (int i = 2; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--checks")) {
                checks = true; // print the checks aggregated over seeds instead of the stacked table
            } else if (a.equals("--out") || a.equals("--master") || a.equals("--threads")) {
                if (i + 1 >= args.length) return bad(err, a + " needs a value: " + USAGE);
                String v = args[++i];
                if (a.equals("--out")) {
                    outFile = Paths.get(v);
                    String f = outFile.getFileName().toString();
                    if (!f.endsWith(".csv") && !f.endsWith(".json"))
                        return bad(
                                err,
                                "parameter '--out' = " + f
                                        + " is not valid: expected a file name ending in .csv or .json");
                } else if (a.equals("--master")) {
                    master = v;
                } else {
                    int n;
                    try {
                        n = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        return bad(
                                err,
                                "parameter '--threads' = " + v + " is not valid: expected an integer in [1, 4096]");
                    }
                    sweep.threads(n);
                }
            } else if (a.startsWith("--")) {
                return bad(err, "unknown option '" + a + "'; " + USAGE);
            } else {
                int eq = a.indexOf('=');
                if (eq <= 0)
                    return bad(
                            err,
                            "option '" + a + "' is not of the form key=values; 'describe " + args[1]
                                    + "' lists the options");
                sweep.grid(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        if (master != null && (!SparkSupport.available() || !SparkSupport.flagsInEffect())) {
            String childJava = System.getenv(SparkSupport.SPARK_JAVA_ENV);
            if (childJava == null || childJava.isBlank())
                SparkSupport.checkJava(master); // the child would run this same Java
            if (Boolean.getBoolean("diffdyn.spark.child"))
                return bad(
                        err,
                        "this JVM was started for Spark but has no Spark classes or flags; check "
                                + SparkSupport.sparkLib());
            return child(args, master);
        }
        sweep.master(master);
        sweep.tasks(); // validates the grid (size, values) before anything starts
        sweep.progress(new StderrProgress(err));
        SweepResult r = sweep.run();
        if (checks) out.println(r.aggregateChecks().printAll());
        if (outFile == null) {
            if (!checks) out.println(r.table().printAll());
        } else {
            try {
                if (outFile.getParent() != null) Files.createDirectories(outFile.getParent());
                if (outFile.toString().endsWith(".csv")) r.table().write().csv(outFile.toFile());
                else Files.writeString(outFile, Json.of(r, sweep.axes()), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                err.println("error: cannot write " + outFile + ": " + ex.getMessage());
                return 1;
            }
        }
        err.println(r.summary());
        if (r.failedCount() > 0) err.println(r.failures().printAll());
        return 0;
    }

    /** Runs the same command in a JVM with Spark's jars and flags, passing its output through. */
    private static int child(String[] args, String master) throws IOException, InterruptedException {
        List<String> cmd = SparkSupport.childCommand(Main.class.getName(), new ArrayList<>(Arrays.asList(args)));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        if (SparkSupport.loopback(master))
            pb.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1"); // bind to loopback only
        Process p = pb.start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            throw e;
        } finally {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
            }
        }
    }

    private static int bad(PrintStream err, String message) {
        err.println("error: " + message);
        return 2;
    }
}
