package org.diffdyn.core.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.diffdyn.core.Check;
import org.diffdyn.core.progress.CancelledException;
import org.ejml.data.DMatrixRMaj;
import org.netlib.util.intW;

/**
 * The one seam for the O(n³) kernels that dominate the larger runs: symmetric eigendecomposition and big matrix
 * products. Backed by {@code dev.ludovic.netlib}, which binds the system OpenBLAS through JNI when Debian's
 * {@code libopenblas0-pthread} is installed and falls back to pure Java otherwise (numerics.md: eigh n=1000 takes
 * 0.12 s with OpenBLAS against 1.0 s in EJML). Everything smaller stays in EJML.
 *
 * <p>Matrices are EJML {@link DMatrixRMaj} (row-major); netlib is column-major, so products are computed as the
 * transposed product, which costs nothing.
 */
public final class Dense {
    private Dense() {}

    private static final class Holder {
        // netlib logs (java.util.logging) a warning that its optional Vector-API kernel is unavailable whenever the
        // JVM lacks --add-modules jdk.incubator.vector; that is expected here and would land in every notebook's
        // stderr. Keep the logger strongly referenced so the level sticks.
        static final java.util.logging.Logger NETLIB_LOG =
                quiet(java.util.logging.Logger.getLogger("dev.ludovic.netlib"));
        static final BLAS BLAS_INSTANCE = BLAS.getInstance();
        static final LAPACK LAPACK_INSTANCE = LAPACK.getInstance();
    }

    private static java.util.logging.Logger quiet(java.util.logging.Logger log) {
        log.setLevel(java.util.logging.Level.SEVERE);
        return log;
    }

    /**
     * Human-readable name of the active backend, e.g.
     * "native BLAS/LAPACK via JNI: /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 [JNIBLAS / JNILAPACK]".
     */
    public static String backend() {
        String blas = Holder.BLAS_INSTANCE.getClass().getSimpleName();
        String lapack = Holder.LAPACK_INSTANCE.getClass().getSimpleName();
        if (!isNative())
            return "pure Java fallback (install libopenblas0-pthread for OpenBLAS) [" + blas + " / " + lapack + "]";
        return "native BLAS/LAPACK via JNI: " + systemBlas() + " [" + blas + " / " + lapack + "]";
    }

    /** The shared library that libblas.so.3 resolves to (Debian's alternatives point it at OpenBLAS when installed). */
    private static String systemBlas() {
        for (String dir :
                new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"}) {
            java.nio.file.Path p = java.nio.file.Paths.get(dir, "libblas.so.3");
            try {
                if (java.nio.file.Files.exists(p)) return p.toRealPath().toString();
            } catch (java.io.IOException e) {
                return p.toString();
            }
        }
        return "libblas.so.3";
    }

    public static boolean isNative() {
        return Holder.BLAS_INSTANCE.getClass().getSimpleName().startsWith("JNI");
    }

    /**
     * Native BLAS/LAPACK calls cannot be interrupted, and a single large one (a p = 4096 Gram, an eigendecomposition
     * of n = 4096) runs for seconds. Calls above this many floating-point operations (about 20 ms of work) run on a
     * worker thread while the caller waits interruptibly: an interrupt then throws {@link CancelledException} at
     * once, as the cooperative loops do, and the abandoned call finishes in the background (its result is dropped).
     * The same routine runs on the same data, so results are bit-identical to a direct call.
     */
    static final double OFFLOAD_FLOPS = 5e8;

    private static final java.util.concurrent.ExecutorService WORKERS =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "diffdyn-blas");
                t.setDaemon(true);
                return t;
            });

    /** Runs {@code work} so that an interrupt of the calling thread stops the wait within milliseconds (see {@link #OFFLOAD_FLOPS}). */
    static <T> T cancellable(double flops, java.util.function.Supplier<T> work) {
        if (flops < OFFLOAD_FLOPS) return work.get();
        Thread caller = Thread.currentThread();
        if (caller.isInterrupted()) throw new CancelledException();
        java.util.concurrent.Future<T> future = WORKERS.submit(work::get);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(false);
            caller.interrupt(); // keep the flag set, as Progress.checkCancelled does
            throw new CancelledException();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        }
    }

    private static void cancellable(double flops, Runnable work) {
        cancellable(flops, () -> {
            work.run();
            return null;
        });
    }

    /** C = A B. */
    public static DMatrixRMaj multiply(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numCols != b.numRows)
            throw new IllegalArgumentException(
                    "shape mismatch: " + a.numRows + "x" + a.numCols + " times " + b.numRows + "x" + b.numCols);
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        // Row-major A·B equals column-major (Bᵀ·Aᵀ)ᵀ: call dgemm on the swapped operands.
        cancellable(
                2.0 * a.numRows * a.numCols * b.numCols,
                () -> Holder.BLAS_INSTANCE.dgemm(
                        "N", "N", b.numCols, a.numRows, a.numCols, 1.0, b.data, b.numCols, a.data, a.numCols, 0.0,
                        c.data, c.numCols));
        return c;
    }

    /**
     * C = α·op(A)·op(B) + β·C on raw row-major arrays starting at the given offsets, op(X) = X or Xᵀ: the batched
     * products of a neural network's forward and backward passes, whose weights sit inside one flat parameter array.
     * op(A) is m × k, op(B) is k × n, C is m × n.
     */
    public static void gemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            double alpha,
            double[] a,
            int offA,
            double[] b,
            int offB,
            double beta,
            double[] c,
            int offC) {
        int lda = transA ? m : k, ldb = transB ? k : n;
        // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ, with the stored arrays read as their
        // transposes.
        cancellable(
                2.0 * m * n * k,
                () -> Holder.BLAS_INSTANCE.dgemm(
                        transB ? "T" : "N",
                        transA ? "T" : "N",
                        n,
                        m,
                        k,
                        alpha,
                        b,
                        offB,
                        ldb,
                        a,
                        offA,
                        lda,
                        beta,
                        c,
                        offC,
                        n));
    }

    /** G = Xᵀ X / scale for a data matrix X with one sample per row (the empirical second moment when scale = N). */
    public static DMatrixRMaj gram(DMatrixRMaj x, double scale) {
        int n = x.numRows, d = x.numCols;
        DMatrixRMaj g = new DMatrixRMaj(d, d);
        // Row-major X (n×d) is column-major Xᵀ (d×n); dsyrk "U","N" computes Xᵀ·X into the upper triangle.
        cancellable(
                (double) n * d * d,
                () -> Holder.BLAS_INSTANCE.dsyrk("U", "N", d, n, 1.0 / scale, x.data, d, 0.0, g.data, d));
        // g holds the upper triangle in column-major, i.e. the lower triangle in row-major: mirror it.
        for (int i = 0; i < d; i++) for (int j = 0; j < i; j++) g.data[j * d + i] = g.data[i * d + j];
        return g;
    }

    /**
     * G += α·XᵀX for a block of {@code m} rows of a row-major m × d matrix X, accumulated into the lower triangle of
     * the row-major d × d array {@code g} (dsyrk with β = 1): the streaming Gram/covariance of data too large to hold
     * as doubles. Call {@link #mirrorLower} once at the end.
     */
    public static void syrkAccumulate(double[] x, int m, int d, double alpha, double[] g) {
        if (m == 0) return;
        // Row-major X (m×d) is column-major Xᵀ (d×m); dsyrk "U","N" adds Xᵀ·X to the column-major upper = row-major
        // lower.
        cancellable((double) m * d * d, () -> Holder.BLAS_INSTANCE.dsyrk("U", "N", d, m, alpha, x, d, 1.0, g, d));
    }

    /** Copies the lower triangle of a row-major d × d array onto its upper triangle. */
    public static void mirrorLower(double[] g, int d) {
        for (int i = 0; i < d; i++) for (int j = 0; j < i; j++) g[j * d + i] = g[i * d + j];
    }

    /** Eigenvalues only of a symmetric matrix (LAPACK dsyevd, jobz = "N"), descending; the lower triangle is read. */
    public static double[] eigvalsh(DMatrixRMaj symmetric) {
        int n = symmetric.numRows;
        if (n != symmetric.numCols)
            throw new IllegalArgumentException("eigvalsh needs a square matrix, got " + n + "x" + symmetric.numCols);
        Check.positive("n", n);
        double[] a = symmetric.data.clone();
        double[] w = new double[n];
        intW info = new intW(0);
        double[] workQuery = new double[1];
        int[] iworkQuery = new int[1];
        Holder.LAPACK_INSTANCE.dsyevd("N", "U", n, a, n, w, workQuery, -1, iworkQuery, -1, info);
        double[] work = new double[Math.max(1, (int) workQuery[0])];
        int[] iwork = new int[Math.max(1, iworkQuery[0])];
        cancellable(
                4.0 * n * n * n,
                () -> Holder.LAPACK_INSTANCE.dsyevd(
                        "N", "U", n, a, n, w, work, work.length, iwork, iwork.length, info));
        if (info.val != 0)
            throw new ArithmeticException("dsyevd failed to converge (info=" + info.val + ") for n=" + n);
        double[] values = new double[n];
        for (int j = 0; j < n; j++) values[j] = w[n - 1 - j];
        return values;
    }

    /**
     * Eigendecomposition of a symmetric matrix (LAPACK dsyevd), eigenvalues sorted in descending order.
     * Only the lower triangle (row-major) is read.
     */
    public static SymmetricEigen eigh(DMatrixRMaj symmetric) {
        int n = symmetric.numRows;
        if (n != symmetric.numCols)
            throw new IllegalArgumentException("eigh needs a square matrix, got " + n + "x" + symmetric.numCols);
        Check.positive("n", n);
        double[] a = symmetric.data.clone();
        double[] w = new double[n];
        intW info = new intW(0);
        double[] workQuery = new double[1];
        int[] iworkQuery = new int[1];
        // Row-major lower = column-major upper.
        Holder.LAPACK_INSTANCE.dsyevd("V", "U", n, a, n, w, workQuery, -1, iworkQuery, -1, info);
        int lwork = (int) workQuery[0];
        int liwork = iworkQuery[0];
        double[] work = new double[Math.max(1, lwork)];
        int[] iwork = new int[Math.max(1, liwork)];
        cancellable(
                9.0 * n * n * n,
                () -> Holder.LAPACK_INSTANCE.dsyevd("V", "U", n, a, n, w, work, lwork, iwork, liwork, info));
        if (info.val != 0)
            throw new ArithmeticException("dsyevd failed to converge (info=" + info.val + ") for n=" + n);
        // LAPACK returns ascending values; column j of the column-major result is eigenvector j.
        double[] values = new double[n];
        DMatrixRMaj vectors = new DMatrixRMaj(n, n);
        for (int j = 0; j < n; j++) {
            int src = n - 1 - j;
            values[j] = w[src];
            for (int i = 0; i < n; i++) vectors.data[i * n + j] = a[src * n + i];
        }
        return new SymmetricEigen(values, vectors);
    }
}
