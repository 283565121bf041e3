package org.diffdyn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration, classpath globbing, the transpiler fix and the kernelspec installer. */
class KernelSupportTest {

    @Test
    void configPrefersDiffdynNamesAndFallsBackToJjava() {
        KernelConfig c = KernelConfig.fromEnv(Map.of(
                "JJAVA_CLASSPATH",
                "a.jar",
                "JJAVA_STARTUP_SCRIPT",
                "int x;",
                "DIFFDYN_STARTUP",
                "int y;",
                "DIFFDYN_LOAD_EXTENSIONS",
                "false"));
        assertEquals("a.jar", c.classpath());
        assertEquals("int y;", c.startup());
        assertFalse(c.loadExtensions());
        assertTrue(KernelConfig.fromEnv(Map.of()).loadExtensions());
        assertFalse(KernelConfig.fromEnv(Map.of("JJAVA_LOAD_EXTENSIONS", "0")).loadExtensions());
    }

    @Test
    void classpathGlobs(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve("b.jar"));
        Files.createFile(dir.resolve("a.jar"));
        Files.createFile(dir.resolve("notes.txt"));
        List<String> problems = new ArrayList<>();
        List<Path> star = Classpaths.expand(dir + "/*", problems);
        assertEquals(List.of(dir.resolve("a.jar"), dir.resolve("b.jar")), star);
        List<Path> mixed =
                Classpaths.expand(dir + "/notes.*" + java.io.File.pathSeparator + dir + "/missing.jar", problems);
        assertEquals(List.of(dir.resolve("notes.txt")), mixed);
        assertEquals(List.of("no such file: " + dir + "/missing.jar"), problems);
    }

    @Test
    void transpilerKeepsCellMagicValues() {
        assertEquals("X.cellMagic(a,b,c)", ValueKeepingTranspiler.stripDiscard("X.cellMagic(a,b,c);{};"));
        assertEquals("x;", ValueKeepingTranspiler.stripDiscard("x;"));
    }

    @Test
    void lastCodeCharSkipsCommentsAndLiterals() {
        assertEquals(';', CellEvaluator.lastCodeChar("x; // done"));
        assertEquals(';', CellEvaluator.lastCodeChar("x; /* a;b */\n  "));
        assertEquals(')', CellEvaluator.lastCodeChar("f(\"a;\") // ;"));
        assertEquals('"', CellEvaluator.lastCodeChar("s + \";\""));
        assertEquals(0, CellEvaluator.lastCodeChar(" // only a comment"));
    }

    @Test
    void cleansWrapperNamesFromMessages() {
        assertEquals(
                "Cannot invoke \"String.length()\" because \"s\" is null",
                Tracebacks.cleanNames("Cannot invoke \"String.length()\" because \"REPL.$JShell$19.s\" is null"));
    }

    @Test
    void installsKernelspec(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("jars"));
        Files.writeString(lib.resolve("diffdyn-0.1.0.jar"), "x");
        Files.writeString(lib.resolve("dep.jar"), "y");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = KernelspecInstaller.installKernel(
                new String[] {"--prefix", dir.resolve("p").toString(), "--lib", lib.toString()},
                new PrintStream(out),
                new PrintStream(err),
                Map.of());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        Path spec = dir.resolve("p/share/jupyter/kernels/diffdyn");
        assertTrue(Files.isRegularFile(spec.resolve("lib/dep.jar")));
        assertTrue(Files.isExecutable(spec.resolve("launch")));
        JsonObject json = JsonParser.parseString(Files.readString(spec.resolve("kernel.json")))
                .getAsJsonObject();
        assertEquals("Java (diffdyn)", json.get("display_name").getAsString());
        assertEquals("java", json.get("language").getAsString());
        assertEquals("message", json.get("interrupt_mode").getAsString());
        assertEquals("{resource_dir}/launch", json.getAsJsonArray("argv").get(0).getAsString());
        String launch = Files.readString(spec.resolve("launch"));
        assertTrue(launch.contains("--enable-native-access=ALL-UNNAMED"));
        assertTrue(launch.contains("DIFFDYN_JVM_OPTS") && launch.contains("DIFFDYN_JAVA"));
        assertTrue(launch.contains("org.diffdyn.kernel.KernelMain"));
    }

    @Test
    void installerRejectsBadArguments() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err);
        PrintStream o = new PrintStream(new ByteArrayOutputStream());
        assertEquals(2, KernelspecInstaller.installKernel(new String[] {"--bogus"}, o, e, Map.of()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--bogus"));
        assertEquals(2, KernelspecInstaller.installKernel(new String[] {"--prefix"}, o, e, Map.of()));
        assertEquals(
                2,
                KernelspecInstaller.installKernel(new String[] {"--prefix", "a", "--data-dir", "b"}, o, e, Map.of()));
        assertEquals(2, KernelspecInstaller.installKernel(new String[] {"--lib", "/nonexistent-dir"}, o, e, Map.of()));
    }

    @Test
    void findsManifestClassPathJars(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("dep.jar"), "y");
        java.util.jar.Manifest mf = new java.util.jar.Manifest();
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, "lib/dep.jar lib/missing.jar");
        Path main = dir.resolve("diffdyn-0.1.0.jar");
        try (var os = Files.newOutputStream(main);
                var j = new java.util.jar.JarOutputStream(os, mf)) {
            j.flush();
        }
        assertEquals(List.of(main, lib.resolve("dep.jar")), KernelspecInstaller.jarsOfClasspath(main.toString()));
    }

    @Test
    void defaultDataDir() {
        assertEquals(Paths.get("/x/y"), KernelspecInstaller.defaultDataDir(Map.of("JUPYTER_DATA_DIR", "/x/y")));
        assertEquals(Paths.get("/d/jupyter"), KernelspecInstaller.defaultDataDir(Map.of("XDG_DATA_HOME", "/d")));
        // An empty JUPYTER_DATA_DIR counts as unset, as in jupyter_core.
        assertEquals(
                Paths.get("/d/jupyter"),
                KernelspecInstaller.defaultDataDir(Map.of("JUPYTER_DATA_DIR", "", "XDG_DATA_HOME", "/d")));
    }

    /** HOME, not Java's user.home, decides where the kernelspec goes; the place is the one Jupyter itself reports. */
    @Test
    void installerFollowsHomeLikeJupyter(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path lib = Files.createDirectories(dir.resolve("jars"));
        Files.writeString(lib.resolve("diffdyn-0.1.0.jar"), "x");
        assertFalse(home.toRealPath()
                .equals(Paths.get(System.getProperty("user.home")).toRealPath()));
        Map<String, String> env = Map.of("HOME", home.toString());
        Path expected = home.toRealPath().resolve(".local/share/jupyter");
        assertEquals(expected, KernelspecInstaller.defaultDataDir(env));
        int code = KernelspecInstaller.installKernel(
                new String[] {"--lib", lib.toString()},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()),
                env);
        assertEquals(0, code);
        assertTrue(Files.isRegularFile(expected.resolve("kernels/diffdyn/kernel.json")));

        // Cross-check with jupyter_core itself when it is installed: `jupyter --data-dir` under the same HOME.
        Path jupyter = Paths.get("/usr/bin/jupyter");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(jupyter), "jupyter is not installed");
        for (Map<String, String> e : List.of(
                env,
                Map.of(
                        "HOME",
                        home.toString(),
                        "XDG_DATA_HOME",
                        dir.resolve("xdg").toString()),
                Map.of(
                        "HOME",
                        home.toString(),
                        "JUPYTER_DATA_DIR",
                        dir.resolve("jdd").toString()))) {
            ProcessBuilder pb = new ProcessBuilder(jupyter.toString(), "--data-dir").redirectErrorStream(true);
            pb.environment().remove("JUPYTER_DATA_DIR");
            pb.environment().remove("XDG_DATA_HOME");
            pb.environment().putAll(e);
            Process p = pb.start();
            String reported = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, p.waitFor(), reported);
            assertEquals(Paths.get(reported), KernelspecInstaller.defaultDataDir(e), e.toString());
        }
    }
}
