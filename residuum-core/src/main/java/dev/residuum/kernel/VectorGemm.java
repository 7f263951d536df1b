package dev.residuum.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Small row-major products on the Vector API, {@code C = alpha * op(A) op(B) + beta * C}, where a
 * BLAS call costs more in packing and call overhead than in arithmetic: the layers of an MLP on a
 * batch (256×64×64, and the 2-wide input and output layers of a neural ODE's field). Wide C
 * ({@code n} a multiple of {@link #BLOCK}) in {@link #gemm}; the narrow weight gradient
 * {@code A^T B} ({@code n <= 4}) in {@link #narrowTransposed}. Loaded only when
 * {@link Simd#enabled()}.
 *
 * <p>B is copied, 64 columns at a time, into a panel {@code [k, 64]} (transposed on the way when
 * it is stored {@code [n, k]}, in 16×16 tiles by {@link VectorTranspose}); C is computed 4 rows by 4 vectors at a time in 16 accumulators
 * while {@code p} runs over k, each step loading one row of the panel and broadcasting 4 elements
 * of A, read in place (either layout). The panel's constant row stride is what lets the JIT keep
 * bounds checks out of the inner loop: with B read in place at a variable stride the same loop ran
 * at 83 GFLOP/s, on the panel at 195 (16 lanes, 2-core EPYC; the FMA peak measured there is ~200).
 *
 * <p>Every element of C is one chain of fused multiply-adds in the order {@code p = 0, 1, ...,
 * k-1}, scaled by alpha and added to {@code beta * C} at the end, whatever the blocking: a row of C
 * does not depend on which rows were computed with it.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns of C per panel: 4 vectors of the widest species. */
    static final int BLOCK = 4 * L;
    /** Per thread: the B panel, the 4-row tile of accumulators, the transposed result of {@link #narrowTransposed}. */
    private static final ThreadLocal<float[][]> BUFFERS =
            ThreadLocal.withInitial(() -> new float[][] {null, new float[4 * BLOCK], null});

    private VectorGemm() {
    }

    /**
     * {@code C = alpha * op(A) op(B) + beta * C} on row-major matrices at offsets with row strides
     * of the stored layouts (as {@link Gemm#gemm(boolean, boolean, int, int, int, float, float[],
     * int, int, float[], int, int, float, float[], int, int)}).
     *
     * @param n a positive multiple of {@link #BLOCK}
     * @param k at least 1
     * @param c modified; with {@code beta == 0} its old contents are ignored (NaN included)
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA, int lda,
                     float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        float[][] buffers = BUFFERS.get();
        float[] panel = buffer(buffers, 0, k * BLOCK);
        float[] tile = buffers[1];
        // steps between consecutive p, and between consecutive rows of op(A), in A's array
        int ap = transA ? lda : 1, ai = transA ? 1 : lda;
        for (int j = 0; j < n; j += BLOCK) {
            int base = 0; // where row 0 of the panel starts in its array
            float[] bp = panel;
            if (!transB && ldb == BLOCK) { // B is [k, 64] itself: read in place
                bp = b;
                base = offB;
            } else {
                pack(transB, k, b, offB, ldb, j, panel);
            }
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                if (transA) {
                    block4Strided(k, alpha, a, offA + i, lda, bp, base, tile, beta, c, offC + i * ldc + j, ldc);
                } else {
                    block4(k, alpha, a, offA + i * lda, lda, bp, base, tile, beta, c, offC + i * ldc + j, ldc);
                }
            }
            for (; i < m; i++) {
                row(k, alpha, a, offA + i * ai, ap, bp, base, tile, beta, c, offC + i * ldc + j);
            }
        }
    }

    /** {@code panel[p * BLOCK + jj] = op(B)[p, j + jj]} for all p, jj in {@code [0, BLOCK)}. */
    private static void pack(boolean transB, int k, float[] b, int offB, int ldb, int j, float[] panel) {
        if (!transB) { // row by row in vectors (an arraycopy per row costs more than the copy at k = 256)
            for (int p = 0, src = offB + j, dst = 0; p < k; p++, src += ldb, dst += BLOCK) {
                FloatVector.fromArray(S, b, src).intoArray(panel, dst);
                FloatVector.fromArray(S, b, src + L).intoArray(panel, dst + L);
                FloatVector.fromArray(S, b, src + 2 * L).intoArray(panel, dst + 2 * L);
                FloatVector.fromArray(S, b, src + 3 * L).intoArray(panel, dst + 3 * L);
            }
        } else {
            int p0 = 0;
            if (L == 16) { // 16×16 tiles transposed in registers, the rest of k element by element
                for (; p0 + 16 <= k; p0 += 16) {
                    for (int jj = 0; jj < BLOCK; jj += 16) {
                        VectorTranspose.tile(b, offB + (j + jj) * ldb + p0, ldb, panel, p0 * BLOCK + jj, BLOCK);
                    }
                }
            }
            for (int jj = 0; jj < BLOCK; jj++) {
                int src = offB + (j + jj) * ldb;
                for (int p = p0; p < k; p++) {
                    panel[p * BLOCK + jj] = b[src + p];
                }
            }
        }
    }

    /** Rows {@code i .. i+3} of C for A stored {@code [m, k]}: the four rows start at a0, a0 + lda, ... */
    private static void block4(int k, float alpha, float[] a, int a0, int lda, float[] panel, int base, float[] tile,
                               float beta,
                               float[] c, int c0, int ldc) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < k; p++) {
            int pb = base + p * BLOCK;
            FloatVector b0 = FloatVector.fromArray(S, panel, pb);
            FloatVector b1 = FloatVector.fromArray(S, panel, pb + L);
            FloatVector b2 = FloatVector.fromArray(S, panel, pb + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, panel, pb + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, BLOCK);
        c11.intoArray(tile, BLOCK + L);
        c12.intoArray(tile, BLOCK + 2 * L);
        c13.intoArray(tile, BLOCK + 3 * L);
        c20.intoArray(tile, 2 * BLOCK);
        c21.intoArray(tile, 2 * BLOCK + L);
        c22.intoArray(tile, 2 * BLOCK + 2 * L);
        c23.intoArray(tile, 2 * BLOCK + 3 * L);
        c30.intoArray(tile, 3 * BLOCK);
        c31.intoArray(tile, 3 * BLOCK + L);
        c32.intoArray(tile, 3 * BLOCK + 2 * L);
        c33.intoArray(tile, 3 * BLOCK + 3 * L);
        writeTile(tile, 4, alpha, beta, c, c0, ldc);
    }

    /**
     * Rows {@code i .. i+3} of C for A stored {@code [k, m]}: element (row r, p) at {@code a0 + p * lda + r}.
     * The loop repeats {@link #block4}'s on purpose: one loop over general strides would read the
     * untransposed A at a variable step too, which costs the JIT its bounds-check hoisting there.
     */
    private static void block4Strided(int k, float alpha, float[] a, int a0, int lda, float[] panel, int base,
                                      float[] tile, float beta,
                                      float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0, pa = a0; p < k; p++, pa += lda) {
            int pb = base + p * BLOCK;
            FloatVector b0 = FloatVector.fromArray(S, panel, pb);
            FloatVector b1 = FloatVector.fromArray(S, panel, pb + L);
            FloatVector b2 = FloatVector.fromArray(S, panel, pb + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, panel, pb + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[pa]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, a[pa + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, a[pa + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, a[pa + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, BLOCK);
        c11.intoArray(tile, BLOCK + L);
        c12.intoArray(tile, BLOCK + 2 * L);
        c13.intoArray(tile, BLOCK + 3 * L);
        c20.intoArray(tile, 2 * BLOCK);
        c21.intoArray(tile, 2 * BLOCK + L);
        c22.intoArray(tile, 2 * BLOCK + 2 * L);
        c23.intoArray(tile, 2 * BLOCK + 3 * L);
        c30.intoArray(tile, 3 * BLOCK);
        c31.intoArray(tile, 3 * BLOCK + L);
        c32.intoArray(tile, 3 * BLOCK + 2 * L);
        c33.intoArray(tile, 3 * BLOCK + 3 * L);
        writeTile(tile, 4, alpha, beta, c, c0, ldc);
    }

    /** One row of C: A's elements for this row at {@code a0 + p * ap}. */
    private static void row(int k, float alpha, float[] a, int a0, int ap, float[] panel, int base, float[] tile,
                            float beta, float[] c, int c0) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = 0, pa = a0; p < k; p++, pa += ap) {
            int pb = base + p * BLOCK;
            FloatVector x = FloatVector.broadcast(S, a[pa]);
            s0 = FloatVector.fromArray(S, panel, pb).fma(x, s0);
            s1 = FloatVector.fromArray(S, panel, pb + L).fma(x, s1);
            s2 = FloatVector.fromArray(S, panel, pb + 2 * L).fma(x, s2);
            s3 = FloatVector.fromArray(S, panel, pb + 3 * L).fma(x, s3);
        }
        s0.intoArray(tile, 0);
        s1.intoArray(tile, L);
        s2.intoArray(tile, 2 * L);
        s3.intoArray(tile, 3 * L);
        writeTile(tile, 1, alpha, beta, c, c0, 0);
    }

    private static float[] buffer(float[][] buffers, int slot, int size) {
        float[] buf = buffers[slot];
        if (buf == null || buf.length < size) {
            buf = new float[size];
            buffers[slot] = buf;
        }
        return buf;
    }

    /**
     * {@code C = alpha * A^T B + beta * C} for a narrow C ({@code n <= 4} columns: the weight
     * gradient of a layer with 2 inputs), A stored {@code [k, m]} with {@code m} a multiple of
     * {@link #BLOCK}, B {@code [k, n]}: computed as its transpose {@code B^T A} ({@code [n, m]},
     * wide) by {@link #gemm}, then written transposed.
     *
     * @param c modified; with {@code beta == 0} its old contents are ignored
     */
    static void narrowTransposed(int m, int n, int k, float alpha, float[] a, float[] b, float beta, float[] c) {
        float[] t = buffer(BUFFERS.get(), 2, n * m);
        gemm(true, false, n, m, k, 1f, b, 0, n, a, 0, m, 0f, t, 0, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = alpha * t[j * m + i];
                c[i * n + j] = beta == 0f ? s : s + beta * c[i * n + j];
            }
        }
    }

    /**
     * {@code C[r, 0 .. BLOCK) = alpha * tile[r] + beta * C[r, ..]} for the first {@code rows} rows
     * of the tile (the accumulators pass through memory so that no vector crosses a method
     * boundary: C2 would box it when the callee is not inlined).
     */
    private static void writeTile(float[] tile, int rows, float alpha, float beta, float[] c, int c0, int ldc) {
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < BLOCK; v += L) {
                int at = c0 + r * ldc + v;
                FloatVector acc = FloatVector.fromArray(S, tile, r * BLOCK + v);
                if (alpha != 1f) {
                    acc = acc.mul(alpha);
                }
                if (beta != 0f) {
                    FloatVector old = FloatVector.fromArray(S, c, at);
                    acc = beta == 1f ? acc.add(old) : old.fma(FloatVector.broadcast(S, beta), acc);
                }
                acc.intoArray(c, at);
            }
        }
    }

}
