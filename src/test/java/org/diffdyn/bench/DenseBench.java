package org.diffdyn.bench;

import java.util.concurrent.TimeUnit;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.random.Rng;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The O(n³) seam: netlib (OpenBLAS when installed) against EJML for the same operations. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DenseBench {
    @Param({"500", "1000"})
    public int n;

    private DMatrixRMaj a;
    private DMatrixRMaj b;
    private DMatrixRMaj sym;

    @Setup
    public void setup() {
        Rng rng = new Rng(1);
        a = new DMatrixRMaj(n, n, true, rng.gaussianMatrix(n, n));
        b = new DMatrixRMaj(n, n, true, rng.gaussianMatrix(n, n));
        sym = Dense.gram(a, n);
    }

    @Benchmark
    public SymmetricEigen eighSeam() {
        return Dense.eigh(sym);
    }

    @Benchmark
    public boolean eighEjml() {
        EigenDecomposition_F64<DMatrixRMaj> e = DecompositionFactory_DDRM.eig(n, true, true);
        return e.decompose(sym.copy());
    }

    @Benchmark
    public DMatrixRMaj dgemmSeam() {
        return Dense.multiply(a, b);
    }

    @Benchmark
    public DMatrixRMaj dgemmEjml() {
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(a, b, c);
        return c;
    }
}
