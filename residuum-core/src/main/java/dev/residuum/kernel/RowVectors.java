package dev.residuum.kernel;

/**
 * A vector repeated over the rows of a row-major matrix, and the reverse: the sum of a matrix's
 * rows. These are a bias added over a batch and the bias's gradient. Both loops keep one index
 * per array starting at 0 (a row is copied whole, or summed from a row pointer) so the JIT
 * vectorises them.
 */
public final class RowVectors {
    private RowVectors() {
    }

    /**
     * Writes {@code v} into every row of {@code out}.
     *
     * @param v {@code [n]}. Not modified.
     * @param out {@code [m, n]}. Modified: every element is overwritten.
     */
    public static void fillRows(float[] v, float[] out, int m, int n) {
        for (int i = 0; i < m; i++) {
            System.arraycopy(v, 0, out, i * n, n);
        }
    }

    /**
     * The sum of the rows of {@code g}, taken in row order: {@code out[j] = sum_i g[i, j]}, or
     * {@code out[j] += ...} when {@code accumulate}.
     *
     * @param g {@code [m, n]}. Not modified.
     * @param out {@code [n]}. Modified.
     */
    public static void sumRows(float[] g, int m, int n, float[] out, boolean accumulate) {
        if (m == 0) {
            if (!accumulate) {
                java.util.Arrays.fill(out, 0, n, 0f);
            }
            return;
        }
        int start = 0;
        if (!accumulate) {
            System.arraycopy(g, 0, out, 0, n);
            start = 1;
        }
        for (int i = start; i < m; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                out[j] += g[row + j];
            }
        }
    }
}
