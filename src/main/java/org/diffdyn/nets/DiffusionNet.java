package org.diffdyn.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Locale;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;
import org.diffdyn.core.progress.Progress;
import org.diffdyn.core.random.Rng;
import org.diffdyn.core.sampling.EdmHeunSampler;
import org.ejml.data.DMatrixRMaj;

/**
 * A denoiser D(x; σ) for EDM sampling: an MLP-UNet or a convolutional U-Net inside Karras et al.'s preconditioning, or
 * paper A's per-level linear denoiser. It implements the core sampler's {@link EdmHeunSampler.BatchDenoiser} through
 * {@link #denoiser()}, so networks and the linear theory share the one Heun sampler.
 *
 * <p>Preconditioning (EDM, Karras et al. 2022, Table 1; linear-diffusion.md §2.2.12, QUOTED):
 * D(x; σ) = c_skip x + c_out F(c_in x; c_noise) with c_skip = σ_d²/(σ² + σ_d²), c_out = σσ_d/√(σ² + σ_d²),
 * c_in = 1/√(σ² + σ_d²), c_noise = ln(σ)/4, σ_d = {@link #sigmaData()} (0.5 by default).
 */
public final class DiffusionNet extends Network {
    /** The architecture. Text form: lower-case name. */
    public enum Kind {
        /** {@link MlpUNet} on the flattened sample. */
        MLP,
        /** {@link ConvUNet} on (C, H, W) images. */
        CNN,
        /** {@link LinearDenoiser} on the flattened sample, one (W, b) per noise level of the sampler. */
        LINEAR;

        public static Kind parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new ParameterException("net", s, "mlp, cnn or linear");
            }
        }
    }

    /** Size preset: CPU-sized default or the papers' size. */
    public enum Preset {
        CPU,
        PAPER
    }

    private final Kind kind;
    private final double sigmaData;
    private int chunk = 512;

    private DiffusionNet(
            Kind kind, Module module, Shape sampleShape, double sigmaData, Torch.Device device, long seed) {
        super(module, sampleShape, device, seed);
        this.kind = kind;
        this.sigmaData = sigmaData;
    }

    /**
     * A network for data of shape {@code dataShape} ({d} for vectors, {C, H, W} for images; the MLP flattens images).
     * LINEAR uses the noise levels of {@link EdmHeunSampler#standard()} (without the final 0).
     */
    public static DiffusionNet build(Kind kind, Preset preset, int[] dataShape, Torch.Device device, long seed) {
        return build(kind, preset, dataShape, 0.5, device, seed);
    }

    public static DiffusionNet build(
            Kind kind, Preset preset, int[] dataShape, double sigmaData, Torch.Device device, long seed) {
        if (kind == null) throw new ParameterException("net", "null", "mlp, cnn or linear");
        if (preset == null) throw new ParameterException("preset", "null", "cpu or paper");
        Check.positive("sigmaData", sigmaData);
        if (dataShape.length != 1 && dataShape.length != 3)
            throw new ParameterException("data shape", Arrays.toString(dataShape), "{d} or {channels, height, width}");
        for (int s : dataShape) Check.positive("data shape entry", s);
        int d = Arrays.stream(dataShape).reduce(1, (a, b) -> a * b);
        Shape flat = new Shape(d);
        return switch (kind) {
            case MLP -> new DiffusionNet(
                    kind,
                    new MlpUNet(d, preset == Preset.PAPER ? MlpUNet.Preset.PAPER : MlpUNet.Preset.CPU),
                    flat,
                    sigmaData,
                    device,
                    seed);
            case CNN -> {
                if (dataShape.length != 3)
                    throw new ParameterException(
                            "data shape", Arrays.toString(dataShape), "{channels, height, width} for net=cnn");
                yield new DiffusionNet(
                        kind,
                        new ConvUNet(
                                dataShape[0],
                                dataShape[1],
                                dataShape[2],
                                preset == Preset.PAPER ? ConvUNet.Preset.PAPER : ConvUNet.Preset.CPU),
                        new Shape(dataShape[0], dataShape[1], dataShape[2]),
                        sigmaData,
                        device,
                        seed);
            }
            case LINEAR -> linear(d, positiveLevels(EdmHeunSampler.standard().levels()), device, seed);
        };
    }

    /** A network with a custom backbone (an {@link MlpUNet} or {@link ConvUNet} of any size) inside the preconditioning. */
    public static DiffusionNet of(
            Kind kind, Module backbone, int[] sampleShape, double sigmaData, Torch.Device device, long seed) {
        long[] s = Arrays.stream(sampleShape).asLongStream().toArray();
        return new DiffusionNet(kind, backbone, new Shape(s), sigmaData, device, seed);
    }

    /** Paper A's linear denoiser on the given noise levels (positive). */
    public static DiffusionNet linear(int d, double[] levels, Torch.Device device, long seed) {
        return new DiffusionNet(Kind.LINEAR, new LinearDenoiser(d, levels), new Shape(d), 0.5, device, seed);
    }

    static double[] positiveLevels(double[] levels) {
        return Arrays.stream(levels).filter(s -> s > 0).toArray();
    }

    public Kind kind() {
        return kind;
    }

    public double sigmaData() {
        return sigmaData;
    }

    /** Rows per forward call when sampling (memory bound; default 512). */
    public DiffusionNet chunk(int rows) {
        chunk = Check.inRange("chunk", rows, 1, 1 << 20);
        return this;
    }

    /** D(x; σ) for a batch x (B, sample shape...) and σ (B), with the preconditioning (MLP, CNN). */
    public NDArray denoise(NDArray x, NDArray sigma, boolean training) {
        if (kind == Kind.LINEAR) throw new IllegalStateException("the linear denoiser is per level: use denoiseLevel");
        float sd2 = (float) (sigmaData * sigmaData);
        long[] bshape = new long[x.getShape().dimension()];
        Arrays.fill(bshape, 1);
        bshape[0] = -1;
        NDArray s = sigma.reshape(new Shape(bshape));
        NDArray s2 = s.square().add(sd2);
        NDArray cSkip = s2.getNDArrayInternal().rdiv(sd2);
        NDArray rs = s2.sqrt();
        NDArray cOut = s.mul((float) sigmaData).div(rs);
        NDArray cIn = rs.getNDArrayInternal().rdiv(1f);
        NDArray f = module.apply(x.mul(cIn), sigma.log().div(4f), training);
        return x.mul(cSkip).add(f.mul(cOut));
    }

    /** The linear denoiser at one noise level of its grid. */
    public NDArray denoiseLevel(NDArray x, double sigma) {
        LinearDenoiser lin = (LinearDenoiser) module;
        return lin.applyLevel(x, lin.level(sigma));
    }

    /** The core sampler's view of this network (weights as they are when called; rows in chunks). */
    public EdmHeunSampler.BatchDenoiser denoiser() {
        return (DMatrixRMaj x, double sigma) -> {
            int n = x.numRows, d = x.numCols;
            if (d != dim()) throw new ParameterException("sample dimension", d, "the network's dimension " + dim());
            DMatrixRMaj out = new DMatrixRMaj(n, d);
            for (int r0 = 0; r0 < n; r0 += chunk) {
                int rows = Math.min(chunk, n - r0);
                float[] buf = new float[rows * d];
                for (int i = 0; i < buf.length; i++) buf[i] = (float) x.data[r0 * d + i];
                float[] o;
                synchronized (Torch.RNG_LOCK) { // see Torch.RNG_LOCK: one network computation at a time per process
                    try (NDScope scope = new NDScope();
                            NDManager m = manager.newSubManager()) {
                        NDArray in = m.create(buf, new Shape(rows).addAll(sampleShape()));
                        NDArray res;
                        if (kind == Kind.LINEAR) res = denoiseLevel(in.reshape(rows, d), sigma);
                        else res = denoise(in, m.full(new Shape(rows), (float) sigma), false);
                        o = res.toFloatArray();
                    }
                }
                for (int i = 0; i < o.length; i++) out.data[r0 * d + i] = o[i];
            }
            return out;
        };
    }

    /** n samples (rows, flattened) with the given sampler, latents from a {@link Rng} seeded with {@code seed}. */
    public DMatrixRMaj sample(int n, EdmHeunSampler sampler, long seed, Progress progress) {
        return sampler.sample(denoiser(), n, dim(), new Rng(seed), progress);
    }

    /** n samples with the paper's sampler (20 Heun steps, ρ = 7, σ from 80 to 0.002). */
    public DMatrixRMaj sample(int n, long seed, Progress progress) {
        return sample(n, EdmHeunSampler.standard(), seed, progress);
    }
}
