package org.diffdyn.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Installs the {@code diffdyn} kernelspec: {@code <data-dir>/kernels/diffdyn/} with {@code kernel.json}, a {@code
 * launch} script and {@code lib/} holding every runtime jar.
 *
 * <p>Where: {@code --data-dir DIR} gives the Jupyter data folder, {@code --prefix DIR} means {@code
 * DIR/share/jupyter}; otherwise {@code $JUPYTER_DATA_DIR}, else the user data folder ({@code
 * $XDG_DATA_HOME/jupyter}, default {@code ~/.local/share/jupyter}). The jars come from {@code --lib DIR} (all jars
 * in it) or, by default, from {@code target/diffdyn-0.1.0.jar} plus {@code target/lib/*.jar} as written by {@code
 * mvn package}, falling back to the jars of the running classpath.
 */
public final class KernelspecInstaller {

    public static final String KERNEL_NAME = "diffdyn";
    public static final String DISPLAY_NAME = "Java (diffdyn)";
    static final String PROJECT_JAR = "diffdyn-" + DiffdynKernel.VERSION + ".jar";

    private KernelspecInstaller() {}

    /**
     * Writes the kernelspec into {@code dataDir/kernels/diffdyn}, replacing an earlier one, and returns that folder.
     *
     * @param dataDir a Jupyter data folder (the one that holds {@code kernels/})
     * @param jars    the runtime jars to copy into {@code lib/}
     */
    public static Path install(Path dataDir, List<Path> jars) throws IOException {
        if (jars.isEmpty()) throw new IllegalArgumentException("no jars to install");
        Path spec = dataDir.resolve("kernels").resolve(KERNEL_NAME);
        Path lib = spec.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (DirectoryStream<Path> old = Files.newDirectoryStream(lib)) {
                for (Path p : old) Files.delete(p);
            }
        }
        Files.createDirectories(lib);
        deleteSparkLib(spec);
        for (Path jar : jars) {
            Files.copy(jar, lib.resolve(jar.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(spec.resolve("kernel.json"), kernelJson());
        Path launch = spec.resolve("launch");
        Files.writeString(launch, launchScript());
        try {
            Files.setPosixFilePermissions(launch, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return spec;
    }

    /**
     * Opt-in Spark for sweeps ({@code install-kernel --spark}): copies Spark's jars ({@code target/spark-lib}, or the
     * folder given) into the kernelspec's {@code spark-lib/}; the launch script then puts them on the classpath and
     * passes Spark's {@code --add-opens} flags. Without it the kernel never sees Spark.
     */
    public static int addSpark(Path spec, Path sparkLib) throws IOException {
        if (!Files.isDirectory(sparkLib))
            throw new IOException(
                    "no Spark jars in " + sparkLib + ": run 'mvn package' first (it copies them to target/spark-lib)");
        List<Path> jars = jarsIn(sparkLib);
        if (jars.isEmpty()) throw new IOException("no jars in " + sparkLib);
        Path dest = Files.createDirectories(spec.resolve("spark-lib"));
        for (Path jar : jars)
            Files.copy(jar, dest.resolve(jar.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        return jars.size();
    }

    private static void deleteSparkLib(Path spec) throws IOException {
        Path old = spec.resolve("spark-lib");
        if (!Files.isDirectory(old)) return;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(old)) {
            for (Path p : s) Files.delete(p);
        }
        Files.delete(old);
    }

    /** Installs into the default place (see class comment) with the jars of {@code mvn package}. */
    public static Path install(Path dataDirOrNull) throws IOException {
        Path dataDir = dataDirOrNull != null ? dataDirOrNull : defaultDataDir(System.getenv());
        return install(dataDir, defaultJars(Paths.get("target")));
    }

    static String kernelJson() {
        return "{\n"
                + "  \"argv\": [\"{resource_dir}/launch\", \"{connection_file}\"],\n"
                + "  \"display_name\": \"" + DISPLAY_NAME + "\",\n"
                + "  \"language\": \"java\",\n"
                + "  \"interrupt_mode\": \"message\",\n"
                + "  \"env\": {},\n"
                + "  \"metadata\": {\"debugger\": false}\n"
                + "}\n";
    }

    static String launchScript() {
        return "#!/usr/bin/env bash\n"
                + "# Starts the diffdyn Jupyter kernel. Written by org.diffdyn.kernel.KernelspecInstaller.\n"
                + "#   DIFFDYN_JAVA       java binary (default: java on PATH)\n"
                + "#   DIFFDYN_JVM_OPTS   extra JVM options, split on whitespace\n"
                + "set -euo pipefail\n"
                + "dir=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n"
                + "java=\"${DIFFDYN_JAVA:-java}\"\n"
                + "opts=(--enable-native-access=ALL-UNNAMED)\n"
                + "# --enable-native-access: JDK 25 warns when netlib loads OpenBLAS through JNI (JDK 17 accepts it too)\n"
                + "if [ -z \"${OPENBLAS_CORETYPE:-}\" ] && grep -qw avx512f /proc/cpuinfo 2>/dev/null; then\n"
                + "  export OPENBLAS_CORETYPE=SkylakeX\n"
                + "fi\n"
                + "set -f  # split DIFFDYN_JVM_OPTS on whitespace, but do not glob it\n"
                + "# shellcheck disable=SC2206\n"
                + "extra=(${DIFFDYN_JVM_OPTS:-})\n"
                + "set +f\n"
                + "cp=\"$dir/lib/*\"\n"
                + "if [ -d \"$dir/spark-lib\" ]; then  # installed with --spark: Spark's jars and the flags it needs on Java 17+\n"
                + "  cp=\"$cp:$dir/spark-lib/*\"\n"
                + "  opts+=(" + String.join(" ", org.diffdyn.sweep.SparkSupport.JVM_FLAGS) + ")\n"
                + "fi\n"
                + "exec \"$java\" \"${opts[@]}\" \"${extra[@]}\" -cp \"$cp\" org.diffdyn.kernel.KernelMain \"$1\"\n";
    }

    /**
     * Jupyter's user data folder, by the rules of {@code jupyter --data-dir} (jupyter_core {@code
     * jupyter_data_dir()}): {@code $JUPYTER_DATA_DIR} if set and non-empty; else on macOS {@code HOME/Library/Jupyter},
     * on Windows {@code %APPDATA%/jupyter}; else {@code $XDG_DATA_HOME/jupyter}, else {@code
     * HOME/.local/share/jupyter}. HOME is the {@code HOME} environment variable as Python's {@code expanduser("~")}
     * reads it (Java's {@code user.home} only when HOME is unset), with symbolic links resolved as jupyter_core does.
     */
    static Path defaultDataDir(Map<String, String> env) {
        String jdd = env.get("JUPYTER_DATA_DIR");
        if (jdd != null && !jdd.isEmpty()) return Paths.get(jdd);
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appdata = env.get("APPDATA");
            if (appdata != null && !appdata.isEmpty()) return realPath(Paths.get(appdata, "jupyter"));
        }
        Path home = homeDir(env);
        if (os.contains("mac")) return home.resolve("Library").resolve("Jupyter");
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isEmpty()) return Paths.get(xdg, "jupyter");
        return home.resolve(".local").resolve("share").resolve("jupyter");
    }

    /** {@code $HOME} (Java's {@code user.home} if unset or empty), real path if it exists. */
    static Path homeDir(Map<String, String> env) {
        String home = env.get("HOME");
        if (home == null || home.isEmpty()) home = System.getProperty("user.home");
        return realPath(Paths.get(home));
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException ex) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** The jars {@code mvn package} leaves in {@code target}, or else the jars on this JVM's classpath. */
    static List<Path> defaultJars(Path target) throws IOException {
        List<Path> jars = new ArrayList<>();
        Path project = target.resolve(PROJECT_JAR);
        Path lib = target.resolve("lib");
        if (Files.isRegularFile(project) && Files.isDirectory(lib)) {
            jars.add(project);
            jars.addAll(jarsIn(lib));
            return jars;
        }
        // Installed elsewhere, e.g. `java -jar diffdyn-0.1.0.jar install-kernel`: the running classpath.
        jars.addAll(jarsOfClasspath(System.getProperty("java.class.path", "")));
        boolean hasKernel =
                jars.stream().anyMatch(p -> p.getFileName().toString().startsWith("diffdyn-"));
        if (!hasKernel) {
            throw new IOException("cannot find the diffdyn jars: run 'mvn package' first (looked for " + project
                    + " and " + lib + "), or pass --lib DIR");
        }
        return jars;
    }

    /** The jars of a classpath string, plus the jars their manifest Class-Path names (java -jar hides those). */
    static List<Path> jarsOfClasspath(String classpath) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path p = Paths.get(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(p) || jars.contains(p)) continue;
            jars.add(p);
            try (java.util.jar.JarFile jf = new java.util.jar.JarFile(p.toFile())) {
                java.util.jar.Manifest mf = jf.getManifest();
                String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                if (cp == null || cp.isBlank()) continue;
                Path base = p.toAbsolutePath().getParent();
                for (String rel : cp.trim().split("\\s+")) {
                    Path dep = base.resolve(rel).normalize();
                    if (rel.endsWith(".jar") && Files.isRegularFile(dep) && !jars.contains(dep)) jars.add(dep);
                }
            }
        }
        return jars;
    }

    static List<Path> jarsIn(Path dir) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path p : s) jars.add(p);
        }
        jars.sort(null);
        return jars;
    }

    /**
     * Command-line form, also used by {@code org.diffdyn.cli.Main install-kernel}: {@code [--data-dir DIR |
     * --prefix DIR] [--lib DIR]}. Returns 0 on success, 2 on bad arguments, 1 on I/O failure.
     */
    public static int installKernel(String[] args) {
        return installKernel(args, System.out, System.err, System.getenv());
    }

    static int installKernel(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Path dataDir = null;
        Path libDir = null;
        String where = null;
        boolean spark = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            String name = a;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            switch (name) {
                case "--data-dir":
                case "--prefix":
                case "--lib":
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            err.println("install-kernel: " + name + " needs a folder argument");
                            return 2;
                        }
                        value = args[++i];
                    }
                    if (value.isBlank()) {
                        err.println("install-kernel: " + name + " needs a non-empty folder argument");
                        return 2;
                    }
                    if (name.equals("--lib")) {
                        libDir = Paths.get(value);
                        break;
                    }
                    if (where != null && !where.equals(name)) {
                        err.println("install-kernel: give either --data-dir or --prefix, not both");
                        return 2;
                    }
                    where = name;
                    dataDir = name.equals("--prefix") ? Paths.get(value, "share", "jupyter") : Paths.get(value);
                    break;
                case "--spark":
                    spark = true;
                    break;
                case "-h":
                case "--help":
                    out.println("usage: install-kernel [--data-dir DIR | --prefix DIR] [--lib DIR] [--spark]");
                    out.println(
                            "  --spark also copies Spark's jars (target/spark-lib, or $DIFFDYN_SPARK_LIB) for %diffdyn sweep --master");
                    out.println("  installs the '" + KERNEL_NAME + "' Jupyter kernel (" + DISPLAY_NAME + ") into");
                    out.println("  DIR/kernels/" + KERNEL_NAME + " (--data-dir), DIR/share/jupyter/kernels/"
                            + KERNEL_NAME + " (--prefix),");
                    out.println("  else $JUPYTER_DATA_DIR/kernels/" + KERNEL_NAME
                            + ", else ~/.local/share/jupyter/kernels/" + KERNEL_NAME);
                    return 0;
                default:
                    err.println("install-kernel: unknown argument '" + a
                            + "' (expected --data-dir DIR, --prefix DIR, --lib DIR, --spark)");
                    return 2;
            }
        }
        try {
            if (libDir != null && !Files.isDirectory(libDir)) {
                err.println("install-kernel: --lib " + libDir + " is not a folder");
                return 2;
            }
            List<Path> jars = libDir != null ? jarsIn(libDir) : defaultJars(Paths.get("target"));
            if (jars.isEmpty()) {
                err.println("install-kernel: no jars in " + libDir);
                return 2;
            }
            Path spec = install(dataDir != null ? dataDir : defaultDataDir(env), jars);
            out.println("installed kernel '" + KERNEL_NAME + "' (" + jars.size() + " jars) in " + spec);
            if (spark) {
                String env2 = env.get(org.diffdyn.sweep.SparkSupport.SPARK_LIB_ENV);
                Path sparkLib = env2 != null && !env2.isBlank() ? Paths.get(env2) : Paths.get("target", "spark-lib");
                out.println("added Spark for sweeps (" + addSpark(spec, sparkLib) + " jars from " + sparkLib + ")");
            }
            return 0;
        } catch (IOException | RuntimeException ex) {
            err.println("install-kernel: " + ex.getMessage());
            return 1;
        }
    }

    public static void main(String[] args) {
        System.exit(installKernel(args));
    }
}
