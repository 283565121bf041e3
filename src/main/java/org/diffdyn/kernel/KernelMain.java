package org.diffdyn.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Entry point of the kernel process: {@code java -cp 'lib/*' org.diffdyn.kernel.KernelMain <connection-file>}.
 * The launch script of the installed kernelspec adds the JVM options (see {@code KernelspecInstaller}).
 */
public final class KernelMain {

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        if (args.length != 1) {
            System.err.println("usage: KernelMain <jupyter-connection-file>");
            System.exit(2);
        }
        Path connectionFile = Paths.get(args[0]);
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        KernelConfig config = KernelConfig.fromEnv(System.getenv());

        DiffdynKernel kernel = DiffdynKernel.create(config.loadExtensions());
        if (config.classpath() != null) {
            try {
                kernel.addToClasspath(config.classpath());
            } catch (RuntimeException ex) {
                System.err.println("DIFFDYN_CLASSPATH: " + ex.getMessage());
            }
        }
        kernel.onStartup();
        kernel.runStartup(config);

        JupyterConnection connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        long sinceMain = (System.nanoTime() - t0) / 1_000_000;
        long sinceJvm = ProcessHandle.current().info().startInstant()
                .map(s -> java.time.Duration.between(s, java.time.Instant.now()).toMillis()).orElse(-1L);
        System.err.printf("diffdyn kernel ready in %d ms (%d ms in main; Java %s)%n",
                sinceJvm >= 0 ? sinceJvm : sinceMain, sinceMain, Runtime.version());
        connection.waitUntilClose();
        System.exit(0);
    }
}
