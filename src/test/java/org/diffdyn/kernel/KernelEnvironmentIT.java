package org.diffdyn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The kernel's environment variables, through a real Jupyter launch: DIFFDYN_CLASSPATH (glob; its extension is
 * installed through the snippet class loader), DIFFDYN_STARTUP, DIFFDYN_STARTUP_SCRIPTS_PATH, DIFFDYN_JVM_OPTS, and
 * the upstream JJAVA_STARTUP_SCRIPT fallback.
 */
class KernelEnvironmentIT {

    @Test
    void environmentVariablesReachTheKernel() throws Exception {
        JupyterHarness.installKernel();
        Path dir = Files.createDirectories(JupyterHarness.TARGET.resolve("it-env"));
        Path ext = Files.createDirectories(dir.resolve("ext"));
        Path jar = ext.resolve("recording-extension.jar");
        String cls = RecordingExtension.class.getName();
        Path classFile = JupyterHarness.TARGET.resolve("test-classes").resolve(cls.replace('.', '/') + ".class");
        try (OutputStream os = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(os)) {
            j.putNextEntry(new JarEntry("META-INF/services/org.dflib.jjava.jupyter.Extension"));
            j.write(cls.getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
            j.putNextEntry(new JarEntry(cls.replace('.', '/') + ".class"));
            j.write(Files.readAllBytes(classFile));
            j.closeEntry();
        }
        Path scripts = Files.createDirectories(dir.resolve("startup"));
        Files.writeString(scripts.resolve("10-first.jshell"), "String fromScript = \"script ran\";\n");
        Path cases = dir.resolve("cases.json");
        Files.writeString(
                cases,
                "["
                        + "[\"fromStartup\", \"7\"],"
                        + "[\"fromScript\", \"script ran\"],"
                        + "[\"System.getProperty(\\\"diffdyn.it\\\")\", \"on\"],"
                        + "[\"%%echo a b\\nhello\", \"echo[a,b]:hello\"],"
                        + "[\"Class.forName(\\\"" + cls + "\\\").getClassLoader().getName()\", \"diffdyn-snippets\"]"
                        + "]");
        Map<String, String> env = Map.of(
                "DIFFDYN_CLASSPATH", ext + "/*.jar",
                "DIFFDYN_STARTUP", "int fromStartup = 7;",
                "JJAVA_STARTUP_SCRIPT", "int ignored = 1;",
                "DIFFDYN_STARTUP_SCRIPTS_PATH", scripts + "/*.jshell",
                "DIFFDYN_JVM_OPTS", "-Ddiffdyn.it=on -Xss4m");
        JupyterHarness.Result r = JupyterHarness.run(
                "environment",
                List.of(
                        JupyterHarness.PYTHON,
                        JupyterHarness.PYTHON_TESTS.resolve("cells_check.py").toString(),
                        cases.toString()),
                env,
                JupyterHarness.ROOT,
                Duration.ofMinutes(5));
        String output = JupyterHarness.relevant(r.output());
        System.out.println(output);
        assertEquals(0, r.exitCode(), output);
    }
}
