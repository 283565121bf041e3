package org.diffdyn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.diffdyn.core.progress.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by numpy itself (np.save, np.lib.format.write_array with versions 1.0/2.0/3.0, Fortran order,
 * big-endian, np.savez and np.savez_compressed, which write zip64 members) read back identically; and a file
 * written by {@link Npy} loads in numpy with the same values. Skipped, with a message, when python3 has no numpy.
 */
class NumpyCrossCheckTest {
    @TempDir
    Path dir;

    static boolean run(Path cwd, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", script)
                .directory(cwd.toFile())
                .redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return false;
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        if (p.exitValue() != 0) System.err.println("python3: " + out);
        return p.exitValue() == 0;
    }

    static boolean numpyAvailable(Path cwd) throws IOException, InterruptedException {
        return run(cwd, "import numpy");
    }

    // Value at flat C-order index k, the same formula as the Python side (exact in float32 and integers).
    static double f(long k) {
        return ((k * 37) % 1000) / 8.0 - 60;
    }

    @Test
    void numpyFilesReadBackIdentically() throws Exception {
        assumeTrue(numpyAvailable(dir), "numpy is not importable by python3: cross-check skipped");
        String py = String.join(
                "\n",
                "import numpy as np",
                "from numpy.lib import format as fmt",
                "k = np.arange(6*5*4)",
                "v = ((k*37) % 1000)/8.0 - 60",
                "a = v.reshape(6, 5, 4)",
                "np.save('c32.npy', a.astype(np.float32))",
                "np.save('f64F.npy', np.asfortranarray(a))",
                "np.save('be64.npy', a.astype('>f8'))",
                "np.save('i64.npy', ((k*7919) % 1000 - 500).reshape(6, 20).astype(np.int64))",
                "u = ((k*37) % 256).astype(np.uint8).reshape(6, 5, 4)",
                "np.save('u8F.npy', np.asfortranarray(u))",
                "for ver in [(1,0),(2,0),(3,0)]:",
                "    with open('v%d.npy' % ver[0], 'wb') as fh: fmt.write_array(fh, a.astype(np.float32), version=ver)",
                "y = np.array([0, 2, 1, 2, 0, 1], dtype=np.int64)",
                "np.savez('plain.npz', x=a.astype(np.float32), y=y)",
                "np.savez_compressed('packed.npz', x=np.asfortranarray(a), y=y.astype(np.int32))",
                "");
        assumeTrue(run(dir, py), "the numpy writer script failed (see stderr)");
        double[] expect = new double[120];
        for (int k = 0; k < 120; k++) expect[k] = f(k);
        for (String name : new String[] {"c32.npy", "f64F.npy", "be64.npy", "v1.npy", "v2.npy", "v3.npy"}) {
            Npy.Array a = Npy.read(dir.resolve(name));
            assertArrayEquals(new long[] {6, 5, 4}, a.shape(), name);
            assertArrayEquals(expect, a.values(), 0, name);
            ImageDataset ds = DataSource.parse("npy:" + dir.resolve(name)).load(Progress.NONE);
            for (int k = 0; k < 120; k++) assertEquals(expect[k], ds.get(k / 20, k % 20), 0, name);
        }
        assertEquals(2, Npy.read(dir.resolve("v2.npy")).header().majorVersion());
        assertEquals(3, Npy.read(dir.resolve("v3.npy")).header().majorVersion());
        Npy.Array i64 = Npy.read(dir.resolve("i64.npy"));
        for (int k = 0; k < 120; k++) assertEquals((k * 7919L) % 1000 - 500, i64.values()[k], 0);
        ImageDataset u =
                DataSource.parse("npy:" + dir.resolve("u8F.npy") + "?scale=raw").load(Progress.NONE);
        for (int k = 0; k < 120; k++) assertEquals((k * 37) % 256, u.get(k / 20, k % 20), 0, "uint8 Fortran k=" + k);
        for (String name : new String[] {"plain.npz", "packed.npz"}) {
            ImageDataset ds = DataSource.parse("npz:" + dir.resolve(name)).load(Progress.NONE);
            assertEquals(6, ds.size(), name);
            assertArrayEquals(new int[] {0, 2, 1, 2, 0, 1}, ds.labels(), name);
            for (int k = 0; k < 120; k++) assertEquals(expect[k], ds.get(k / 20, k % 20), 0, name);
        }
    }

    @Test
    void javaWrittenFileLoadsInNumpy() throws Exception {
        assumeTrue(numpyAvailable(dir), "numpy is not importable by python3: cross-check skipped");
        float[] v = new float[7 * 3];
        for (int k = 0; k < v.length; k++) v[k] = (float) f(k);
        try (var out = Files.newOutputStream(dir.resolve("j.npy"))) {
            Npy.write(out, v, 7, 3);
        }
        String py = "import numpy as np\nk=np.arange(21)\na=np.load('j.npy')\n"
                + "assert a.dtype==np.float32 and a.shape==(7,3), (a.dtype, a.shape)\n"
                + "assert (a.ravel()==(((k*37)%1000)/8.0-60)).all()\n";
        assertEquals(true, run(dir, py), "numpy could not read the Java-written file identically");
    }
}
