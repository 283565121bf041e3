package org.diffdyn.nets;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.diffdyn.core.ParameterException;

/**
 * The one place where the PyTorch engine of DJL is set up and loaded; every class of {@code org.diffdyn.nets} that needs
 * the engine goes through {@link #engine()}.
 *
 * <p><b>Lazy.</b> Nothing here touches DJL until {@link #engine()} (or a method that calls it) runs, so the kernel and
 * the CLI start without loading 200 MB of native code; the first network cell pays for it.
 *
 * <p><b>Offline.</b> Before the engine loads, the system properties {@code ai.djl.offline=true} (no model-zoo or native
 * download) and {@code OPT_OUT_TRACKING=true} (DJL's usage tracking, which may otherwise contact a cloud metadata
 * address) are set. DJL reads both through its {@code Utils.getEnvOrSystemProperty}. The PyTorch native libraries
 * come from the {@code pytorch-native-cpu} jar on the class path; nothing is downloaded.
 *
 * <p><b>Native-library cache.</b> On first use DJL extracts libtorch (≈ 500 MB unpacked) from that jar into
 * {@code <cache>/pytorch/2.7.1-cpu-linux-x86_64/}. The cache folder is, in order: {@link #cacheDir(Path)} if called
 * before the engine loads; the environment variable or system property {@code ENGINE_CACHE_DIR}; then
 * {@code DJL_CACHE_DIR}; else DJL's default {@code ~/.djl.ai}. The extraction is reported once (through
 * {@link #reporter(Consumer)}, default standard error), later loads find the libraries and say nothing.
 *
 * <p><b>Device.</b> {@link Device#AUTO} picks the GPU when the engine sees one (a CUDA native jar on the class path, or
 * {@code PYTORCH_LIBRARY_PATH} + {@code PYTORCH_FLAVOR} pointing at a CUDA libtorch), else the CPU; {@link Device#GPU}
 * fails with a {@link ParameterException} naming the parameter when no GPU is available.
 *
 * <p><b>Threads.</b> {@link #threads(int)} before the engine loads sets PyTorch's intra- and inter-op thread counts
 * (DJL's {@code ai.djl.pytorch.num_threads}/{@code num_interop_threads}); after loading it changes the intra-op count.
 * Without a call the count is {@code DIFFDYN_TORCH_THREADS} (environment or system property
 * {@code diffdyn.torch.threads}), else 1: PyTorch's OpenMP threads spin while they wait, and on a machine whose cores
 * are busy with other work two threads ran a small network 15× slower than one.
 * Results are reproducible for a fixed seed and thread count on one machine (see README "Real networks (DJL)").
 */
public final class Torch {
    private Torch() {}

    /** Where a network runs. The text form is the lower-case name ({@code auto}, {@code cpu}, {@code gpu}). */
    public enum Device {
        /** The GPU if the engine sees one, else the CPU. */
        AUTO,
        /** Always the CPU. */
        CPU,
        /** The first GPU; an error if none is available. */
        GPU;

        /** Parses {@code auto|cpu|gpu} (any case); a clear error otherwise. */
        public static Device parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new ParameterException("device", text, "auto, cpu or gpu");
            }
        }
    }

    private static volatile Engine engine;
    private static Path cacheDir;
    private static int threads;
    private static Consumer<String> reporter = System.err::println;

    /** The two properties that keep DJL silent on the network; idempotent, called before any DJL class loads. */
    static void offline() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    /** Sets the folder for the extracted native libraries; must be called before the engine loads. */
    public static synchronized void cacheDir(Path dir) {
        if (engine != null)
            throw new IllegalStateException("the PyTorch engine is already loaded from " + nativeCacheDir());
        cacheDir = dir.toAbsolutePath();
    }

    /** Sets PyTorch's thread count (≥ 1); before loading it sets intra- and inter-op threads, after only intra-op. */
    public static synchronized void threads(int n) {
        if (n < 1 || n > 1024) throw new ParameterException("threads", n, "1 to 1024");
        threads = n;
        if (engine != null) ai.djl.pytorch.jni.JniUtils.setNumThreads(n);
    }

    /** PyTorch's intra-op thread count: the configured one, or 0 before the engine has loaded and none was set. */
    public static synchronized int threadCount() {
        return threads;
    }

    /** Where the one-time extraction message goes (default standard error). */
    public static synchronized void reporter(Consumer<String> r) {
        reporter = r;
    }

    /** True once the engine has been loaded in this JVM. */
    public static boolean loaded() {
        return engine != null;
    }

    /** The cache folder the native libraries are (or will be) extracted under. */
    public static Path nativeCacheDir() {
        if (cacheDir != null) return cacheDir;
        for (String key : new String[] {"ENGINE_CACHE_DIR", "DJL_CACHE_DIR"}) {
            String v = System.getProperty(key, System.getenv(key));
            if (v != null && !v.isBlank()) return Path.of(v).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".djl.ai");
    }

    /**
     * Held while code seeds PyTorch's global generator and draws from it (a network's initialisation, one training
     * step), while a gradient collector is open (DJL allows one per process) and during each forward pass of a
     * denoiser. Networks used on several threads of one JVM (a sweep's pool) then take turns, one training step or one
     * evaluation at a time, and each step draws exactly what it would draw alone.
     */
    static final Object RNG_LOCK = new Object();

    /** Threads on which gradient recording is off outside a gradient collector (see {@link #engine()}). */
    private static final ThreadLocal<Boolean> GRAD_OFF = ThreadLocal.withInitial(() -> false);

    /**
     * Loads the PyTorch engine once (offline, with the configured cache and threads) and returns it. PyTorch's grad
     * mode is per thread and on by default; DJL turns it off only on the thread that loads the engine, and a gradient
     * collector restores the mode it found. So on every other thread (a sweep's pool, a kernel's next cell) the first
     * call turns it off too: otherwise the in-place Adam update of a parameter fails there ("a leaf Variable that
     * requires grad is being used in an in-place operation") and sampling records graphs it never uses.
     */
    public static Engine engine() {
        Engine e = load();
        if (!GRAD_OFF.get()) {
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
            // OpenMP's thread count is per thread too: without this a thread other than the loading one would compute
            // with the OpenMP default (all cores) instead of the configured count
            int n;
            synchronized (Torch.class) {
                n = threads;
            }
            if (n > 0) ai.djl.pytorch.jni.JniUtils.setNumThreads(n);
            GRAD_OFF.set(true);
        }
        return e;
    }

    private static Engine load() {
        Engine e = engine;
        if (e != null) return e;
        synchronized (Torch.class) {
            if (engine != null) return engine;
            offline();
            if (cacheDir != null) System.setProperty("ENGINE_CACHE_DIR", cacheDir.toString());
            if (threads == 0) {
                String v = System.getProperty("diffdyn.torch.threads", System.getenv("DIFFDYN_TORCH_THREADS"));
                threads = v == null || v.isBlank() ? 1 : Integer.parseInt(v.trim());
            }
            if (threads > 0) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
                System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(threads));
            }
            Path libs = nativeCacheDir().resolve("pytorch");
            boolean fresh = !hasLibtorch(libs);
            long t0 = System.nanoTime();
            e = Engine.getEngine("PyTorch");
            if (fresh)
                reporter.accept(String.format(
                        Locale.ROOT,
                        "diffdyn: extracted the PyTorch %s native libraries into %s (%.1f s, once per cache folder)",
                        e.getVersion(),
                        libs,
                        (System.nanoTime() - t0) / 1e9));
            engine = e;
            return e;
        }
    }

    private static boolean hasLibtorch(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        try (var s = Files.walk(dir, 2)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("libtorch_cpu")
                    || p.getFileName().toString().startsWith("libtorch_cuda"));
        } catch (java.io.IOException ex) {
            return false;
        }
    }

    /** The DJL device for a choice: a {@link ParameterException} naming {@code device} if the GPU is asked for and absent. */
    public static ai.djl.Device device(Device choice) {
        Engine e = engine();
        int gpus = e.getGpuCount();
        return switch (choice) {
            case CPU -> ai.djl.Device.cpu();
            case AUTO -> gpus > 0 ? ai.djl.Device.gpu() : ai.djl.Device.cpu();
            case GPU -> {
                if (gpus == 0)
                    throw new ParameterException(
                            "device",
                            "gpu",
                            "auto or cpu on this machine",
                            "PyTorch " + e.getVersion()
                                    + " sees no CUDA GPU: add a CUDA native jar (ai.djl.pytorch:pytorch-native-cu*) "
                                    + "to the class path or set PYTORCH_LIBRARY_PATH and PYTORCH_FLAVOR to a CUDA libtorch");
                yield ai.djl.Device.gpu();
            }
        };
    }

    /** A new root manager on the chosen device; close it (try-with-resources) to free its native memory. */
    public static NDManager manager(Device choice) {
        return NDManager.newBaseManager(device(choice), engine().getEngineName());
    }

    /**
     * Seeds PyTorch's global generator (weight initialisation and the noise drawn in a training step). The generator
     * is global to the process: two trainings running at once in one JVM interleave their draws.
     */
    public static void seed(long seed) {
        engine();
        ai.djl.pytorch.jni.JniUtils.setSeed(seed);
    }
}
