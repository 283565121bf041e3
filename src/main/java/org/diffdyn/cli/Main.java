package org.diffdyn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.diffdyn.Diffdyn;
import org.diffdyn.core.NumericalException;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.CancelledException;
import org.diffdyn.core.progress.Progresses;
import org.diffdyn.core.progress.StderrProgress;
import org.diffdyn.experiment.ExperimentBuilder;
import org.diffdyn.experiment.ExperimentResult;
import org.diffdyn.experiment.Registry;
import tech.tablesaw.api.Table;

/**
 * Command line: {@code list}, {@code describe EXPERIMENT}, {@code run EXPERIMENT key=value… [--out file.csv|file.json]},
 * {@code sweep EXPERIMENT key=grid… [--master URL] [--out …]} ({@link SweepCommand}),
 * {@code install-kernel [options]}, {@code version}. Exit status 0 on success, 2 on bad arguments, 1 on failure.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        try {
            switch (args[0]) {
                case "list":
                    out.println(Registry.list().printAll());
                    return 0;
                case "describe":
                    if (args.length != 2)
                        return bad(err, "describe takes one experiment name, e.g. 'describe weight-relaxation'");
                    out.print(TextTable.describe(Registry.get(args[1]), TextTable.WIDTH));
                    return 0;
                case "run":
                    return runExperiment(args, out, err);
                case "report":
                    return org.diffdyn.report.Report.run(
                            java.util.Arrays.asList(args).subList(1, args.length), out, err);
                case "sweep":
                    return SweepCommand.run(args, out, err);
                case "install-kernel":
                    return org.diffdyn.kernel.KernelspecInstaller.installKernel(
                            java.util.Arrays.copyOfRange(args, 1, args.length));
                case "version":
                    out.println(Diffdyn.versionInfo());
                    return 0;
                default:
                    return bad(
                            err,
                            "unknown command '" + args[0]
                                    + "'; expected one of list, describe, run, report, sweep, install-kernel, version");
            }
        } catch (ParameterException ex) {
            return bad(err, ex.getMessage());
        } catch (NumericalException ex) {
            err.println("error: " + ex.getMessage() + " (parameter '" + ex.parameter() + "')");
            return 1;
        } catch (CancelledException ex) {
            err.println("interrupted");
            return 130;
        } catch (java.io.IOException ex) {
            err.println("error: " + ex.getMessage());
            return 1;
        } catch (InterruptedException ex) {
            err.println("interrupted");
            return 130;
        }
    }

    private static int runExperiment(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) return bad(err, "run needs an experiment name; 'list' shows them");
        ExperimentBuilder<?> builder = Registry.get(args[1]).builder();
        Path outFile = null, saveDir = null;
        List<String> options = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--save")) {
                if (i + 1 >= args.length)
                    return bad(err, "--save needs a folder for the figures (svg, png and pdf of every plot)");
                saveDir = Paths.get(args[++i]);
            } else if (args[i].equals("--out")) {
                if (i + 1 >= args.length) return bad(err, "--out needs a file name ending in .csv or .json");
                outFile = Paths.get(args[++i]);
                String f = outFile.getFileName().toString();
                if (!f.endsWith(".csv") && !f.endsWith(".json"))
                    return bad(
                            err,
                            "parameter '--out' = " + f + " is not valid: expected a file name ending in .csv or .json");
            } else {
                options.add(args[i]);
            }
        }
        for (String kv : options) {
            int eq = kv.indexOf('=');
            if (eq <= 0)
                return bad(
                        err,
                        "option '" + kv + "' is not of the form key=value; 'describe " + args[1]
                                + "' lists the options");
            builder.parse(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Progresses.setDefault(() -> new StderrProgress(err));
        ExperimentResult result = builder.run();
        Table t = result.table();
        if (outFile == null) {
            out.println(t.printAll());
        } else {
            try {
                if (outFile.getParent() != null) Files.createDirectories(outFile.getParent());
                if (outFile.toString().endsWith(".csv")) t.write().csv(outFile.toFile());
                else Files.writeString(outFile, Json.of(result), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                err.println("error: cannot write " + outFile + ": " + ex.getMessage());
                return 1;
            }
        }
        if (saveDir != null) {
            try {
                List<Path> files = result.saveAll(saveDir);
                err.println("saved " + files.size() + " figure files to " + saveDir);
            } catch (java.io.UncheckedIOException ex) {
                err.println("error: " + ex.getMessage());
                return 1;
            }
        }
        err.println(result.summary());
        return 0;
    }

    private static int bad(PrintStream err, String message) {
        err.println("error: " + message);
        return 2;
    }

    static String usage() {
        return String.join(
                System.lineSeparator(),
                "usage: diffdyn <command>",
                "  list                                   experiments and what they compute",
                "  describe EXPERIMENT                    parameters with defaults and valid ranges",
                "  run EXPERIMENT [key=value ...] [--out results.csv|results.json] [--save DIR]",
                "                                         --save: every plot as DIR/EXPERIMENT.PLOT.svg, .png and .pdf",
                "  report NOTEBOOK.ipynb [-p KEY=VALUE ...] [--out FILE.html] [--no-execute] [--timeout SECONDS]",
                "                                         execute a notebook with parameters into FILE.ipynb + offline FILE.html",
                "  " + SweepCommand.USAGE,
                "                                         run a grid of runs (local threads, or Spark with --master)",
                "  install-kernel [--user|--prefix DIR|--data-dir DIR]   install the 'Java (diffdyn)' Jupyter kernel",
                "  version                                version, JDK and linear-algebra backend");
    }
}
