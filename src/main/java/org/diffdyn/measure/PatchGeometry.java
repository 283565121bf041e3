package org.diffdyn.measure;

import org.diffdyn.core.Check;
import org.diffdyn.core.ParameterException;

/**
 * Square patches of a C×H×W image taken at every {@code stride}-th position without padding, each flattened in
 * (channel, row, column) order: the layout of the authors' {@code extract_patches} (PyTorch
 * {@code images.unfold(2, s, stride).unfold(3, s, stride)}, QUOTED from Animadversio/DiffusionLearningCurve,
 * {@code core/img_patch_stats_analysis_lib.py}). Positions per image: ((H − s)/stride + 1) × ((W − s)/stride + 1)
 * with integer division, as unfold drops a partial last window. A patch as large as the image is the whole image.
 *
 * <p>Images are rows of a matrix in channel-major (C, H, W) order, as {@link org.diffdyn.core.data.ImageDataset}
 * stores them (C = 1).
 */
public record PatchGeometry(int channels, int height, int width, int size, int stride) {

    public PatchGeometry {
        Check.positive("channels", channels);
        Check.positive("height", height);
        Check.positive("width", width);
        Check.positive("stride", stride);
        if (size < 1 || size > Math.min(height, width))
            throw new ParameterException(
                    "patch size",
                    size,
                    "an integer in [1, " + Math.min(height, width) + "] (the image is " + height + "x" + width + ")");
    }

    /** The whole image as one "patch" (the MLP analysis: full-image covariance). */
    public static PatchGeometry wholeImage(int channels, int height, int width) {
        if (height != width)
            throw new ParameterException("image", height + "x" + width, "a square image for the whole-image geometry");
        return new PatchGeometry(channels, height, width, height, 1);
    }

    /** Plain d-vectors (no image structure): d channels of a 1×1 image, one "patch" per vector. */
    public static PatchGeometry vector(int d) {
        return new PatchGeometry(d, 1, 1, 1, 1);
    }

    /** Patch positions along the rows. */
    public int rowPositions() {
        return (height - size) / stride + 1;
    }

    /** Patch positions along the columns. */
    public int colPositions() {
        return (width - size) / stride + 1;
    }

    /** Patches per image. */
    public int positions() {
        return rowPositions() * colPositions();
    }

    /** Length of one flattened patch, C·s². */
    public int dimension() {
        return channels * size * size;
    }

    /** Pixels per image, C·H·W. */
    public int imageDimension() {
        return channels * height * width;
    }

    /**
     * Writes the patches of image {@code row} of {@code images} (row-major, one image per row) into {@code out}, one
     * patch per row starting at row {@code outRow}; patch order is row position major, as unfold + view produce.
     */
    public void extract(double[] images, int row, double[] out, int outRow) {
        int img = row * imageDimension(), p = dimension(), o = outRow * p;
        for (int pi = 0; pi < rowPositions(); pi++)
            for (int pj = 0; pj < colPositions(); pj++) {
                int r0 = pi * stride, c0 = pj * stride;
                for (int c = 0; c < channels; c++)
                    for (int i = 0; i < size; i++) {
                        int src = img + c * height * width + (r0 + i) * width + c0;
                        System.arraycopy(images, src, out, o, size);
                        o += size;
                    }
            }
    }

    @Override
    public String toString() {
        return size == height && size == width
                ? "whole image " + channels + "x" + height + "x" + width
                : "patch " + size + "x" + size + " stride " + stride;
    }
}
