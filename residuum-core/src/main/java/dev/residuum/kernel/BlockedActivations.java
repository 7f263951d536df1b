package dev.residuum.kernel;

/**
 * Images in oneDNN's channel-blocked layout {@code aBcdBb}: {@code [N][C/B][H][W][B]}, the
 * channels in blocks of {@code B} innermost (C a multiple of B), the layout oneDNN's convolutions
 * compute in ({@link Dnnl#layouts}). A chain of convolutions in inference keeps its activations so
 * and reorders only at its ends; these are the passes between the convolutions, each giving the
 * same values, bit for bit, as its counterpart on NCHW arrays.
 */
public final class BlockedActivations {
    private BlockedActivations() {
    }

    /**
     * In place, {@code y = max?(0, y * scale[c] + shift[c] (+ r))} per channel c: the values of
     * {@link Lanes#normalize} (mean 0) on each NCHW plane of {@code plane} values, bit for bit
     * (its first {@link Lanes#fusedPrefix} values of a plane with one rounding, the rest with two).
     *
     * @param y modified; {@code images * channels * plane} floats from {@code off}
     * @param r added when not null; same layout and offset as y; not modified
     */
    public static void affine(float[] y, float[] r, int off, int images, int channels, int plane, int block,
                              float[] scale, float[] shift, boolean relu) {
        int fused = Lanes.fusedPrefix(plane);
        if (Simd.enabled() && (block == 16 || block == 8)) {
            VectorLanes.affineBlocked(y, r, off, images, channels, plane, block, scale, shift, relu, fused);
            return;
        }
        int blocks = channels / block;
        for (int b = 0; b < images * blocks; b++) {
            int c0 = (b % blocks) * block;
            int base = off + b * plane * block;
            for (int j = 0; j < plane; j++) {
                int at = base + j * block;
                if (j < fused) {
                    for (int l = 0; l < block; l++) {
                        float v = Math.fma(y[at + l], scale[c0 + l], shift[c0 + l]);
                        if (r != null) {
                            v += r[at + l];
                        }
                        y[at + l] = relu ? Math.max(0f, v) : v;
                    }
                } else {
                    for (int l = 0; l < block; l++) {
                        float v = y[at + l] * scale[c0 + l] + shift[c0 + l];
                        if (r != null) {
                            v += r[at + l];
                        }
                        y[at + l] = relu ? Math.max(0f, v) : v;
                    }
                }
            }
        }
    }

    /**
     * He et al.'s option-A shortcut: {@code x[:, :, ::stride, ::stride]} with zero channels
     * appended up to {@code cout}, written into {@code out} (both blocked by {@code block}; cin and
     * cout multiples of it).
     *
     * @param x not modified; {@code [images, cin, h, w]}
     * @param out modified; {@code [images, cout, ceil(h / stride), ceil(w / stride)]}
     */
    public static void subsamplePad(float[] x, int xOff, int images, int cin, int h, int w, int stride, int cout,
                                    int block, float[] out, int outOff) {
        int ho = (h + stride - 1) / stride, wo = (w + stride - 1) / stride;
        int inBlocks = cin / block, outBlocks = cout / block;
        for (int i = 0; i < images; i++) {
            for (int b = 0; b < outBlocks; b++) {
                int to = outOff + ((i * outBlocks + b) * ho * wo) * block;
                if (b >= inBlocks) {
                    java.util.Arrays.fill(out, to, to + ho * wo * block, 0f);
                    continue;
                }
                int from = xOff + ((i * inBlocks + b) * h * w) * block;
                for (int r = 0; r < ho; r++) {
                    for (int c = 0; c < wo; c++) {
                        System.arraycopy(x, from + ((r * stride) * w + c * stride) * block, out,
                                to + (r * wo + c) * block, block);
                    }
                }
            }
        }
    }

    /** NCHW {@code [images, channels, plane]} into blocked ({@code channels} a multiple of block). */
    public static void toBlocked(float[] x, int xOff, int images, int channels, int plane, int block, float[] out,
                                 int outOff) {
        transpose(x, xOff, images, channels, plane, block, out, outOff, true);
    }

    /** Blocked {@code [images, channels, plane]} into NCHW. */
    public static void toPlanar(float[] x, int xOff, int images, int channels, int plane, int block, float[] out,
                                int outOff) {
        transpose(x, xOff, images, channels, plane, block, out, outOff, false);
    }

    private static void transpose(float[] x, int xOff, int images, int channels, int plane, int block, float[] out,
                                  int outOff, boolean toBlocked) {
        int blocks = channels / block;
        for (int b = 0; b < images * blocks; b++) {
            int blockedBase = b * plane * block; // the block's [plane][block] values
            int planarBase = b * block * plane; // its channels' [block][plane] values: the same offset
            for (int l = 0; l < block; l++) {
                for (int j = 0; j < plane; j++) {
                    if (toBlocked) {
                        out[outOff + blockedBase + j * block + l] = x[xOff + planarBase + l * plane + j];
                    } else {
                        out[outOff + planarBase + l * plane + j] = x[xOff + blockedBase + j * block + l];
                    }
                }
            }
        }
    }
}
