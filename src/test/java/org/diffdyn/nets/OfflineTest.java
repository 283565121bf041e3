package org.diffdyn.nets;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A training step needs no network and tries none. What proves it: a fresh JVM (so the engine really loads there,
 * with whatever DJL does at start-up) runs {@link OfflineProbe}, which
 * <ol>
 *   <li>runs inside a new network namespace ({@code unshare -n}: no interface but a down loopback) when the test runs as
 *       root with {@code unshare} available — any connection would fail, and the step must still succeed;</li>
 *   <li>records every destination the JVM tries to reach: plain sockets and URL connections both ask the default
 *       {@link java.net.ProxySelector} before connecting, so DJL's usage tracking or a download would be counted even
 *       where it fails silently; the count must be 0;</li>
 *   <li>then makes one deliberate connection attempt and checks that the recorder counted it (a probe that cannot see
 *       connections would pass vacuously).</li>
 * </ol>
 * The child uses the project's offline set-up (Torch sets {@code ai.djl.offline} and {@code OPT_OUT_TRACKING}).
 */
class OfflineTest {
    @Test
    void aTrainingStepInAJvmWithoutNetworkSucceedsAndTriesNoConnection() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        boolean isolated = new File("/usr/bin/unshare").canExecute() && "root".equals(System.getProperty("user.name"));
        if (isolated) cmd.addAll(List.of("/usr/bin/unshare", "-n"));
        cmd.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), OfflineProbe.class.getName()));
        Path log = Files.createTempFile("offline-probe", ".log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe timed out");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(
                out.contains("probe: attempts=0 step=1 control=1"),
                (isolated ? "(in a network namespace) " : "") + out);
    }
}
