package org.diffdyn.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The nearest-neighbour gap criterion against generators whose answer is known. */
class MemorizationTest {

    static DMatrixRMaj gaussian(int n, int d, long seed) {
        return new DMatrixRMaj(n, d, true, new Rng(seed).gaussianMatrix(n, d));
    }

    @Test
    void aGeneratorThatReturnsTrainingImagesMemorizesEverything() {
        int m = 300, d = 50, classes = 3;
        DMatrixRMaj train = gaussian(m, d, 1);
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) labels[i] = i % classes;
        Rng rng = new Rng(2);
        int n = 120;
        DMatrixRMaj gen = new DMatrixRMaj(n, d);
        int[] source = new int[n];
        for (int i = 0; i < n; i++) {
            source[i] = rng.uniformInt(m);
            System.arraycopy(train.data, source[i] * d, gen.data, i * d, d);
        }
        Memorization.Neighbours nb = Memorization.nearestTwo(gen, train, labels, classes, Progress.NONE);
        assertEquals(1.0, nb.fraction(Memorization.DEFAULT_RATIO));
        assertArrayEquals(source, nb.nearest());
        for (int i = 0; i < n; i++) assertEquals(labels[source[i]], nb.assignedClass()[i]);
        for (double f : nb.fractionPerClass(classes, Memorization.DEFAULT_RATIO)) assertEquals(1.0, f);
    }

    /**
     * Fresh draws from the training law in d = 200: squared distances to independent points concentrate at 2d with
     * relative spread ~√(2/d)·… ≈ 0.1, so d₁/d₂ is near 1 and never below 1/3: f_mem = 0.
     */
    @Test
    void freshSamplesAreNotMemorized() {
        Memorization.Neighbours nb =
                Memorization.nearestTwo(gaussian(200, 200, 3), gaussian(1000, 200, 4), Progress.NONE);
        assertEquals(0.0, nb.fraction(Memorization.DEFAULT_RATIO));
        // a sample halfway between two training points is equidistant: d1 = d2, not memorized at any ratio < 1
        DMatrixRMaj train = gaussian(2, 10, 5);
        DMatrixRMaj mid = new DMatrixRMaj(1, 10);
        for (int j = 0; j < 10; j++) mid.data[j] = 0.5 * (train.data[j] + train.data[10 + j]);
        Memorization.Neighbours m = Memorization.nearestTwo(mid, train, Progress.NONE);
        assertEquals(m.d1()[0], m.d2()[0], 1e-9);
        assertEquals(0.0, m.fraction(0.99));
    }

    @Test
    void matchesABruteForceSearchWithClasses() {
        int m = 157, d = 9, n = 23, classes = 4;
        DMatrixRMaj train = gaussian(m, d, 6), gen = gaussian(n, d, 7);
        int[] labels = new int[m];
        Rng rng = new Rng(8);
        for (int i = 0; i < m; i++) labels[i] = rng.uniformInt(classes);
        Memorization.Neighbours nb = Memorization.nearestTwo(gen, train, labels, classes, Progress.NONE);
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            int arg = -1;
            for (int j = 0; j < m; j++) {
                double s = dist(gen, i, train, j);
                if (s < best) {
                    best = s;
                    arg = j;
                }
            }
            double second = Double.POSITIVE_INFINITY;
            for (int j = 0; j < m; j++)
                if (j != arg && labels[j] == labels[arg]) second = Math.min(second, dist(gen, i, train, j));
            assertEquals(arg, nb.nearest()[i]);
            assertEquals(labels[arg], nb.assignedClass()[i]);
            assertEquals(best, nb.d1()[i], 1e-9);
            assertEquals(second, nb.d2()[i], 1e-9);
        }
        assertThrows(ParameterException.class, () -> Memorization.nearestTwo(gen, train, new int[m], 0, Progress.NONE));
        assertThrows(ParameterException.class, () -> Memorization.nearestTwo(gaussian(2, 3, 1), train, Progress.NONE));
        assertEquals(Math.sqrt(0.25 / 100), Memorization.standardError(0.5, 100), 1e-15);
    }

    static double dist(DMatrixRMaj a, int i, DMatrixRMaj b, int j) {
        double s = 0;
        for (int q = 0; q < a.numCols; q++) {
            double v = a.get(i, q) - b.get(j, q);
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
