package dev.residuum.data;

import java.util.Objects;

/**
 * Bilinear resizing of planar images, as PyTorch's
 * {@code F.interpolate(x, size, mode="bilinear", align_corners=False, antialias=False)}: output
 * pixel {@code i} samples the source at {@code (i + 0.5) * in / out - 0.5} (clamped at 0 and at the
 * last pixel) and mixes its two neighbours on each axis with weights {@code 1 - f} and {@code f}.
 * A size that does not change is an exact copy; halving an image whose pixels come in equal 2x2
 * blocks gives back the original exactly.
 */
public final class Bilinear {
    private Bilinear() {
    }

    /**
     * Resizes {@code channels} planes of {@code height x width} to {@code outHeight x outWidth}.
     *
     * @param src {@code [channels, height, width]} row-major; not modified
     * @return a new array {@code [channels, outHeight, outWidth]}
     * @throws IllegalArgumentException if a size is below 1 or {@code src} has another length
     */
    public static float[] resize(float[] src, int channels, int height, int width, int outHeight, int outWidth) {
        Objects.requireNonNull(src, "src");
        if (channels < 1 || height < 1 || width < 1 || outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("Bilinear.resize: sizes must be positive, got " + channels + "x" + height
                    + "x" + width + " to " + outHeight + "x" + outWidth);
        }
        if (src.length != (long) channels * height * width) {
            throw new IllegalArgumentException("Bilinear.resize: " + channels + "x" + height + "x" + width + " needs "
                    + (long) channels * height * width + " values, got " + src.length);
        }
        if (outHeight == height && outWidth == width) {
            return src.clone();
        }
        int[] y0 = new int[outHeight], y1 = new int[outHeight];
        float[] fy = new float[outHeight];
        taps(height, outHeight, y0, y1, fy);
        int[] x0 = new int[outWidth], x1 = new int[outWidth];
        float[] fx = new float[outWidth];
        taps(width, outWidth, x0, x1, fx);
        float[] out = new float[channels * outHeight * outWidth];
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width, o = c * outHeight * outWidth;
            for (int i = 0; i < outHeight; i++) {
                int r0 = plane + y0[i] * width, r1 = plane + y1[i] * width;
                float wy = fy[i];
                for (int j = 0; j < outWidth; j++) {
                    float wx = fx[j];
                    float top = (1 - wx) * src[r0 + x0[j]] + wx * src[r0 + x1[j]];
                    float bottom = (1 - wx) * src[r1 + x0[j]] + wx * src[r1 + x1[j]];
                    out[o++] = (1 - wy) * top + wy * bottom;
                }
            }
        }
        return out;
    }

    /** Source neighbours and weight of the second for each output index (PyTorch's half-pixel mapping). */
    private static void taps(int in, int out, int[] lo, int[] hi, float[] frac) {
        float scale = (float) in / out;
        for (int i = 0; i < out; i++) {
            float s = Math.max(0f, (i + 0.5f) * scale - 0.5f);
            int a = Math.min((int) s, in - 1);
            lo[i] = a;
            hi[i] = Math.min(a + 1, in - 1);
            frac[i] = s - a;
        }
    }
}
