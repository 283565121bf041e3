package org.diffdyn.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.EdmHeunSampler;
import org.diffdyn.core.schedule.EdmSchedule;
import org.diffdyn.nets.DiffusionNet;
import org.diffdyn.nets.Objectives;
import org.diffdyn.nets.Torch;
import org.diffdyn.nets.Training;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Throughput of the DJL networks (CPU presets, 28×28 images, 2 threads): EDM training steps at batch 256 of the MLP-UNet
 * and of the convolutional U-Net, and Heun sampling of 256 images (MLP: 20 steps = 39 evaluations; CNN: 5 steps = 9
 * evaluations, to keep the run short). {@link #main} runs these benchmarks and then the same architectures in PyTorch
 * from Python ({@code src/test/python/nets_bench.py}, Debian's python3-torch, {@code torch.set_num_threads(2)}) in the
 * same process run, and prints images/s side by side with the ratio diffdyn/PyTorch.
 * Run: {@code java -cp target/test-classes:target/classes:<deps> org.diffdyn.bench.NetsBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class NetsBench {
    static final int BATCH = 256, N = 1000, STEPS = 2;
    DiffusionNet mlp, cnn;
    float[] data;

    @Setup(Level.Trial)
    public void setUp() {
        Torch.threads(2);
        Rng rng = new Rng(1);
        data = new float[N * 784];
        for (int i = 0; i < data.length; i++) data[i] = (float) rng.gaussian();
        mlp = DiffusionNet.build(DiffusionNet.Kind.MLP, DiffusionNet.Preset.CPU, new int[] {784}, Torch.Device.CPU, 1)
                .chunk(BATCH);
        cnn = DiffusionNet.build(
                        DiffusionNet.Kind.CNN, DiffusionNet.Preset.CPU, new int[] {1, 28, 28}, Torch.Device.CPU, 1)
                .chunk(BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mlp.close();
        cnn.close();
    }

    static void train(DiffusionNet net, float[] data) {
        Training.train(
                net,
                Objectives.edm(),
                data,
                N,
                Training.Config.of(net.step() + STEPS, BATCH, 1e-4, 1),
                Progress.NONE,
                null);
    }

    /** One EDM training step of the MLP-UNet at batch 256 (average over 2). */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void mlpTrain() {
        train(mlp, data);
    }

    /** One EDM training step of the conv U-Net at batch 256 (average over 2). */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void cnnTrain() {
        train(cnn, data);
    }

    /** 256 samples, 20 Heun steps, MLP-UNet. */
    @Benchmark
    public Object mlpSample() {
        return mlp.sample(BATCH, EdmHeunSampler.standard(), 2, Progress.NONE);
    }

    /** 256 samples, 5 Heun steps, conv U-Net. */
    @Benchmark
    public Object cnnSample() {
        return cnn.sample(BATCH, EdmHeunSampler.karras(EdmSchedule.standard(), 5, 7), 2, Progress.NONE);
    }

    public static void main(String[] args) throws Exception {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                        .include(NetsBench.class.getSimpleName())
                        .warmupIterations(1)
                        .measurementIterations(3)
                        .build())
                .run();
        Map<String, Double> diffdyn = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            double ms = r.getPrimaryResult().getScore();
            diffdyn.put(name, BATCH / (ms / 1000)); // images per second: a step or a sampling call handles 256 images
        }
        Map<String, Double> torch = new LinkedHashMap<>();
        Process p = new ProcessBuilder(
                        "/usr/bin/python3", "src/test/python/nets_bench.py", "--iterations", "1", "--steps", "2")
                .redirectErrorStream(true)
                .start();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3 && f[0].equals("torch")) torch.merge(f[1], Double.parseDouble(f[2]), Math::max);
                else System.out.println(line);
            }
        }
        p.waitFor();
        System.out.printf(
                Locale.ROOT,
                "%nload average before: %s; after: %s%n",
                load,
                Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.printf(Locale.ROOT, "%-10s %14s %14s %8s%n", "benchmark", "diffdyn img/s", "PyTorch img/s", "ratio");
        for (var e : diffdyn.entrySet()) {
            Double t = torch.get(e.getKey());
            System.out.printf(
                    Locale.ROOT,
                    "%-10s %14.1f %14s %8s%n",
                    e.getKey(),
                    e.getValue(),
                    t == null ? "-" : String.format(Locale.ROOT, "%.1f", t),
                    t == null ? "-" : String.format(Locale.ROOT, "%.2f", e.getValue() / t));
        }
    }
}
