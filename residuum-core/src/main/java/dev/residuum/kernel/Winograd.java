package dev.residuum.kernel;

/**
 * 3x3, stride-1, padding-1 convolution by Winograd's minimal filtering F(2x2, 3x3) (Lavin and
 * Gray, 2016): each 2x2 output tile takes 16 multiplications per input channel instead of 36.
 * The input is cut into overlapping 4x4 tiles, each transformed to {@code V = B^T d B}; the
 * weights to {@code U = G g G^T}; for each of the 16 transformed positions one matrix product
 * {@code M = U V} over channels runs on BLAS, with the tiles of a group of images as its columns;
 * each output tile is {@code A^T M A}.
 *
 * <p>Layout: the images of a group sit side by side in one padded plane per channel, each in a
 * slot of even width ({@code w + 1} rounded up), so that the tiles of all images form one grid of
 * stride 2 and a tile row is one long run across the group; the plane is stored as its even and
 * odd columns, so that a tile's four columns are two neighbouring entries of each. The transforms
 * are then loops over whole tile rows of the group. A slot wider than the image's tiles (even
 * widths) adds one unused tile column per image.
 *
 * <p>The transforms' row loops run on the Vector API ({@link VectorRows}); without it they cost
 * more than the multiplications they save, so this class requires {@link Simd#enabled()}.
 *
 * <p>Rounding: the transforms add and subtract up to 9 terms (and halve), so results differ from
 * direct convolution by a few float ulps of the largest term.
 */
public final class Winograd {
    /** Tiles a group aims at: the columns of each of the 16 products. */
    static final int TARGET_TILES = 256;

    private Winograd() {
    }

    private static int tiles(int n) {
        return (n + 1) / 2;
    }

    /** Tile columns per image slot: the slot is {@code w + 1} (image and one zero column) rounded up to even. */
    private static int half(int w) {
        return (w + 2) / 2;
    }

    /** How many {@code h x w} images to transform together. */
    public static int group(int h, int w) {
        return Math.max(1, TARGET_TILES / (tiles(h) * half(w)));
    }

    /** Floats of the transformed input of {@code g} images with {@code c} channels: {@code [16][c][tiles]}. */
    public static int inputSize(int c, int h, int w, int g) {
        return 16 * c * tiles(h) * g * half(w);
    }

    /** Floats of the products for {@code o} output channels: {@code [16][o][tiles]}. */
    public static int productSize(int o, int h, int w, int g) {
        return 16 * o * tiles(h) * g * half(w);
    }

    /** Floats of the per-thread scratch rows. */
    public static int rowScratchSize(int h, int w, int g) {
        int pw = g * half(w) + 1;
        return 2 * (2 * tiles(h) + 2) * pw + 8 * pw;
    }

    /**
     * The transformed weights {@code U [16][rows][cols]} of {@code w [o][c][3][3]}: rows = o,
     * cols = c; or, for the input gradient (a convolution with the flipped kernel, channels
     * swapped), rows = c, cols = o from {@code w[o][c][2-ky][2-kx]}.
     */
    public static float[] transformWeights(float[] w, int o, int c, boolean flippedTransposed) {
        int rows = flippedTransposed ? c : o, cols = flippedTransposed ? o : c;
        float[] u = new float[16 * rows * cols];
        float[] g = new float[9], t = new float[12], row = new float[4];
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                int base = (oc * c + ic) * 9;
                for (int i = 0; i < 9; i++) g[i] = flippedTransposed ? w[base + 8 - i] : w[base + i];
                for (int kx = 0; kx < 3; kx++) { // G g: 4 x 3
                    float g0 = g[kx], g1 = g[3 + kx], g2 = g[6 + kx];
                    t[kx] = g0;
                    t[3 + kx] = 0.5f * (g0 + g1 + g2);
                    t[6 + kx] = 0.5f * (g0 - g1 + g2);
                    t[9 + kx] = g2;
                }
                int r = flippedTransposed ? ic : oc, col = flippedTransposed ? oc : ic;
                for (int a = 0; a < 4; a++) { // (G g) G^T: 4 x 4
                    float r0 = t[3 * a], r1 = t[3 * a + 1], r2 = t[3 * a + 2];
                    row[0] = r0;
                    row[1] = 0.5f * (r0 + r1 + r2);
                    row[2] = 0.5f * (r0 - r1 + r2);
                    row[3] = r2;
                    for (int b = 0; b < 4; b++) u[((a * 4 + b) * rows + r) * cols + col] = row[b];
                }
            }
        }
        return u;
    }

    /**
     * For each of {@code g} consecutive images: {@code y[o, h, w] (+)= the 3x3 convolution (padding 1)
     * of x[c, h, w]} with the weights {@code u} of {@link #transformWeights}. Images are
     * {@code c*h*w} floats apart in x and {@code o*h*w} in y.
     *
     * @param v scratch of {@link #inputSize} floats. Modified.
     * @param m scratch of {@link #productSize} floats. Modified.
     * @param s scratch of {@link #rowScratchSize} floats. Modified.
     */
    public static void forward(float[] x, int xOff, int c, int h, int w, float[] u, int o, int g, float[] y, int yOff,
                               boolean accumulate, float[] v, float[] m, float[] s) {
        if (!Simd.enabled()) {
            throw new IllegalStateException("Winograd needs the Vector API: " + Simd.description());
        }
        int th = tiles(h), cols = g * half(w), total = th * cols;
        for (int ch = 0; ch < c; ch++) {
            transformInput(x, xOff + ch * h * w, c * h * w, g, h, w, v, ch * total, c * total, s);
        }
        for (int xi = 0; xi < 16; xi++) {
            Gemm.gemm(false, false, o, total, c, 1f, u, xi * o * c, c, v, xi * c * total, total, 0f, m, xi * o * total,
                    total);
        }
        for (int oc = 0; oc < o; oc++) {
            transformOutput(m, oc * total, o * total, g, h, w, y, yOff + oc * h * w, o * h * w, accumulate, s);
        }
    }

    /**
     * One channel of the group: {@code v[at + xi*stride + i*cols + J] = (B^T d B)[xi]} of the tile at
     * tile row i, column J of the group's grid.
     */
    private static void transformInput(float[] x, int off, int imageStride, int g, int h, int w, float[] v, int at,
                                       int stride, float[] s) {
        int th = tiles(h), half = half(w), cols = g * half, pw = cols + 1, prow = 2 * th + 2;
        int odd = prow * pw; // even columns from 0, odd columns from odd: padded column 2J and 2J + 1
        java.util.Arrays.fill(s, 0, 2 * prow * pw, 0f);
        for (int img = 0; img < g; img++) {
            int j0 = img * half;
            for (int r = 0; r < h; r++) {
                int src = off + img * imageStride + r * w, e = (r + 1) * pw + j0, od = odd + (r + 1) * pw + j0;
                // image column q sits at padded column 1 + q of its slot: odd for even q, even for odd q
                for (int q = 0; q + 1 < w; q += 2) {
                    s[od + q / 2] = x[src + q];
                    s[e + q / 2 + 1] = x[src + q + 1];
                }
                if ((w & 1) == 1) {
                    s[od + w / 2] = x[src + w - 1];
                }
            }
        }
        int t = 2 * prow * pw; // B^T d of a tile row: four rows for the even columns, four for the odd
        for (int i = 0; i < th; i++) {
            for (int parity = 0; parity < 2; parity++) {
                int p = (parity == 0 ? 0 : odd) + 2 * i * pw, q = t + parity * 4 * pw;
                VectorRows.inputColumns(s, p, q, pw, pw);
            }
            int dst = at + i * cols;
            for (int a = 0; a < 4; a++) { // (B^T d) B: a tile's columns are even J, odd J, even J+1, odd J+1
                int e = t + a * pw, od = t + (4 + a) * pw;
                VectorRows.inputRows(s, e, od, v, dst + (a * 4) * stride, stride, cols);
            }
        }
    }

    /** {@code A^T M A} of tiles {@code from .. n-1} of a tile row into four output rows of s (the vector loop's tail). */
    static void outputRowsScalar(float[] m, int p, int stride, float[] s, int r00, int r01, int r10, int r11, int from,
                                 int n) {
        for (int j = from; j < n; j++) {
            int q = p + j;
            float s00 = m[q] + m[q + 4 * stride] + m[q + 8 * stride];
            float s01 = m[q + stride] + m[q + 5 * stride] + m[q + 9 * stride];
            float s02 = m[q + 2 * stride] + m[q + 6 * stride] + m[q + 10 * stride];
            float s03 = m[q + 3 * stride] + m[q + 7 * stride] + m[q + 11 * stride];
            float s10 = m[q + 4 * stride] - m[q + 8 * stride] - m[q + 12 * stride];
            float s11 = m[q + 5 * stride] - m[q + 9 * stride] - m[q + 13 * stride];
            float s12 = m[q + 6 * stride] - m[q + 10 * stride] - m[q + 14 * stride];
            float s13 = m[q + 7 * stride] - m[q + 11 * stride] - m[q + 15 * stride];
            s[r00 + j] = s00 + s01 + s02;
            s[r01 + j] = s01 - s02 - s03;
            s[r10 + j] = s10 + s11 + s12;
            s[r11 + j] = s11 - s12 - s13;
        }
    }

    /** One output channel of the group: the tiles {@code A^T M A}, written (or added) into each image's y. */
    private static void transformOutput(float[] m, int at, int stride, int g, int h, int w, float[] y, int yOff,
                                        int imageStride, boolean accumulate, float[] s) {
        int th = tiles(h), tw = tiles(w), half = half(w), cols = g * half;
        int r00 = 0, r01 = cols, r10 = 2 * cols, r11 = 3 * cols; // the four outputs of each tile of a tile row
        for (int i = 0; i < th; i++) {
            int p = at + i * cols;
            VectorRows.outputRows(m, p, stride, s, r00, r01, r10, r11, cols);
            boolean second = 2 * i + 1 < h;
            for (int img = 0; img < g; img++) {
                int j0 = img * half, row0 = yOff + img * imageStride + 2 * i * w, row1 = row0 + w;
                for (int j = 0; j < tw; j++) {
                    int col = 2 * j;
                    boolean right = col + 1 < w;
                    if (accumulate) {
                        y[row0 + col] += s[r00 + j0 + j];
                        if (right) y[row0 + col + 1] += s[r01 + j0 + j];
                        if (second) {
                            y[row1 + col] += s[r10 + j0 + j];
                            if (right) y[row1 + col + 1] += s[r11 + j0 + j];
                        }
                    } else {
                        y[row0 + col] = s[r00 + j0 + j];
                        if (right) y[row0 + col + 1] = s[r01 + j0 + j];
                        if (second) {
                            y[row1 + col] = s[r10 + j0 + j];
                            if (right) y[row1 + col + 1] = s[r11 + j0 + j];
                        }
                    }
                }
            }
        }
    }
}
