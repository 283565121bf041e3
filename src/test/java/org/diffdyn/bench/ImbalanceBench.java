package org.diffdyn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.linalg.Dense;
import org.diffdyn.core.linalg.SymmetricEigen;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.rf.Activation;
import org.diffdyn.core.rf.FeatureMoments;
import org.diffdyn.core.rf.GradientFlow;
import org.diffdyn.core.rf.Observable;
import org.diffdyn.core.rf.RandomFeatures;
import org.diffdyn.imbalance.CentroidGeometry;
import org.diffdyn.imbalance.ClassMixture;
import org.diffdyn.imbalance.Speciation;
import org.ejml.data.DMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Paper-C performance targets: exact-average U at n = 128, p = 1024, d = 32 (≤ 5 s on 2 cores); 400-τ curves of
 * 6 observables at p = 1024 (≤ 3 s, eigendecomposition done once beforehand, timed separately); the speciation
 * quadrature (instant); the 1-D cloning simulation with 20 000 trajectories, 3000 steps, 15 branch times (≤ 10 s).
 * Run: {@code java -cp target/test-classes:target/classes:<deps> org.diffdyn.bench.ImbalanceBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(1)
public class ImbalanceBench {
    private RandomFeatures rf;
    private DMatrixRMaj x0;
    private FeatureMoments moments;
    private SymmetricEigen eigen;
    private List<Observable> observables;
    private double[] taus;

    @Setup
    public void setup() {
        Rng rng = new Rng(1);
        ClassMixture mix = new ClassMixture(
                32,
                CentroidGeometry.ORTHOGONAL,
                new double[] {1, 1},
                new double[] {1, 0.5},
                new double[] {1, 1},
                rng.split());
        rf = RandomFeatures.draw(1024, 32, Activation.TANH, rng.split());
        x0 = mix.trainingSet(128, rng.split()).x();
        moments = FeatureMoments.exact(rf, x0, 0.1);
        eigen = Dense.eigh(moments.u());
        observables = new ArrayList<>();
        for (int i = 0; i < 6; i++) observables.add(Observable.dsmLoss("o" + i, moments, 0.1));
        taus = org.diffdyn.core.numeric.Grids.perDecade(1e-3, 1e7, 40); // 401 times
    }

    @Benchmark
    public FeatureMoments exactNoiseAverageU() {
        return FeatureMoments.exact(rf, x0, 0.1);
    }

    @Benchmark
    public SymmetricEigen eigendecompositionOfU() {
        return Dense.eigh(moments.u());
    }

    @Benchmark
    public double[][] curves400TimesSixObservables() {
        return new GradientFlow(eigen, moments.v(), 0.1).curves(observables, taus, Progress.NONE);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public double speciationQuadrature() {
        double thr = Speciation.balancedThreshold();
        return Speciation.cloneShift(0.9, false, thr) + Speciation.bayesShift(0.9, false);
    }

    @Benchmark
    public Speciation.CloneCount[] cloning1d20000() {
        double tS = Speciation.speciationTime(1024);
        double[] branches = new double[15];
        for (int b = 0; b < 15; b++) branches[b] = tS - 1.5 + 2.5 * b / 14;
        return Speciation.cloneOneDimensional(
                1024, 1, 0.9, 20_000, OuProcess.uniformGrid(12, 0, 3000), branches, 3, Progress.NONE);
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder()
                        .include(ImbalanceBench.class.getSimpleName())
                        .build())
                .run();
    }
}
