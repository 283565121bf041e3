package org.diffdyn.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.diffdyn.core.Check;

/**
 * The residual MLP backbone of paper A's image experiments (linear-diffusion.md §2.2.12, QUOTED: the authors'
 * {@code UNetBlockStyleMLP_backbone}): a Gaussian-Fourier embedding of the noise label (scale 1), then
 * {@code layers − 1} residual blocks and a final linear map back to the data dimension. A block maps
 * x ↦ fc1(SiLU(shift + (1 + scale)·LN(fc0(SiLU(LN(x)))))) + skip(x), with (scale, shift) an affine function of the
 * embedding and skip the identity or, when the width changes, a linear map. The input is the flattened image.
 */
public final class MlpUNet extends Module {
    /** Size presets: {@link #CPU} trains in minutes on 2 cores; {@link #PAPER} is the authors' image configuration. */
    public enum Preset {
        /** 5 layers, width 256, time embedding 128. */
        CPU(5, 256, 128),
        /** The paper's size: 8 layers, width 3072, time embedding 128 (linear-diffusion.md §2.2.12, QUOTED). */
        PAPER(8, 3072, 128);
        public final int layers, width, timeEmbedding;

        Preset(int layers, int width, int timeEmbedding) {
            this.layers = layers;
            this.width = width;
            this.timeEmbedding = timeEmbedding;
        }
    }

    /** One residual block with adaptive scale and shift from the time embedding. */
    static final class Block extends Module {
        final Layers.Norm norm0, norm1;
        final Layers.Dense fc0, fc1, affine, skip;
        final int out;

        Block(int in, int out, int emb) {
            this.out = out;
            norm0 = child("norm0", new Layers.Norm(in));
            fc0 = child("fc0", new Layers.Dense(in, out));
            affine = child("affine", new Layers.Dense(emb, 2 * out));
            norm1 = child("norm1", new Layers.Norm(out));
            fc1 = child("fc1", new Layers.Dense(out, out));
            skip = in == out ? null : child("skip", new Layers.Dense(in, out));
        }

        @Override
        public NDArray apply(NDArray x, NDArray emb, boolean training) {
            NDArray h = fc0.apply(silu(norm0.apply(x, null, training)), null, training);
            NDList p = affine.apply(emb, null, training).split(2, 1);
            h = silu(norm1.apply(h, null, training).mul(p.get(0).add(1f)).add(p.get(1)));
            h = fc1.apply(h, null, training);
            return h.add(skip == null ? x : skip.apply(x, null, training));
        }
    }

    private final Layers.Fourier embed;
    private final Block[] blocks;
    private final Layers.Dense head;
    private final int dim;

    /** @param dim data dimension; layers ≥ 2 (layers − 1 blocks and the head), width and timeEmbedding even for the latter */
    public MlpUNet(int dim, int layers, int width, int timeEmbedding) {
        Check.positive("dimension", dim);
        Check.inRange("layers", layers, 2, 64);
        Check.inRange("width", width, 1, 1 << 16);
        Check.inRange("time embedding", timeEmbedding, 2, 1 << 14);
        if (timeEmbedding % 2 != 0)
            throw new org.diffdyn.core.ParameterException("time embedding", timeEmbedding, "an even number");
        this.dim = dim;
        embed = child("embed", new Layers.Fourier(timeEmbedding / 2, 1f));
        blocks = new Block[layers - 1];
        for (int i = 0; i < blocks.length; i++)
            blocks[i] = child("block" + i, new Block(i == 0 ? dim : width, width, timeEmbedding));
        head = child("head", new Layers.Dense(width, dim));
    }

    public MlpUNet(int dim, Preset preset) {
        this(dim, preset.layers, preset.width, preset.timeEmbedding);
    }

    public int dim() {
        return dim;
    }

    /** x: (B, dim); noise label c: (B). */
    @Override
    public NDArray apply(NDArray x, NDArray c, boolean training) {
        NDArray emb = embed.apply(c, null, training);
        NDArray h = x;
        for (Block b : blocks) h = b.apply(h, emb, training);
        return head.apply(h, null, training);
    }
}
