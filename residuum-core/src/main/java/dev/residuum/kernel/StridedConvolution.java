package dev.residuum.kernel;

import java.util.Arrays;

/**
 * The 3x3, stride-2, padding-1 convolution of even-sized maps (the first convolution of each
 * downsampling ResNet stage) as shifted matrix products on the input's four phases, without
 * unfolding.
 *
 * <p>Output {@code (y, x)} reads input rows {@code 2y-1, 2y, 2y+1} and the same columns. Split the
 * input into its phases {@code P[a][b](i, j) = x(2i+a, 2j+b)}, each {@code H/2 x W/2}: kernel row
 * 1 reads phase row {@code a = 0} at {@code i = y}, kernel row 2 phase row {@code a = 1} at
 * {@code i = y}, kernel row 0 phase row {@code a = 1} at {@code i = y-1}; the same for columns. So
 * every tap is one phase shifted by {@code (di, dj)} in {@code {-1, 0}^2}, and the taps of one
 * shift form a single product whose contracted dimension runs over the phases they use — with the
 * phases stacked in the order {@code (0,0), (0,1), (1,1), (1,0)}, those are always consecutive:
 *
 * <pre>
 *   shift ( 0, 0): all four phases        taps (1,1) (1,2) (2,2) (2,1)   K = 4c
 *   shift ( 0,-1): phases (0,1), (1,1)    taps (1,0) (2,0)               K = 2c
 *   shift (-1, 0): phases (1,1), (1,0)    taps (0,2) (0,1)               K = 2c
 *   shift (-1,-1): phase  (1,1)           tap  (0,0)                     K = c
 * </pre>
 *
 * Four products with no zero taps, read from one copy of the input (the phases, each with a zero
 * row on top and a zero column on the left), where the unfolding writes nine copies of the output
 * size with a strided gather. As in {@link ShiftedConvolution}, a group of images sits side by
 * side (sharing the zero columns) so that the products are wide, and outputs are computed on rows
 * of the padded width and cropped.
 */
public final class StridedConvolution {
    /** Columns of the products a group aims at. */
    static final int TARGET_COLUMNS = 1024;
    /** Per shift: first phase in the stack, number of phases, row shift, column shift. */
    private static final int[][] SHIFTS = {{0, 4, 0, 0}, {1, 2, 0, -1}, {2, 2, -1, 0}, {2, 1, -1, -1}};
    /** Phase stack order: (a, b) of stack position 0..3. */
    private static final int[][] PHASES = {{0, 0}, {0, 1}, {1, 1}, {1, 0}};
    /** Stack position of phase {@code (a, b)}: the inverse of {@link #PHASES}. */
    private static final int[][] STACK = new int[2][2];

    static {
        for (int p = 0; p < PHASES.length; p++) {
            STACK[PHASES[p][0]][PHASES[p][1]] = p;
        }
    }

    private StridedConvolution() {
    }

    /**
     * Whether this class can compute the convolution: 3x3, stride 2, padding 1, even height and
     * width. Whether it does is {@link ConvolutionPlan#choose}'s decision.
     */
    public static boolean supports(int kh, int kw, int stride, int pad, int h, int w) {
        return kh == 3 && kw == 3 && stride == 2 && pad == 1 && h % 2 == 0 && w % 2 == 0 && h > 0 && w > 0;
    }

    /** How many images of {@code h x w} to put side by side. */
    public static int group(int h, int w) {
        return Math.max(1, TARGET_COLUMNS / ((h / 2) * (w / 2 + 1)));
    }

    private static int paddedWidth(int w, int g) {
        return g * (w / 2 + 1);
    }

    private static int plane(int h, int w, int g) {
        return (h / 2 + 1) * paddedWidth(w, g);
    }

    /** Floats of the phase stack of {@code g} images {@code [c, h, w]} (plus one for the last window's overrun). */
    public static int phasesSize(int c, int h, int w, int g) {
        return 4 * c * plane(h, w, g) + 1;
    }

    /** Floats of the outputs {@code [o, h/2, w/2]} of {@code g} images on rows of the padded width. */
    public static int paddedRowsSize(int o, int h, int w, int g) {
        return o * (h / 2) * paddedWidth(w, g);
    }

    /**
     * The weight {@code [o, c, 3, 3]} by shift: for each of the four shifts in order, {@code [o][K]}
     * with {@code K} = that shift's phases times {@code c}; {@code 9*o*c} floats in all.
     *
     * @param w not modified
     */
    public static float[] weightsByShift(float[] w, int o, int c) {
        float[] out = new float[9 * o * c];
        int base = 0;
        for (int[] s : SHIFTS) {
            int k = s[1] * c;
            for (int oc = 0; oc < o; oc++) {
                for (int p = 0; p < s[1]; p++) {
                    int tap = tap(s[0] + p, s[2], s[3]);
                    for (int ch = 0; ch < c; ch++) {
                        out[base + oc * k + p * c + ch] = w[(oc * c + ch) * 9 + tap];
                    }
                }
            }
            base += o * k;
        }
        return out;
    }

    /**
     * Adds a weight gradient laid out by shift, transposed ({@code [K][o]} per shift, as
     * {@link #backward} accumulates it), into {@code gw [o, c, 3, 3]}.
     */
    public static void addWeightGradient(float[] dwt, int off, int o, int c, float[] gw) {
        int base = off;
        for (int[] s : SHIFTS) {
            for (int p = 0; p < s[1]; p++) {
                int tap = tap(s[0] + p, s[2], s[3]);
                for (int ch = 0; ch < c; ch++) {
                    int row = base + (p * c + ch) * o;
                    for (int oc = 0; oc < o; oc++) {
                        gw[(oc * c + ch) * 9 + tap] += dwt[row + oc];
                    }
                }
            }
            base += s[1] * c * o;
        }
    }

    /** Kernel tap {@code ky*3+kx} that reads stack phase {@code p} at shift {@code (di, dj)}. */
    private static int tap(int p, int di, int dj) {
        int a = PHASES[p][0], b = PHASES[p][1];
        int ky = a == 0 ? 1 : di == 0 ? 2 : 0, kx = b == 0 ? 1 : dj == 0 ? 2 : 0;
        return ky * 3 + kx;
    }

    /**
     * For each of {@code g} consecutive images: {@code y[o, h/2, w/2] = conv(x[c, h, w])}. Images
     * are {@code c*h*w} floats apart in x and {@code o*(h/2)*(w/2)} in y.
     *
     * @param ws weights by shift ({@link #weightsByShift}). Not modified.
     * @param phases scratch of {@link #phasesSize} floats. Modified.
     * @param ypad scratch of {@link #paddedRowsSize} floats. Modified.
     */
    public static void forward(float[] x, int xOff, int c, int h, int w, float[] ws, int o, int g, float[] y,
                               int yOff, float[] phases, float[] ypad) {
        int hq = h / 2, wq = w / 2, wp = paddedWidth(w, g), plane = plane(h, w, g), n = hq * wp;
        split(x, xOff, c, h, w, g, phases);
        int base = 0;
        for (int s = 0; s < SHIFTS.length; s++) {
            int[] sh = SHIFTS[s];
            int k = sh[1] * c;
            Gemm.gemm(false, false, o, n, k, 1f, ws, base, k, phases, sh[0] * c * plane + offset(sh, wp), plane,
                    s == 0 ? 0f : 1f, ypad, 0, n);
            base += o * k;
        }
        int outSize = o * hq * wq;
        for (int img = 0; img < g; img++) {
            for (int oc = 0; oc < o; oc++) {
                for (int r = 0; r < hq; r++) {
                    System.arraycopy(ypad, oc * n + r * wp + img * (wq + 1), y, yOff + img * outSize + (oc * hq + r) * wq, wq);
                }
            }
        }
    }

    /**
     * For each of {@code g} consecutive images, given {@code dy [o, h/2, w/2]}: accumulates the
     * weight gradient by shift, transposed ({@code [K][o]} per shift, {@code 9*c*o} floats from
     * {@code dwtOff}; {@link #addWeightGradient} maps it back), when {@code dwt} is not null, and
     * writes (or, with {@code accumulate}, adds) the input gradient into {@code dx}, when not null.
     *
     * @param phases scratch of {@link #phasesSize} floats. Modified.
     * @param dypad scratch of {@link #paddedRowsSize} floats. Modified.
     */
    public static void backward(float[] x, int xOff, int c, int h, int w, float[] ws, float[] dy, int dyOff, int o,
                                int g, float[] dwt, int dwtOff, float[] dx, int dxOff, boolean accumulate,
                                float[] phases, float[] dypad) {
        int hq = h / 2, wq = w / 2, wp = paddedWidth(w, g), plane = plane(h, w, g), n = hq * wp;
        // dy on rows of the padded width, zero in the columns between images: the windows that
        // wrap there then add nothing to either gradient
        Arrays.fill(dypad, 0, paddedRowsSize(o, h, w, g), 0f);
        int outSize = o * hq * wq;
        for (int img = 0; img < g; img++) {
            for (int oc = 0; oc < o; oc++) {
                for (int r = 0; r < hq; r++) {
                    System.arraycopy(dy, dyOff + img * outSize + (oc * hq + r) * wq, dypad, oc * n + r * wp + img * (wq + 1), wq);
                }
            }
        }
        if (dwt != null) { // dW_s^T [K, o] += phases shifted [K, n] . dypad^T [n, o]
            split(x, xOff, c, h, w, g, phases);
            int base = dwtOff;
            for (int[] sh : SHIFTS) {
                int k = sh[1] * c;
                Gemm.gemm(false, true, k, o, n, 1f, phases, sh[0] * c * plane + offset(sh, wp), plane, dypad, 0, n,
                        1f, dwt, base, o);
                base += k * o;
            }
        }
        if (dx != null) { // the adjoint of the forward products: dphases shifted [K, n] += W_s^T . dypad
            Arrays.fill(phases, 0, phasesSize(c, h, w, g), 0f);
            int base = 0;
            for (int[] sh : SHIFTS) {
                int k = sh[1] * c;
                Gemm.gemm(true, false, k, n, o, 1f, ws, base, k, dypad, 0, n, 1f, phases,
                        sh[0] * c * plane + offset(sh, wp), plane);
                base += o * k;
            }
            merge(phases, c, h, w, g, dx, dxOff, accumulate);
        }
    }

    /** Offset of shift {@code sh}'s window in a phase plane: one zero row on top, one zero column on the left. */
    private static int offset(int[] sh, int wp) {
        return (1 + sh[2]) * wp + 1 + sh[3];
    }

    /**
     * Copies g images into the zero-padded phase stack {@code [4][c][h/2 + 1][wp]}, reading each
     * input row once in order (its even entries go to one phase, its odd ones to the next).
     */
    private static void split(float[] x, int xOff, int c, int h, int w, int g, float[] phases) {
        int wq = w / 2, wp = paddedWidth(w, g), plane = plane(h, w, g), inSize = c * h * w;
        Arrays.fill(phases, 0, phasesSize(c, h, w, g), 0f);
        for (int img = 0; img < g; img++) {
            for (int ch = 0; ch < c; ch++) {
                for (int r = 0; r < h; r++) {
                    int a = r & 1, row = (r >> 1) * wp + wp + 1 + img * (wq + 1);
                    int d0 = (STACK[a][0] * c + ch) * plane + row, d1 = (STACK[a][1] * c + ch) * plane + row;
                    int src = xOff + img * inSize + (ch * h + r) * w;
                    for (int j = 0; j < wq; j++) {
                        phases[d0 + j] = x[src + 2 * j];
                        phases[d1 + j] = x[src + 2 * j + 1];
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #split}: interleaves the phase stack back into g images, row by row. */
    private static void merge(float[] phases, int c, int h, int w, int g, float[] dx, int dxOff, boolean accumulate) {
        int wq = w / 2, wp = paddedWidth(w, g), plane = plane(h, w, g), inSize = c * h * w;
        for (int img = 0; img < g; img++) {
            for (int ch = 0; ch < c; ch++) {
                for (int r = 0; r < h; r++) {
                    int a = r & 1, row = (r >> 1) * wp + wp + 1 + img * (wq + 1);
                    int s0 = (STACK[a][0] * c + ch) * plane + row, s1 = (STACK[a][1] * c + ch) * plane + row;
                    int dst = dxOff + img * inSize + (ch * h + r) * w;
                    if (accumulate) {
                        for (int j = 0; j < wq; j++) {
                            dx[dst + 2 * j] += phases[s0 + j];
                            dx[dst + 2 * j + 1] += phases[s1 + j];
                        }
                    } else {
                        for (int j = 0; j < wq; j++) {
                            dx[dst + 2 * j] = phases[s0 + j];
                            dx[dst + 2 * j + 1] = phases[s1 + j];
                        }
                    }
                }
            }
        }
    }
}
