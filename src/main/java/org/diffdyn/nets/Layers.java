package org.diffdyn.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/** The building blocks of the networks: dense and convolution layers, layer and group norm, a Fourier time embedding. */
public final class Layers {
    private Layers() {}

    /** y = x Wᵀ + b on the last axis (PyTorch's {@code nn.Linear}). */
    public static final class Dense extends Module {
        final Parameter weight, bias;
        final int in, out;

        public Dense(int in, int out) {
            this.in = in;
            this.out = out;
            weight = param("weight", new Shape(out, in), fanIn(in), true);
            bias = param("bias", new Shape(out), fanIn(in), true);
        }

        @Override
        public NDArray apply(NDArray x, NDArray emb, boolean training) {
            return Linear.linear(x, weight.getArray(), bias.getArray()).singletonOrThrow();
        }
    }

    /**
     * A k×k convolution with padding k/2 (PyTorch's {@code nn.Conv2d(padding=k//2, stride=s)}): "same" size at stride 1,
     * ⌈H/s⌉ × ⌈W/s⌉ for odd k at stride s.
     */
    public static final class Conv extends Module {
        final Parameter weight, bias;
        final Shape stride, pad, dilation = new Shape(1, 1);

        public Conv(int in, int out, int k) {
            this(in, out, k, 1);
        }

        public Conv(int in, int out, int k, int stride) {
            org.diffdyn.core.Check.inRange("stride", stride, 1, k);
            weight = param("weight", new Shape(out, in, k, k), fanIn((long) in * k * k), true);
            bias = param("bias", new Shape(out), fanIn((long) in * k * k), true);
            pad = new Shape(k / 2, k / 2);
            this.stride = new Shape(stride, stride);
        }

        @Override
        public NDArray apply(NDArray x, NDArray emb, boolean training) {
            return Conv2d.conv2d(x, weight.getArray(), bias.getArray(), stride, pad, dilation, 1)
                    .singletonOrThrow();
        }
    }

    /** Layer normalisation over the last axis with a learned per-feature scale and shift (eps 1e-5). */
    public static final class Norm extends Module {
        final Parameter gamma, beta;
        final Shape shape;

        public Norm(int features) {
            shape = new Shape(features);
            gamma = param("gamma", shape, constant(1), true);
            beta = param("beta", shape, constant(0), true);
        }

        @Override
        public NDArray apply(NDArray x, NDArray emb, boolean training) {
            return LayerNorm.layerNorm(x, shape, gamma.getArray(), beta.getArray(), 1e-5f)
                    .singletonOrThrow();
        }
    }

    /**
     * Group normalisation of (B, C, H, W) with G groups and a per-channel scale and shift (eps 1e-5), as in EDM's
     * SongUNet; computed as one fused layer norm of (B, G, C/G·H·W) followed by the channel affine map.
     */
    public static final class GroupNorm extends Module {
        final Parameter gamma, beta;
        final int groups, channels;

        public GroupNorm(int groups, int channels) {
            if (channels % groups != 0)
                throw new org.diffdyn.core.ParameterException(
                        "channels", channels, "a multiple of the group count " + groups);
            this.groups = groups;
            this.channels = channels;
            gamma = param("gamma", new Shape(channels), constant(1), true);
            beta = param("beta", new Shape(channels), constant(0), true);
        }

        /** Unit scale and zero shift for the fused normalisation, per group size (kept for the network's lifetime). */
        private final java.util.Map<Long, NDArray[]> unit = new java.util.HashMap<>();

        @Override
        public NDArray apply(NDArray x, NDArray emb, boolean training) {
            Shape s = x.getShape();
            long rest = s.size() / (s.get(0) * groups);
            NDArray[] u = unit.computeIfAbsent(rest, r -> {
                ai.djl.ndarray.NDManager m = gamma.getArray().getManager();
                NDArray one = m.ones(new Shape(r)), zero = m.zeros(new Shape(r));
                ai.djl.ndarray.NDScope.unregister(one, zero);
                return new NDArray[] {one, zero};
            });
            // One fused layer_norm over each group (B, G, C/G·H·W), then the per-channel affine map.
            NDArray n = LayerNorm.layerNorm(x.reshape(s.get(0), groups, rest), new Shape(rest), u[0], u[1], 1e-5f)
                    .singletonOrThrow()
                    .reshape(s);
            return n.mul(gamma.getArray().reshape(1, channels, 1, 1))
                    .add(beta.getArray().reshape(1, channels, 1, 1));
        }
    }

    /**
     * Gaussian Fourier features of a scalar per row: [sin(2π c ω), cos(2π c ω)] with fixed ω ~ N(0, scale²), dimension
     * 2·half (the authors' {@code GaussianFourierProjection}, linear-diffusion.md §2.2.12, QUOTED).
     */
    public static final class Fourier extends Module {
        final Parameter omega;

        public Fourier(int half, float scale) {
            this(half, normal(scale));
        }

        private Fourier(int half, ai.djl.training.initializer.Initializer init) {
            omega = param("omega", new Shape(half), init, false);
        }

        /**
         * The transformer-style positional embedding of EDM's DDPM++ ({@code PositionalEmbedding}, QUOTED in
         * substance): frequencies (1/10000)^(i/half), i = 0 … half − 1, as cos/sin pairs (here sin first).
         */
        public static Fourier positional(int half) {
            return new Fourier(half, (ai.djl.ndarray.NDManager m, Shape s, ai.djl.ndarray.types.DataType t) -> {
                float[] f = new float[(int) s.get(0)];
                for (int i = 0; i < f.length; i++)
                    f[i] = (float) (Math.pow(1e-4, (double) i / f.length) / (2 * Math.PI));
                return m.create(f).toType(t, false);
            });
        }

        /** c: shape (B); returns (B, 2·half). */
        @Override
        public NDArray apply(NDArray c, NDArray emb, boolean training) {
            NDArray a = c.reshape(-1, 1).mul(omega.getArray().reshape(1, -1)).mul((float) (2 * Math.PI));
            return NDArrays.concat(new ai.djl.ndarray.NDList(a.sin(), a.cos()), 1);
        }
    }
}
