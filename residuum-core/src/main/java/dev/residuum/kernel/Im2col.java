package dev.residuum.kernel;

import java.util.Arrays;

/**
 * The unfolding of one image for convolution as a matrix product: {@link #im2col} lays the
 * receptive fields out as the columns of a {@code [C*kh*kw, Ho*Wo]} matrix; {@link #col2im}
 * adds such a matrix back into an image (its adjoint).
 */
public final class Im2col {
    private Im2col() {
    }

    /** Output size of a convolution or pooling along one axis. */
    public static int outSize(int in, int kernel, int stride, int pad) {
        return (in + 2 * pad - kernel) / stride + 1;
    }

    /**
     * Unfolds image {@code x[off .. off + C*H*W)} into {@code cols [C*kh*kw, Ho*Wo]}.
     *
     * @param x not modified
     * @param cols modified (its first {@code C*kh*kw*Ho*Wo} entries)
     */
    public static void im2col(float[] x, int off, int c, int h, int w, int kh, int kw, int stride, int pad,
                              float[] cols) {
        int ho = outSize(h, kh, stride, pad), wo = outSize(w, kw, stride, pad);
        if (stride == 1 && ho == h && wo == w) {
            sameSize(x, off, c, h, w, kh, kw, pad, cols);
            return;
        }
        walk(x, off, c, h, w, kh, kw, stride, pad, cols, false);
    }

    /**
     * The stride-1, same-size case (3x3 with padding 1, ...): each row of the unfolding is the
     * plane shifted by (ky - pad, kx - pad), so it is one block copy of all valid rows (short
     * per-row copies cost more in call overhead than in data) plus zeroed borders.
     */
    private static void sameSize(float[] x, int off, int c, int h, int w, int kh, int kw, int pad, float[] cols) {
        int hw = h * w;
        int row = 0;
        for (int ch = 0; ch < c; ch++) {
            int plane = off + ch * hw;
            for (int ky = 0; ky < kh; ky++) {
                int dy = ky - pad;
                int oyLo = Math.max(0, -dy), oyHi = Math.min(h, h - dy);
                for (int kx = 0; kx < kw; kx++, row++) {
                    int dx = kx - pad;
                    int base = row * hw;
                    Arrays.fill(cols, base, base + oyLo * w, 0f);
                    Arrays.fill(cols, base + oyHi * w, base + hw, 0f);
                    if (oyHi <= oyLo) {
                        continue;
                    }
                    // dst (oy, ox) <- src (oy + dy, ox + dx) for oy in [oyLo, oyHi): one shifted copy;
                    // the first/last element may fall outside the plane, and they are border zeros anyway
                    int dst = base + oyLo * w, src = plane + (oyLo + dy) * w + dx, len = (oyHi - oyLo) * w;
                    int skipFront = Math.max(0, plane - src), skipBack = Math.max(0, src + len - (plane + hw));
                    System.arraycopy(x, src + skipFront, cols, dst + skipFront, len - skipFront - skipBack);
                    for (int oy = oyLo; oy < oyHi; oy++) { // columns that wrapped around are padding
                        int r = base + oy * w;
                        for (int ox = 0; ox < -dx; ox++) cols[r + ox] = 0f;
                        for (int ox = w - dx; ox < w; ox++) cols[r + ox] = 0f;
                    }
                    for (int i = 0; i < skipFront; i++) cols[dst + i] = 0f;
                    for (int i = len - skipBack; i < len; i++) cols[dst + i] = 0f;
                }
            }
        }
    }

    /**
     * Adds {@code cols [C*kh*kw, Ho*Wo]} back into image {@code dx[off .. off + C*H*W)}.
     *
     * @param cols not modified
     * @param dx modified (accumulated into)
     */
    public static void col2im(float[] cols, int c, int h, int w, int kh, int kw, int stride, int pad,
                              float[] dx, int off) {
        walk(dx, off, c, h, w, kh, kw, stride, pad, cols, true);
    }

    /**
     * The general case of both directions, one loop: row {@code (ch, ky, kx)} of {@code cols}, output
     * position {@code (oy, ox)} stands for image element {@code (ch, oy*stride - pad + ky, ox*stride - pad + kx)}.
     * {@code add}: adds each column entry into its image element ({@link #col2im}); otherwise copies the
     * image element into it, zero where it falls in the padding ({@link #im2col}).
     */
    private static void walk(float[] img, int off, int c, int h, int w, int kh, int kw, int stride, int pad,
                             float[] cols, boolean add) {
        int ho = outSize(h, kh, stride, pad), wo = outSize(w, kw, stride, pad);
        int row = 0;
        for (int ch = 0; ch < c; ch++) {
            int plane = off + ch * h * w;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++, row++) {
                    int base = row * ho * wo;
                    // valid output columns: 0 <= ox*stride - pad + kx < w
                    int oxLo = Math.max(0, ceilDiv(pad - kx, stride));
                    int oxHi = Math.min(wo, ceilDiv(w + pad - kx, stride));
                    for (int oy = 0; oy < ho; oy++) {
                        int iy = oy * stride - pad + ky;
                        int dst = base + oy * wo;
                        int src = plane + iy * w - pad + kx;
                        if (add) {
                            if (iy >= 0 && iy < h) {
                                for (int ox = oxLo; ox < oxHi; ox++) {
                                    img[src + ox * stride] += cols[dst + ox];
                                }
                            }
                            continue;
                        }
                        if (iy < 0 || iy >= h || oxLo >= oxHi) {
                            Arrays.fill(cols, dst, dst + wo, 0f);
                            continue;
                        }
                        for (int ox = 0; ox < oxLo; ox++) {
                            cols[dst + ox] = 0f; // a padded border is one or two values: no fill() call
                        }
                        if (stride == 1) {
                            System.arraycopy(img, src + oxLo, cols, dst + oxLo, oxHi - oxLo);
                        } else {
                            for (int ox = oxLo; ox < oxHi; ox++) {
                                cols[dst + ox] = img[src + ox * stride];
                            }
                        }
                        for (int ox = oxHi; ox < wo; ox++) {
                            cols[dst + ox] = 0f;
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
