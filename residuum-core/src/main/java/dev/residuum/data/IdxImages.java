package dev.residuum.data;

import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;

/**
 * Grey-scale images as read from an IDX file: {@link #count()} images of {@link #rows()} x
 * {@link #cols()} unsigned-byte pixels, row-major, kept as bytes (one byte per pixel: the 60 000
 * Fashion-MNIST training images take 47 MB here, and 188 MB once converted to float32 by
 * {@link #toTensor}). Immutable.
 */
public final class IdxImages {
    private final int count;
    private final int rows;
    private final int cols;
    private final int fileCount;
    private final byte[] pixels;

    /**
     * @param pixels {@code count * rows * cols} bytes, owned from now on
     * @param fileCount images in the file ({@code count} is fewer when read with a limit)
     */
    IdxImages(int count, int rows, int cols, int fileCount, byte[] pixels) {
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("IdxImages: " + pixels.length + " bytes for " + count + " images of "
                    + rows + "x" + cols);
        }
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.fileCount = fileCount;
        this.pixels = pixels;
    }

    /** Number of images held (the first ones of the file). */
    public int count() {
        return count;
    }

    /** Number of images in the file; at least {@link #count()}. */
    public int fileCount() {
        return fileCount;
    }

    /** Height of each image. */
    public int rows() {
        return rows;
    }

    /** Width of each image. */
    public int cols() {
        return cols;
    }

    /**
     * One pixel, 0..255.
     *
     * @throws IndexOutOfBoundsException naming the index out of range
     */
    public int pixel(int image, int row, int col) {
        if (image < 0 || image >= count || row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("pixel(" + image + ", " + row + ", " + col + ") is outside "
                    + count + " images of " + rows + "x" + cols);
        }
        return pixels[(image * rows + row) * cols + col] & 0xff;
    }

    /**
     * The images as a float32 tensor {@code [count, 1, rows, cols]} (NCHW, one channel), each
     * pixel p mapped to {@code (p / 255 - mean) / std}, computed in float32 in that order, which
     * is bit for bit what PyTorch computes for {@code (x / 255.0 - mean) / std} on a float32
     * tensor. {@code toTensor(0, 1)} gives {@code p / 255} in [0, 1].
     *
     * @param mean subtracted after scaling to [0, 1]; finite
     * @param std divided by last; finite and positive
     * @return a new tensor (a leaf not requiring a gradient)
     * @throws IllegalArgumentException if mean or std is not allowed
     */
    public Tensor toTensor(float mean, float std) {
        float[] table = normalisation(mean, std);
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = table[pixels[i] & 0xff];
        }
        return Tensor.wrap(out, Shape.of(count, 1, rows, cols));
    }

    /** The normalised value of each byte value, so the loop above is a lookup. */
    static float[] normalisation(float mean, float std) {
        if (!Float.isFinite(mean) || !Float.isFinite(std) || !(std > 0)) {
            throw new IllegalArgumentException("normalisation: mean must be finite and std finite and positive, got mean="
                    + mean + ", std=" + std);
        }
        float[] table = new float[256];
        for (int p = 0; p < 256; p++) {
            table[p] = ((float) p / 255f - mean) / std;
        }
        return table;
    }
}
