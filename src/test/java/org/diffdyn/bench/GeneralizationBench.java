package org.diffdyn.bench;

import java.util.concurrent.TimeUnit;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.schedule.DdpmSchedule;
import org.diffdyn.core.spectra.Spectrum;
import org.diffdyn.generalization.EmpiricalModes;
import org.diffdyn.generalization.KlDivergence;
import org.diffdyn.generalization.LinearDenoiser;
import org.diffdyn.generalization.Training;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Paper B performance targets (brief §11): the KL sweep at d = 100 (10 N values × 10 draws, converged DDPM sampler)
 * within 1 s, and the loss-vs-τ sweep at d = 1000 (T = 1000, 71 τ values, one draw, N = 0.6d) within 5 s — each
 * including the data draws and the one eigendecomposition per draw.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GeneralizationBench {
    private Spectrum spectrum100;
    private Spectrum spectrum1000;
    private Training training;
    private Training ridgeTraining;
    private int[] ns;
    private double[] taus;

    @Setup
    public void setup() {
        spectrum100 = Spectrum.powerLaw(100, 1);
        spectrum1000 = Spectrum.powerLaw(1000, 1);
        training = Training.flow(DdpmSchedule.standard(), 0);
        ridgeTraining = Training.flow(DdpmSchedule.standard(), 1e-4);
        ns = new int[10];
        for (int i = 0; i < 10; i++) ns[i] = (int) Math.round(30 * Math.pow(5000 / 30.0, i / 9.0)); // 30 … 5000
        taus = org.diffdyn.core.numeric.Grids.geometric(0.1, 1e6, 71);
    }

    /** 10 N values (30 … 5000) × 10 draws: draw, Σ̂, eigendecomposition, B4 recursion, KL. */
    @Benchmark
    public double klSweepD100() {
        double sum = 0;
        Rng rng = new Rng(1);
        for (int n : ns)
            for (int j = 0; j < 10; j++)
                sum += KlDivergence.ofSampler(
                        EmpiricalModes.draw(spectrum100, n, rng.split()), ridgeTraining, Double.POSITIVE_INFINITY);
        return sum;
    }

    /** One draw at d = 1000, N = 600, then test/train losses at 71 τ values averaged over T = 1000 steps. */
    @Benchmark
    public double lossVsTauD1000() {
        EmpiricalModes m = EmpiricalModes.draw(spectrum1000, 600, new Rng(2));
        return LinearDenoiser.lossCurves(m, training, taus, Progress.NONE).test()[70];
    }

    /** The O(T n_τ d) part alone (after the eigendecomposition). */
    @Benchmark
    public double lossVsTauD1000SweepOnly() {
        return LinearDenoiser.lossCurves(modes1000(), training, taus, Progress.NONE)
                .test()[70];
    }

    private EmpiricalModes cached;

    private EmpiricalModes modes1000() {
        if (cached == null) cached = EmpiricalModes.draw(spectrum1000, 600, new Rng(2));
        return cached;
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                        .include(GeneralizationBench.class.getSimpleName())
                        .forks(1)
                        .warmupIterations(2)
                        .measurementIterations(3)
                        .build())
                .run();
    }
}
