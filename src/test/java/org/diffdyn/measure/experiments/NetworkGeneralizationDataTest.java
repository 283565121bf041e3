package org.diffdyn.measure.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.data.Npy;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.experiment.ExperimentResult;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * network-generalization on a .npy the test writes (300 rows, d = 6, a non-zero mean and an anisotropic covariance):
 * the theory's Σ must be the data's covariance (computed here about the file's mean), held-out and training rows must
 * be the centred file rows, and the linear theory's KL at each N must be KL(N(0, G) ‖ N(0, Σ)) of the converged linear
 * model's law G = Û diag(λ̃(λ̂)) Ûᵀ on that N's training rows — evaluated here with a plain EJML eigendecomposition
 * and the closed form ½[tr Σ⁻¹G − d − ln det G + ln det Σ], not through the experiment's EmpiricalModes/KlDivergence.
 */
class NetworkGeneralizationDataTest {
    static final int N = 300, D = 6;

    static float[] write(Path file) throws Exception {
        Rng rng = new Rng(3);
        float[] x = new float[N * D];
        for (int i = 0; i < N; i++) {
            double z0 = rng.gaussian();
            for (int j = 0; j < D; j++)
                x[i * D + j] = (float) (3 + j + Math.pow(j + 1, -1) * rng.gaussian() + (j < 2 ? 0.8 * z0 : 0));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            Npy.write(out, x, N, D);
        }
        return x;
    }

    static NetworkGeneralizationBuilder small(String data) {
        return NetworksDsl.networkGeneralization()
                .net(NetParams.Net.MLP)
                .data(data)
                .ratios(2, 10)
                .steps(20)
                .samples(200)
                .eval(50)
                .batch(16)
                .width(16)
                .depth(2)
                .threads(1)
                .progress(Progress.NONE);
    }

    @Test
    void theoryUsesTheDataCovarianceAndTheDrawnRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.npy");
        float[] x = write(file);
        double[] mean = new double[D];
        for (int i = 0; i < N; i++) for (int j = 0; j < D; j++) mean[j] += x[i * D + j] / (double) N;
        DMatrixRMaj sigma = new DMatrixRMaj(D, D);
        for (int i = 0; i < N; i++)
            for (int a = 0; a < D; a++)
                for (int b = 0; b < D; b++) sigma.add(a, b, (x[i * D + a] - mean[a]) * (x[i * D + b] - mean[b]) / N);

        NetworkGeneralizationBuilder b = small("npy:" + file);
        NetworkGeneralization.Population pop = NetworkGeneralization.Population.of(b.params(), 1, Progress.NONE);
        assertEquals(D, pop.dimension());
        assertArrayEquals(sigma.data, pop.sigma().matrix().data, 1e-9, "Sigma = the data's covariance");
        assertEquals(50, pop.held().numRows);
        assertEquals(N - 50, pop.rows().numRows);
        // held-out and drawable rows together are the centred file rows (as a multiset; compare sorted first coords)
        double[] first = new double[N], expected = new double[N];
        for (int i = 0; i < N; i++) {
            expected[i] = x[i * D] - mean[0];
            first[i] = i < 50 ? pop.held().get(i, 0) : pop.rows().get(i - 50, 0);
        }
        Arrays.sort(first);
        Arrays.sort(expected);
        assertArrayEquals(expected, first, 1e-9);

        ExperimentResult r = b.run();
        Table t = r.table();
        Table theory = t.where(t.stringColumn("source").isEqualTo("linear theory"));
        assertEquals(2, theory.rowCount());
        for (int row = 0; row < 2; row++) {
            int n = theory.intColumn("N").get(row);
            assertEquals(Math.round(new double[] {2, 10}[row] * D), n);
            DMatrixRMaj xs = pop.draw(n, 1 + 1000L * n);
            assertEquals(n, xs.numRows);
            assertEquals(linearKl(xs, sigma), theory.doubleColumn("kl").get(row), 1e-8, "linear KL at N = " + n);
        }
        Table net = t.where(t.stringColumn("source").isEqualTo("mlp"));
        for (String col : new String[] {"test_loss", "train_loss", "kl"})
            for (double v : net.doubleColumn(col).asDoubleArray()) assertTrue(Double.isFinite(v), col + " = " + v);
    }

    /** KL(N(0, G) ‖ N(0, Σ)) for the converged linear model on the rows xs, by direct linear algebra. */
    static double linearKl(DMatrixRMaj xs, DMatrixRMaj sigma) {
        int n = xs.numRows, d = xs.numCols;
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(xs, xs, m);
        CommonOps_DDRM.scale(1.0 / n, m);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        assertTrue(eig.decompose(m));
        DMatrixRMaj g = new DMatrixRMaj(d, d);
        double logDetG = 0;
        for (int k = 0; k < d; k++) {
            double lh = Math.max(eig.getEigenvalue(k).getReal(), 0);
            // PF-ODE law of the converged linear denoiser: sigma_T^2 (lh + sigma_0^2) / (lh + sigma_T^2)
            double s0 = EdmSchedule.DEFAULT_SIGMA_MIN * EdmSchedule.DEFAULT_SIGMA_MIN,
                    sT = EdmSchedule.DEFAULT_SIGMA_MAX * EdmSchedule.DEFAULT_SIGMA_MAX;
            double v = sT * (lh + s0) / (lh + sT);
            logDetG += Math.log(v);
            DMatrixRMaj u = eig.getEigenVector(k);
            double nu = CommonOps_DDRM.dot(u, u);
            for (int a = 0; a < d; a++) for (int c = 0; c < d; c++) g.add(a, c, v * u.get(a) * u.get(c) / nu);
        }
        DMatrixRMaj inv = sigma.copy();
        assertTrue(CommonOps_DDRM.invert(inv));
        DMatrixRMaj prod = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(inv, g, prod);
        return 0.5 * (CommonOps_DDRM.trace(prod) - d - logDetG + Math.log(CommonOps_DDRM.det(sigma)));
    }

    @Test
    void gaussianDefaultIsTheHistoricalDraw() {
        // the default data (gaussian, d and k from their parameters) draws from exactly the Sigma of the former code
        NetworkGeneralization.Population pop = NetworkGeneralization.Population.of(
                NetworksDsl.networkGeneralization().d(12).k(1.5).params(), 7, Progress.NONE);
        NetData g = NetData.load("gaussian?d=12&spectrum=powerlaw&k=1.5", 2, 7);
        assertArrayEquals(g.population().matrix().data, pop.sigma().matrix().data, 0);
        assertArrayEquals(
                g.population().sample(24, new Rng(7 + 1000L * 24)).data, pop.draw(24, 7 + 1000L * 24).data, 0);
        assertArrayEquals(g.heldOut("", 2000, 7).images().data, pop.held().data, 0);
        // the source's own options win over d and k
        assertEquals(
                5,
                NetworkGeneralization.Population.of(
                                NetworksDsl.networkGeneralization()
                                        .data("gaussian?d=5")
                                        .d(12)
                                        .params(),
                                7,
                                Progress.NONE)
                        .dimension());
    }

    @Test
    void badDataNamesTheParameter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.npy");
        write(file);
        ParameterException e = assertThrows(
                ParameterException.class, () -> small("npy:" + file).ratios(50).run());
        assertEquals("ratios", e.parameter());
        // more features than rows: a singular covariance
        Path wide = dir.resolve("wide.npy");
        try (OutputStream out = Files.newOutputStream(wide)) {
            Npy.write(out, new float[4 * 10], 4, 10);
        }
        e = assertThrows(ParameterException.class, () -> small("npy:" + wide).run());
        assertEquals("data", e.parameter());
        assertTrue(e.getMessage().contains("wide.npy") && e.getMessage().contains("positive definite"), e.getMessage());
    }

    /** net=cnn gets the data's image shape (here a gaussian with d = 16 as 1x4x4 images) instead of flat vectors. */
    @Test
    void cnnTrainsOnImageShapedData() {
        ExperimentResult r = NetworksDsl.networkGeneralization()
                .net(NetParams.Net.CNN)
                .d(16)
                .ratios(2)
                .steps(5)
                .samples(50)
                .eval(50)
                .batch(16)
                .channels(4)
                .threads(1)
                .progress(Progress.NONE)
                .run();
        Table net = r.table().where(r.table().stringColumn("source").isEqualTo("cnn"));
        assertEquals(1, net.rowCount());
        assertTrue(Double.isFinite(net.doubleColumn("test_loss").get(0)), "finite test loss");
    }
}
