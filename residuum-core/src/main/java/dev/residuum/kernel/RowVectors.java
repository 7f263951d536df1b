package dev.residuum.kernel;

import java.util.Arrays;

/**
 * A vector repeated over the rows of a row-major matrix, and the reverse: the sum of a matrix's
 * rows. These are a bias added over a batch and the bias's gradient.
 *
 * <p>The row sum is a matrix–vector product with a vector of ones and runs on native BLAS
 * ({@code sgemv}) above {@link #NATIVE_SUM_ELEMENTS} elements: measured on a 256 x 64 gradient,
 * 1.1 us against 10 us for the plain loop, which the JIT does not vectorise (the output row is
 * loaded and stored again for every input row). Its summation order is then the library's.
 */
public final class RowVectors {
    /** From this many elements on, the row sum goes to native BLAS. */
    static final int NATIVE_SUM_ELEMENTS = 1_024;
    /** Ones for {@code sgemv}; replaced by a longer array when a sum needs more rows (never modified). */
    private static volatile float[] ones = new float[0];

    private RowVectors() {
    }

    /**
     * Writes {@code v} into every row of {@code out}: the first row is copied from {@code v}, then
     * the rows already written are copied after themselves, doubling each time (a few long
     * copies instead of one short copy per row).
     *
     * @param v {@code [n]}. Not modified.
     * @param out {@code [m, n]}. Modified: the first {@code m * n} elements are overwritten.
     */
    public static void fillRows(float[] v, float[] out, int m, int n) {
        if (m == 0 || n == 0) {
            return;
        }
        System.arraycopy(v, 0, out, 0, n);
        int total = m * n;
        for (int filled = n; filled < total; filled *= 2) {
            System.arraycopy(out, 0, out, filled, Math.min(filled, total - filled));
        }
    }

    /**
     * The sum of the rows of {@code g}: {@code out[j] = sum_i g[i, j]}, or {@code out[j] += ...}
     * when {@code accumulate}.
     *
     * @param g {@code [m, n]}. Not modified.
     * @param out {@code [n]}. Modified.
     */
    public static void sumRows(float[] g, int m, int n, float[] out, boolean accumulate) {
        if (n == 0) {
            return;
        }
        if (!accumulate) { // zeroed, then added to: some BLAS scale y by beta = 0, which keeps a stale NaN
            Arrays.fill(out, 0, n, 0f);
        }
        if ((long) m * n >= NATIVE_SUM_ELEMENTS && Blas.isNative()) {
            // row-major g [m, n] is column-major [n, m] with leading dimension n: out += G 1
            Blas.get().sgemv("N", n, m, 1f, g, 0, n, ones(m), 0, 1, 1f, out, 0, 1);
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                out[j] += g[row + j];
            }
        }
    }

    /** At least {@code m} ones. */
    private static float[] ones(int m) {
        float[] o = ones;
        if (o.length < m) {
            o = new float[Math.max(m, 2 * o.length)];
            Arrays.fill(o, 1f);
            ones = o;
        }
        return o;
    }
}
