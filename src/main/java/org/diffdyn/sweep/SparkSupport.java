package org.diffdyn.sweep;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.diffdyn.core.ParameterException;

/**
 * Everything about Apache Spark that must work without Spark on the classpath: whether it is there, the JVM flags
 * it needs on Java 17+, where its jars were copied ({@code target/spark-lib}) and how to load
 * {@code org.diffdyn.sweep.spark.SparkEngine} reflectively. Spark is never on the kernel's default classpath; users
 * opt in with the CLI's {@code --master} (which starts a child JVM with Spark's jars and flags) or by installing the
 * kernel with {@code install-kernel --spark}.
 */
public final class SparkSupport {
    private SparkSupport() {}

    /** The {@code --add-opens} flags Spark 4 needs on Java 17 and later (spark-recipe.md). */
    public static final List<String> JVM_FLAGS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED");

    /** Environment variable naming the folder of Spark's jars (default: {@code spark-lib} next to the diffdyn jar). */
    public static final String SPARK_LIB_ENV = "DIFFDYN_SPARK_LIB";

    static final String ENGINE_CLASS = "org.diffdyn.sweep.spark.SparkEngine";

    /** Environment variable naming the java binary of the CLI's Spark child JVM (default: the running one). */
    public static final String SPARK_JAVA_ENV = "DIFFDYN_SPARK_JAVA";

    /**
     * Spark 4.0 runs on Java 17 to 22 only: its Hadoop client (3.4.1) calls {@code Subject.getSubject}, which Java 23
     * and later no longer support (tried on Temurin 25: UnsupportedOperationException when the context starts).
     */
    public static void checkJava(String master) {
        int feature = Runtime.version().feature();
        if (feature >= 23)
            throw new ParameterException(
                    "master",
                    master,
                    "a Java 17 to 22 runtime for Spark 4.0",
                    "this is Java " + feature
                            + ", where Spark's Hadoop client fails (Subject.getSubject is gone); for the CLI set "
                            + SPARK_JAVA_ENV
                            + " to a Java 17 or 21 java binary, for Jupyter run the kernel on Java 17 or 21; "
                            + "sweeps without a master run on any Java");
    }

    /** Whether Spark's classes can be loaded here. */
    public static boolean available() {
        try {
            Class.forName("org.apache.spark.api.java.JavaSparkContext", false, SparkSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether this JVM was started with the {@link #JVM_FLAGS} (tested on {@code sun.nio.ch}, the one Spark trips on first). */
    public static boolean flagsInEffect() {
        Module base = Object.class.getModule();
        return base.isOpen("sun.nio.ch", SparkSupport.class.getModule())
                && base.isOpen("java.nio", SparkSupport.class.getModule());
    }

    /** Whether a master URL keeps everything on this machine's loopback (local modes, 127.0.0.1, localhost). */
    public static boolean loopback(String master) {
        String m = master.toLowerCase(Locale.ROOT);
        return m.startsWith("local") || m.contains("://127.0.0.1") || m.contains("://localhost");
    }

    /**
     * A Spark engine for the master URL: {@code local}, {@code local[N]}, {@code local[*]}, {@code spark://host:port}
     * (standalone), or anything else Spark accepts ({@code yarn}, {@code k8s://...}) when its modules are present.
     */
    public static SweepEngine engine(String master) {
        if (master == null || master.isBlank())
            throw new ParameterException(
                    "master", master, "a Spark master URL such as local[2] or spark://127.0.0.1:7077");
        checkJava(master);
        if (!available())
            throw new ParameterException(
                    "master",
                    master,
                    "Spark on the classpath",
                    "this JVM has no Spark: from the CLI, build with 'mvn package' (copies Spark to target/spark-lib) and pass --master; "
                            + "in Jupyter, install the kernel with 'java -jar target/diffdyn-0.1.0.jar install-kernel --spark'");
        if (!flagsInEffect())
            throw new ParameterException(
                    "master",
                    master,
                    "a JVM started with Spark's --add-opens flags",
                    "start Java with " + String.join(" ", JVM_FLAGS));
        try {
            Class<?> c = Class.forName(ENGINE_CLASS, true, SparkSupport.class.getClassLoader());
            return (SweepEngine) c.getMethod("forMaster", String.class).invoke(null, master);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) throw (RuntimeException) cause;
            if (cause instanceof Error) throw (Error) cause;
            throw new IllegalStateException("cannot start Spark for master " + master + ": " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + ENGINE_CLASS + ": " + e, e);
        }
    }

    /** The jar (or classes folder) this class was loaded from. */
    public static Path codeSource() {
        try {
            return Paths.get(SparkSupport.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the diffdyn jar", e);
        }
    }

    /**
     * The diffdyn jar executors need ({@code spark.jars}) plus the jars it depends on: the running jar and the jars of
     * the {@code lib/} folder beside it ({@code target/lib}), or, without one, the jars beside it (an installed kernel's
     * {@code lib/}); from a classes folder ({@code target/classes}, tests), {@code target/diffdyn-*.jar} and
     * {@code target/lib}. Empty when none is found (then only local masters work).
     */
    public static List<Path> applicationJars() {
        List<Path> jars = new ArrayList<>();
        Path src = codeSource();
        Path jar = src;
        if (Files.isDirectory(src)) {
            Path target = src.getParent();
            try (Stream<Path> s = Files.list(target)) {
                jar = s.filter(p -> p.getFileName().toString().matches("diffdyn-[\\w.-]+\\.jar")
                                && !p.getFileName().toString().contains("-sources")
                                && !p.getFileName().toString().contains("-tests"))
                        .findFirst()
                        .orElse(null);
            } catch (IOException e) {
                jar = null;
            }
            if (jar == null) return jars;
        }
        Path self = jar.toAbsolutePath();
        jars.add(self);
        Path lib = self.getParent().resolve("lib");
        // target/diffdyn-*.jar with target/lib/, or an installed kernel whose lib/ holds the jar beside its
        // dependencies
        Path deps = Files.isDirectory(lib) ? lib : self.getParent();
        try (Stream<Path> s = Files.list(deps)) {
            s.filter(p -> p.toString().endsWith(".jar") && !p.equals(self))
                    .sorted()
                    .forEach(jars::add);
        } catch (IOException ignored) {
            // the diffdyn jar alone
        }
        return jars;
    }

    /** Where Spark's jars were copied: {@code $DIFFDYN_SPARK_LIB}, else {@code spark-lib} next to the diffdyn jar. */
    public static Path sparkLib() {
        String env = System.getenv(SPARK_LIB_ENV);
        if (env != null && !env.isBlank()) return Paths.get(env);
        Path src = codeSource().toAbsolutePath();
        return src.getParent().resolve("spark-lib");
    }

    /**
     * The command line of a child JVM that runs {@code mainClass args} with Spark's jars and flags: this JVM's java,
     * the diffdyn jar (its manifest brings {@code lib/}) and {@code spark-lib/*}.
     */
    public static List<String> childCommand(String mainClass, List<String> args) {
        Path lib = sparkLib();
        if (!Files.isDirectory(lib))
            throw new ParameterException(
                    "--master",
                    "(Spark)",
                    "Spark's jars in " + lib,
                    "'mvn package' copies them to target/spark-lib; or set " + SPARK_LIB_ENV
                            + " to a folder holding spark-core_2.13 and its dependencies");
        List<String> cmd = new ArrayList<>();
        String javaBin = System.getenv(SPARK_JAVA_ENV);
        cmd.add(
                javaBin != null && !javaBin.isBlank()
                        ? javaBin
                        : Paths.get(System.getProperty("java.home"), "bin", "java")
                                .toString());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-Ddiffdyn.spark.child=true");
        for (String k : System.getProperties().stringPropertyNames())
            if (k.startsWith("spark.") || k.startsWith("diffdyn.")) cmd.add("-D" + k + "=" + System.getProperty(k));
        cmd.add("-cp");
        cmd.add(codeSource().toAbsolutePath()
                + java.io.File.pathSeparator
                + lib.toAbsolutePath().resolve("*"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
