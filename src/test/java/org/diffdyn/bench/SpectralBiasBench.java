package org.diffdyn.bench;

import java.util.concurrent.TimeUnit;
import org.diffdyn.core.numeric.Grids;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.spectralbias.EmergenceTimes;
import org.diffdyn.spectralbias.GeneratedVariance;
import org.diffdyn.spectralbias.TwoLayerDynamics;
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
 * Paper A performance targets (single thread): all analytic generated-variance curves for d = 3072 modes × 1000
 * training times within 0.5 s, and the emergence-time power-law fit for d = 3072 within 1 s.
 * Run: {@code java -cp target/test-classes:target/classes:<deps> org.diffdyn.bench.SpectralBiasBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(1)
public class SpectralBiasBench {
    static final double S0 = 0.002, ST = 80;
    double[] lambdas;
    double[] taus;

    @Setup
    public void setUp() {
        lambdas = Spectrum.logNormal(3072, 1).values(); // CIFAR-sized spectrum, Tr/d = 1
        taus = Grids.logspace(-4, 3, 1000);
    }

    /** Prop. 4.2 for 3072 modes × 1000 times. */
    @Benchmark
    public double[][] oneLayerCurves() {
        return GeneratedVariance.oneLayerLog(lambdas, 0.1, 1, taus, S0, ST);
    }

    /** Prop. 5.1 for 3072 modes × 1000 times. */
    @Benchmark
    public double[][] twoLayerCurves() {
        return TwoLayerDynamics.generatedLog(lambdas, 0.1, 1, taus, S0, ST);
    }

    /** Both models: "all analytic curves". */
    @Benchmark
    public double allCurves() {
        return GeneratedVariance.oneLayerLog(lambdas, 0.1, 1, taus, S0, ST)[999][0]
                + TwoLayerDynamics.generatedLog(lambdas, 0.1, 1, taus, S0, ST)[999][0];
    }

    /** The authors' procedure end to end: curves, smoothing, first crossing, OLS fit. */
    @Benchmark
    public EmergenceTimes.PowerLawFit emergenceFitSmoothed() {
        EmergenceTimes.Emergence[] e = EmergenceTimes.smoothedFirstCrossings(
                taus,
                GeneratedVariance.oneLayerLog(lambdas, 0.1, 1, taus, S0, ST),
                lambdas,
                EmergenceTimes.Threshold.GEOMETRIC,
                2);
        double[] t = new double[e.length];
        for (int k = 0; k < e.length; k++) t[k] = e[k].tau();
        return EmergenceTimes.fit(lambdas, t);
    }

    /** Exact root finding for every mode, then the fit. */
    @Benchmark
    public EmergenceTimes.PowerLawFit emergenceFitExact() {
        double[] t = new double[lambdas.length];
        for (int k = 0; k < lambdas.length; k++)
            t[k] = EmergenceTimes.oneLayer(lambdas[k], 0.1, 1, EmergenceTimes.Threshold.GEOMETRIC, S0, ST)
                    .tau();
        return EmergenceTimes.fit(lambdas, t);
    }

    /**
     * Runs the JMH benchmarks, then (argument "cpu", or alone with "cpu-only") the same operations timed by thread CPU
     * time, which a shared, loaded machine distorts much less than wall time.
     */
    public static void main(String[] args) throws Exception {
        boolean cpuOnly = args.length > 0 && args[0].equals("cpu-only");
        if (!cpuOnly)
            new Runner(new OptionsBuilder()
                            .include(SpectralBiasBench.class.getSimpleName())
                            .jvmArgsAppend("-XX:ActiveProcessorCount=1")
                            .build())
                    .run();
        if (cpuOnly || (args.length > 0 && args[0].equals("cpu"))) {
            SpectralBiasBench b = new SpectralBiasBench();
            b.setUp();
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            String[] names = {
                "oneLayerCurves", "twoLayerCurves", "allCurves", "emergenceFitSmoothed", "emergenceFitExact"
            };
            Runnable[] ops = {
                b::oneLayerCurves, b::twoLayerCurves, b::allCurves, b::emergenceFitSmoothed, b::emergenceFitExact
            };
            for (int i = 0; i < ops.length; i++) {
                for (int w = 0; w < 3; w++) ops[i].run();
                double best = Double.MAX_VALUE;
                for (int r = 0; r < 5; r++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    ops[i].run();
                    best = Math.min(best, (mx.getCurrentThreadCpuTime() - t0) / 1e6);
                }
                System.out.printf("%-22s best CPU time %8.1f ms%n", names[i], best);
            }
        }
    }
}
