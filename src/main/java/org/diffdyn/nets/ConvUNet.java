package org.diffdyn.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;

/**
 * A convolutional U-Net in the style of EDM's {@code SongUNet} (Karras et al. 2022, DDPM++ configuration; paper A's
 * CNN experiments, linear-diffusion.md §2.2.12): a positional embedding of the noise label mapped by two dense layers
 * to a 4·C embedding; an encoder of residual blocks per resolution level (GroupNorm → SiLU → 3×3 conv, plus an
 * embedding-dependent channel shift, GroupNorm → SiLU → 3×3 conv, residual with a 1×1 conv when channels change,
 * scaled by 1/√2) with 2×2 average-pool down-sampling; a middle of two blocks; a decoder that concatenates the
 * encoder's skip activations and up-samples by nearest neighbour; single-head self-attention at one resolution.
 * Simplifications against SongUNet (DERIVED, stated): down/up-sampling by pooling and nearest neighbour instead of
 * resampling filters inside the blocks, no dropout, additive (not adaptive-scale) embedding, default init.
 */
public final class ConvUNet extends Module {
    /** Size presets. */
    public enum Preset {
        /** 32 channels, levels 1-2, one block per level, no attention. */
        CPU(32, new int[] {1, 2}, 1, 0),
        /** The authors' size: model_channels 128, channel_mult 1-2-2-2, two blocks per level, attention at 8×8. */
        PAPER(128, new int[] {1, 2, 2, 2}, 2, 8);
        public final int channels, blocks, attentionResolution;
        private final int[] mult;

        Preset(int channels, int[] mult, int blocks, int attentionResolution) {
            this.channels = channels;
            this.mult = mult;
            this.blocks = blocks;
            this.attentionResolution = attentionResolution;
        }

        public int[] mult() {
            return mult.clone();
        }
    }

    static int groups(int channels) {
        return Math.max(1, Math.min(32, channels / 4));
    }

    /** Residual block with an additive embedding shift. */
    static final class Res extends Module {
        final Layers.GroupNorm gn0, gn1;
        final Layers.Conv conv0, conv1, skip;
        final Layers.Dense affine;
        final int out;

        Res(int in, int out, int emb) {
            this.out = out;
            gn0 = child("gn0", new Layers.GroupNorm(groups(in), in));
            conv0 = child("conv0", new Layers.Conv(in, out, 3));
            affine = child("affine", new Layers.Dense(emb, out));
            gn1 = child("gn1", new Layers.GroupNorm(groups(out), out));
            conv1 = child("conv1", new Layers.Conv(out, out, 3));
            skip = in == out ? null : child("skip", new Layers.Conv(in, out, 1));
        }

        @Override
        public NDArray apply(NDArray x, NDArray emb, boolean training) {
            NDArray h = conv0.apply(silu(gn0.apply(x, null, training)), null, training);
            h = h.add(affine.apply(emb, null, training).reshape(-1, out, 1, 1));
            h = conv1.apply(silu(gn1.apply(h, null, training)), null, training);
            return scale(h.add(skip == null ? x : skip.apply(x, null, training)), (float) Math.sqrt(0.5));
        }
    }

    /** Single-head self-attention over the pixels, residual, scaled by 1/√2. */
    static final class Attention extends Module {
        final Layers.GroupNorm gn;
        final Layers.Conv qkv, proj;
        final int ch;

        Attention(int ch) {
            this.ch = ch;
            gn = child("gn", new Layers.GroupNorm(groups(ch), ch));
            qkv = child("qkv", new Layers.Conv(ch, 3 * ch, 1));
            proj = child("proj", new Layers.Conv(ch, ch, 1));
        }

        @Override
        public NDArray apply(NDArray x, NDArray emb, boolean training) {
            Shape s = x.getShape();
            long b = s.get(0), hw = s.get(2) * s.get(3);
            NDList p = qkv.apply(gn.apply(x, null, training), null, training)
                    .reshape(b, 3 * ch, hw)
                    .split(3, 1);
            NDArray w = scale(p.get(0).transpose(0, 2, 1).batchMatMul(p.get(1)), (float) (1 / Math.sqrt(ch)))
                    .softmax(2); // (B, HW, HW)
            NDArray a = p.get(2).batchMatMul(w.transpose(0, 2, 1)).reshape(s);
            return scale(x.add(proj.apply(a, null, training)), (float) Math.sqrt(0.5));
        }
    }

    private final Layers.Fourier embed;
    private final Layers.Dense map0, map1;
    private final Layers.Conv in, out;
    private final Layers.GroupNorm outNorm;
    private final Res[][] enc, dec;
    private final Attention[][] encAttn, decAttn;
    private final Res mid0, mid1;
    private final Attention midAttn;
    private final int levels;
    private final Shape imageShape;

    /**
     * @param channels            C, channels of the first level
     * @param mult                channel multiplier per level (resolution halves between levels)
     * @param blocks              residual blocks per level in the encoder (the decoder has one more)
     * @param attentionResolution side length at which self-attention is applied, 0 for none
     */
    public ConvUNet(
            int imageChannels, int height, int width, int channels, int[] mult, int blocks, int attentionResolution) {
        Check.inRange("image channels", imageChannels, 1, 64);
        Check.positive("height", height);
        Check.positive("width", width);
        Check.inRange("channels", channels, 4, 4096);
        Check.inRange("blocks", blocks, 1, 16);
        if (mult.length == 0)
            throw new ParameterException("channel multipliers", Arrays.toString(mult), "at least one level");
        for (int m : mult) Check.inRange("channel multiplier", m, 1, 64);
        levels = mult.length;
        int f = 1 << (levels - 1);
        if (height % f != 0 || width % f != 0)
            throw new ParameterException(
                    "image size",
                    height + "x" + width,
                    "sides divisible by " + f + " for " + levels + " levels",
                    "pad the images (e.g. 28 -> 32) or use fewer levels");
        imageShape = new Shape(imageChannels, height, width);
        int emb = 4 * channels;
        embed = child("embed", Layers.Fourier.positional(channels / 2));
        map0 = child("map0", new Layers.Dense(channels, emb));
        map1 = child("map1", new Layers.Dense(emb, emb));
        in = child("in", new Layers.Conv(imageChannels, channels, 3));
        Deque<Integer> skips = new ArrayDeque<>();
        skips.push(channels);
        int cur = channels, res = Math.min(height, width);
        enc = new Res[levels][blocks];
        encAttn = new Attention[levels][blocks];
        for (int l = 0; l < levels; l++) {
            for (int b = 0; b < blocks; b++) {
                enc[l][b] = child("enc" + l + "_" + b, new Res(cur, channels * mult[l], emb));
                cur = channels * mult[l];
                if (res == attentionResolution)
                    encAttn[l][b] = child("enc" + l + "_" + b + "_attn", new Attention(cur));
                skips.push(cur);
            }
            if (l < levels - 1) {
                res /= 2;
                skips.push(cur);
            }
        }
        mid0 = child("mid0", new Res(cur, cur, emb));
        midAttn = attentionResolution > 0 ? child("midAttn", new Attention(cur)) : null;
        mid1 = child("mid1", new Res(cur, cur, emb));
        dec = new Res[levels][blocks + 1];
        decAttn = new Attention[levels][blocks + 1];
        for (int l = levels - 1; l >= 0; l--) {
            for (int b = 0; b <= blocks; b++) {
                dec[l][b] = child("dec" + l + "_" + b, new Res(cur + skips.pop(), channels * mult[l], emb));
                cur = channels * mult[l];
                if (res == attentionResolution)
                    decAttn[l][b] = child("dec" + l + "_" + b + "_attn", new Attention(cur));
            }
            if (l > 0) res *= 2;
        }
        outNorm = child("outNorm", new Layers.GroupNorm(groups(cur), cur));
        out = child("out", new Layers.Conv(cur, imageChannels, 3));
    }

    public ConvUNet(int imageChannels, int height, int width, Preset preset) {
        this(imageChannels, height, width, preset.channels, preset.mult, preset.blocks, preset.attentionResolution);
    }

    /** Per-sample shape (C, H, W). */
    public Shape imageShape() {
        return imageShape;
    }

    private static final Shape POOL = new Shape(2, 2);

    /** x: (B, C, H, W); noise label c: (B). */
    @Override
    public NDArray apply(NDArray x, NDArray c, boolean training) {
        NDArray emb =
                silu(map1.apply(silu(map0.apply(embed.apply(c, null, training), null, training)), null, training));
        Deque<NDArray> skips = new ArrayDeque<>();
        NDArray h = in.apply(x, null, training);
        skips.push(h);
        for (int l = 0; l < levels; l++) {
            for (int b = 0; b < enc[l].length; b++) {
                h = enc[l][b].apply(h, emb, training);
                if (encAttn[l][b] != null) h = encAttn[l][b].apply(h, null, training);
                skips.push(h);
            }
            if (l < levels - 1) {
                h = Pool.avgPool2d(h, POOL, POOL, new Shape(0, 0), false, true);
                skips.push(h);
            }
        }
        h = mid0.apply(h, emb, training);
        if (midAttn != null) h = midAttn.apply(h, null, training);
        h = mid1.apply(h, emb, training);
        for (int l = levels - 1; l >= 0; l--) {
            for (int b = 0; b < dec[l].length; b++) {
                h = dec[l][b].apply(NDArrays.concat(new NDList(h, skips.pop()), 1), emb, training);
                if (decAttn[l][b] != null) h = decAttn[l][b].apply(h, null, training);
            }
            if (l > 0) h = h.repeat(2, 2).repeat(3, 2);
        }
        return out.apply(silu(outNorm.apply(h, null, training)), null, training);
    }
}
