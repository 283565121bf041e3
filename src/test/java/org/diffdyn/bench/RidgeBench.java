package org.diffdyn.bench;

import java.util.concurrent.TimeUnit;
import org.diffdyn.core.diffusion.OuProcess;
import org.diffdyn.core.diffusion.ScoreFunction;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.ReverseSampler;
import org.diffdyn.ridge.EmpiricalRidge;
import org.diffdyn.ridge.ModeConfigurations;
import org.diffdyn.ridge.RfRidgeTraining;
import org.diffdyn.ridge.RidgeDefinition;
import org.diffdyn.ridge.RidgeTracer;
import org.diffdyn.ridge.TimeEmbeddedRf;
import org.ejml.data.DMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Paper-D performance targets: the 2-D ridge of p̂_t on a 200 × 200 grid (13 training points) in ≤ 1 s, and
 * 2000 RF trajectories × 2000 reverse-SDE steps at p = 600 in ≤ 30 s on 2 cores. Single-shot timings (each
 * operation is long). Run: {@code java -cp target/test-classes:target/classes:<deps> org.diffdyn.bench.RidgeBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class RidgeBench {
    private EmpiricalRidge ridge13;
    private ScoreFunction rfScore;
    private double[] grid;
    private DMatrixRMaj latents;

    @Setup(Level.Trial)
    public void setUp() {
        ridge13 = new EmpiricalRidge(ModeConfigurations.points("13", 13), 0.2, RidgeDefinition.curve());
        Rng rng = new Rng(1);
        DMatrixRMaj x0 = ModeConfigurations.points("pm3");
        TimeEmbeddedRf rf = TimeEmbeddedRf.random(2, 600, 48, 10, rng);
        RfRidgeTraining.Quadrature q =
                RfRidgeTraining.quadrature(RfRidgeTraining.TimeGrid.GEOMETRIC_TRAPEZOID, 1e-3, 10, 40);
        RfRidgeTraining.Moments m = RfRidgeTraining.moments(rf, x0, q, 20, rng, Progress.NONE);
        RfRidgeTraining.Flow flow = new RfRidgeTraining.Flow(
                m, RfRidgeTraining.initialReadout(2, 600, rng), RfRidgeTraining.PinvFloor.AUTHORS);
        rfScore = rf.score(flow.weights(Double.POSITIVE_INFINITY));
        grid = OuProcess.geometricGrid(10, 1e-3, 2000);
        latents = DMatrixRMaj.wrap(20, 32, new Rng(3).gaussianMatrix(20, 32));
    }

    /** The D9 score network at the latent-ridge defaults: 1000 Adam steps, batch 128, D = 32, two hidden layers of 256. */
    @Benchmark
    public double scoreNetwork1000AdamSteps() {
        try (org.diffdyn.nets.ScoreNet net = new org.diffdyn.nets.ScoreNet(
                latents,
                new org.diffdyn.nets.ScoreNet.Config(
                        new int[] {256, 256}, org.diffdyn.core.rf.Activation.RELU, 32, 16, 128, 2e-3, 1e-3, 10, 0),
                4)) {
            return net.train(1000, Progress.NONE);
        }
    }

    @Benchmark
    public RidgeTracer.Scan ridgeGrid200x200() {
        return RidgeTracer.scan(ridge13, -5, 5, -5, 5, 200, 200, 0, Progress.NONE);
    }

    @Benchmark
    public ReverseSampler.Run rfSde2000x2000p600() {
        return ReverseSampler.run(ReverseSampler.Kind.SDE, rfScore, 2000, 2, grid, 0, new Rng(2), Progress.NONE);
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder()
                        .include(RidgeBench.class.getSimpleName())
                        .forks(1)
                        .warmupIterations(1)
                        .measurementIterations(3)
                        .build())
                .run();
    }
}
