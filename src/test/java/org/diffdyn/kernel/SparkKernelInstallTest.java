package org.diffdyn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.diffdyn.sweep.SparkSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code install-kernel --spark}: Spark's jars go to the kernelspec's spark-lib/, which only then joins the classpath. */
class SparkKernelInstallTest {

    @Test
    void sparkIsAddedOnlyWhenAskedAndRemovedByAPlainReinstall(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("diffdyn-0.1.0.jar"), "x");
        Path sparkLib = Files.createDirectories(dir.resolve("spark-lib"));
        Files.writeString(sparkLib.resolve("spark-core_2.13-4.0.1.jar"), "y");
        Path data = dir.resolve("data");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8),
                e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Map<String, String> env = Map.of(SparkSupport.SPARK_LIB_ENV, sparkLib.toString());

        assertEquals(
                0,
                KernelspecInstaller.installKernel(
                        new String[] {"--data-dir", data.toString(), "--lib", lib.toString()}, o, e, env));
        Path spec = data.resolve("kernels/diffdyn");
        assertFalse(Files.exists(spec.resolve("spark-lib")), "no Spark by default");
        String launch = Files.readString(spec.resolve("launch"));
        assertTrue(launch.contains("if [ -d \"$dir/spark-lib\" ]"), launch);
        for (String flag : SparkSupport.JVM_FLAGS) assertTrue(launch.contains(flag), flag);

        assertEquals(
                0,
                KernelspecInstaller.installKernel(
                        new String[] {"--data-dir", data.toString(), "--lib", lib.toString(), "--spark"}, o, e, env),
                err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.isRegularFile(spec.resolve("spark-lib/spark-core_2.13-4.0.1.jar")));
        assertTrue(
                out.toString(StandardCharsets.UTF_8).contains("added Spark for sweeps (1 jars"),
                out.toString(StandardCharsets.UTF_8));

        assertEquals(
                0,
                KernelspecInstaller.installKernel(
                        new String[] {"--data-dir", data.toString(), "--lib", lib.toString()}, o, e, env));
        assertFalse(Files.exists(spec.resolve("spark-lib")), "a plain reinstall drops Spark again");

        Map<String, String> missing =
                Map.of(SparkSupport.SPARK_LIB_ENV, dir.resolve("nope").toString());
        assertEquals(
                1,
                KernelspecInstaller.installKernel(
                        new String[] {"--data-dir", data.toString(), "--lib", lib.toString(), "--spark"},
                        o,
                        e,
                        missing));
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("no Spark jars in"),
                err.toString(StandardCharsets.UTF_8));
    }
}
