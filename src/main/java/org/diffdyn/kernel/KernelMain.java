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

    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        quietSocketLoops();
        if (args.length != 1) {
            System.err.println("usage: KernelMain <jupyter-connection-file>");
            System.exit(2);
        }
        Path connectionFile = Paths.get(args[0]);
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        KernelConfig config = KernelConfig.fromEnv(System.getenv());

        DiffdynKernel kernel = DiffdynKernel.create(config.loadExtensions());
        long tShell = System.nanoTime();

        // JShell warm-up (first compile), extensions and startup code run while the sockets come up. They hold the
        // kernel's lock, so the first execute request waits for them; kernel_info is answered at once.
        Thread startup = new Thread(
                () -> {
                    synchronized (kernel) {
                        long a = System.nanoTime();
                        if (config.classpath() != null) {
                            try {
                                kernel.addToClasspath(config.classpath());
                            } catch (RuntimeException ex) {
                                System.err.println("DIFFDYN_CLASSPATH: " + ex.getMessage());
                            }
                        }
                        try {
                            kernel.onStartup();
                        } catch (RuntimeException | LinkageError ex) {
                            System.err.println("diffdyn kernel: start-up failed: " + ex);
                            ex.printStackTrace();
                        }
                        long b = System.nanoTime();
                        kernel.runStartup(config);
                        long c = System.nanoTime();
                        System.err.printf(
                                "diffdyn kernel ready in %d ms (kernel set-up %d ms, JShell+imports+extensions %d ms,"
                                        + " startup code %d ms; Java %s)%n",
                                sinceJvmStart(t0), ms(t0, tShell), ms(a, b), ms(b, c), Runtime.version());
                    }
                },
                "diffdyn-startup");
        startup.setDaemon(true);
        startup.start();

        JupyterConnection connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        System.err.printf("diffdyn kernel connected in %d ms%n", sinceJvmStart(t0));
        connection.waitUntilClose();
        System.exit(0);
    }

    /** jjava logs every socket loop start and stop at INFO (loggers "Loop-..."); keep only its warnings. */
    private static void quietSocketLoops() {
        if (System.getProperty("java.util.logging.config.file") != null) return;
        for (java.util.logging.Handler h :
                java.util.logging.Logger.getLogger("").getHandlers()) {
            h.setFilter(r -> r.getLoggerName() == null
                    || !r.getLoggerName().startsWith("Loop-")
                    || r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue());
        }
    }

    private static long ms(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    /** Milliseconds since the JVM started (or since main started, if the OS does not tell). */
    private static long sinceJvmStart(long mainStartNanos) {
        return ProcessHandle.current()
                .info()
                .startInstant()
                .map(s -> java.time.Duration.between(s, java.time.Instant.now()).toMillis())
                .orElse((System.nanoTime() - mainStartNanos) / 1_000_000);
    }
}
