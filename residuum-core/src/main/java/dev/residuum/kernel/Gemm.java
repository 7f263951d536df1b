package dev.residuum.kernel;

/**
 * Row-major single-precision matrix product {@code C = alpha * op(A) * op(B) + beta * C}, where
 * {@code op(X)} is {@code X} or its transpose.
 *
 * <p>Dispatch by size: products below {@link #TINY_FLOPS} run in a tight Java loop (a JNI call
 * costs more than the arithmetic there); larger ones go to native BLAS ({@link Blas}); very large
 * ones are split by rows of C over {@link Parallel} workers, each calling single-threaded BLAS.
 *
 * <p>Whole dense matrices (no offsets, natural row strides) of at most {@link #PARALLEL_FLOPS}
 * multiply-adds run on {@link VectorGemm} when the JVM has 16-lane (AVX-512) float vectors and C
 * is wide ({@code n} a multiple of 64, {@code k >= }{@link #VECTOR_MIN_K}), or for a narrow
 * weight gradient {@code A^T B} ({@code n <= 4}, {@code m} a multiple of 64): the layers of an
 * MLP on a batch. At 256×64×64 it took 14–17 µs against OpenBLAS's 21–31 µs (whose Haswell
 * kernels use 8 lanes) in every layout; 64×2×256 ({@code A^T B}) 1.5 µs against 5. The 2-wide
 * products with {@code A} not transposed stay on BLAS: a dot-product kernel and a small-k
 * kernel measured slower than its 3–5 µs.
 *
 * <p>Other products of at most {@link #DNNL_FLOPS} multiply-adds (and at least
 * {@link #TINY_FLOPS}) go to oneDNN's {@code sgemm} when its binding is loaded
 * ({@link Dnnl#available()}; {@code -Dresiduum.gemm.dnnl=false} keeps them on BLAS): its
 * kernels, generated for the CPU, took 6.4–7.1 µs at 64×64×64 against OpenBLAS's 8.9–9.8 in
 * every layout, 1.8 against 2.5–2.9 at 64×16×64, 0.3–0.4 against 1.2–1.9 at 64×1×64 (one core of
 * an AVX2 EPYC, OpenBLAS on its own Zen kernels); above 2^20 multiply-adds the two traded places
 * (A^T B at 4096×64×64: oneDNN 818 µs, OpenBLAS 552), so larger products stay on BLAS.
 *
 * <p>Of those, the products with A not transposed, of at most {@link #XSMM_FLOPS} multiply-adds
 * and with C at least {@link #XSMM_MIN_N} columns wide (a multiple of 8), run on LIBXSMM's
 * kernels when the binding was built with it ({@link Dnnl#xsmm()}; {@code -Dresiduum.gemm.xsmm=false}
 * keeps them on oneDNN). Generated for the shape and layout, without oneDNN's packing of the
 * operands, they took 5.0 µs at 64×64×64 against oneDNN's 5.7–5.8, 5.4 with the transpose that
 * {@code A B^T} needs first (oneDNN 6.1), 2.5 against 3.1–3.5 at 32×64×64, on one core of an AVX2
 * EPYC (Zen 2) with the operands in cache; inside the deep residual MLP's step (W6), 5.8 against
 * 6.5–6.6 ({@code A B}) and 6.2 against 7.0 ({@code A B^T}). {@code A^T B} (a weight gradient)
 * stays on oneDNN: there LIBXSMM took 6.4–7.5 µs against 6.6–6.8. With C narrow LIBXSMM loses
 * (64×1×64: 1.8 µs against 0.4), and above 2^18 multiply-adds the two trade places again. Its
 * kernels take alpha 1 with beta 0 or 1; another alpha with beta 0 scales C afterwards, and the
 * other cases stay on oneDNN.
 */
public final class Gemm {
    /** Below this many multiply-adds ({@code m*n*k}) the Java kernel is used. */
    static final long TINY_FLOPS = 4_096;
    /** Above this many multiply-adds the rows of C are split over worker threads. */
    static final long PARALLEL_FLOPS = 1L << 21;
    /**
     * Shortest inner dimension for the wide {@link VectorGemm} product: below it the per-block
     * cost exceeds the arithmetic (256×64×2: 3.5–5 µs against OpenBLAS's 2.5–3).
     */
    static final int VECTOR_MIN_K = 16;
    /** Whether {@link VectorGemm} serves the shapes above (16 float lanes, Vector API present). */
    static final boolean VECTOR = Simd.floatLanes() == 16;
    /** At most this many multiply-adds run on oneDNN's sgemm when it is loaded (see the class comment). */
    static final long DNNL_FLOPS = 1L << 20;
    /** Whether small products may run on oneDNN ({@code -Dresiduum.gemm.dnnl}, default true). */
    private static final boolean DNNL = Boolean.parseBoolean(System.getProperty("residuum.gemm.dnnl", "true"));
    /** At most this many multiply-adds run on LIBXSMM when it is there (see the class comment). */
    static final long XSMM_FLOPS = 1L << 18;
    /** The narrowest C (columns, {@code n}) that LIBXSMM's kernels serve; n must also be a multiple of 8. */
    static final int XSMM_MIN_N = 32;
    /** Whether the smallest products may run on LIBXSMM ({@code -Dresiduum.gemm.xsmm}, default true). */
    private static final boolean XSMM = Boolean.parseBoolean(System.getProperty("residuum.gemm.xsmm", "true"));

    private Gemm() {
    }

    /**
     * The kernels behind the products, for logs and checkpoints: {@link Blas#description()}, and
     * oneDNN's sgemm for the small products when it serves them.
     */
    public static String description() {
        return Blas.description() + (dnnl() ? "; products up to 2^20 multiply-adds on oneDNN's sgemm" : "")
                + (xsmm() ? ", those up to 2^18 with C at least 32 columns wide on LIBXSMM's kernels" : "");
    }

    private static boolean dnnl() {
        return DNNL && Dnnl.available();
    }

    private static boolean xsmm() {
        return XSMM && DNNL && Dnnl.xsmm();
    }

    /** Whether {@link Dnnl#xsmm} takes this product (see the class comment). */
    static boolean xsmmServes(boolean transA, int n, long flops, float alpha, float beta) {
        return !transA && flops <= XSMM_FLOPS && n >= XSMM_MIN_N && n % 8 == 0
                && (beta == 0f || (beta == 1f && alpha == 1f)) && xsmm();
    }

    /**
     * Computes {@code C = alpha * op(A) * op(B) + beta * C} on row-major arrays that start at index 0.
     *
     * @param transA whether A is stored transposed: A is {@code [m, k]} when false, {@code [k, m]} when true. Not modified.
     * @param transB whether B is stored transposed: B is {@code [k, n]} when false, {@code [n, k]} when true. Not modified.
     * @param c {@code [m, n]}. Modified. With {@code beta == 0} its old contents are ignored (NaN included).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, float[] b, float beta, float[] c) {
        gemm(transA, transB, m, n, k, alpha, a, 0, b, 0, beta, c, 0);
    }

    /**
     * As {@link #gemm(boolean, boolean, int, int, int, float, float[], float[], float, float[])} on
     * matrices that start at the given offsets of their arrays (one image of a batch, say).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int offA, float[] b, int offB, float beta, float[] c, int offC) {
        gemm(transA, transB, m, n, k, alpha, a, offA, transA ? m : k, b, offB, transB ? k : n, beta, c, offC, n);
    }

    /**
     * The general form: row-major matrices at offsets, with explicit row strides (leading
     * dimensions) {@code lda}, {@code ldb}, {@code ldc} of the stored (not the transposed)
     * layouts, so that an operand can be a strided view (a shifted window of a padded image).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int offA, int lda, float[] b, int offB, int ldb, float beta,
                            float[] c, int offC, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        long flops = (long) m * n * k;
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                for (int j = offC + i * ldc; j < offC + i * ldc + n; j++) {
                    c[j] = beta == 0f ? 0f : beta * c[j];
                }
            }
        } else if (VECTOR && flops <= PARALLEL_FLOPS && offA == 0 && offB == 0 && offC == 0
                && lda == (transA ? m : k) && ldb == (transB ? k : n) && ldc == n
                && ((n % 64 == 0 && k >= VECTOR_MIN_K) || (n <= 4 && transA && !transB && m % 64 == 0))) {
            if (n % 64 == 0) {
                VectorGemm.gemm(transA, transB, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, ldc);
            } else {
                VectorGemm.narrowTransposed(m, n, k, alpha, a, b, beta, c);
            }
        } else if (flops >= TINY_FLOPS && flops <= DNNL_FLOPS && dnnl()) {
            if (xsmmServes(transA, n, flops, alpha, beta)) {
                Dnnl.xsmm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            } else {
                Dnnl.sgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            }
        } else if (flops < TINY_FLOPS || !Blas.isNative()) {
            java(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
        } else {
            Parallel.forRange(m, flops, PARALLEL_FLOPS, (from, to) -> {
                // Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T: swap the operands.
                int rowA = transA ? from : from * lda;
                Blas.get().sgemm(transB ? "T" : "N", transA ? "T" : "N", n, to - from, k,
                        alpha, b, offB, ldb, a, offA + rowA, lda, beta, c, offC + from * ldc, ldc);
            });
        }
    }

    private static void java(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int offA, int lda, float[] b, int offB, int ldb, float beta,
                             float[] c, int offC, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = offC + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
            for (int p = 0; p < k; p++) {
                float aip = alpha * (transA ? a[offA + p * lda + i] : a[offA + i * lda + p]);
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[offB + j * ldb + p];
                    }
                } else {
                    int bp = offB + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        }
    }

    /**
     * Double precision {@code C = op(A) op(B)} on row-major arrays that start at index 0: native
     * BLAS's dgemm when there is one (single call, no split over workers), a plain Java loop
     * otherwise. For the manifolds' double arithmetic (projections and retractions of large
     * orthonormal frames).
     *
     * @param transA whether A is stored transposed: A is {@code [m, k]} when false, {@code [k, m]} when true. Not modified.
     * @param transB whether B is stored transposed: B is {@code [k, n]} when false, {@code [n, k]} when true. Not modified.
     * @param c {@code [m, n]}. Modified (overwritten).
     */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c) {
        if (m == 0 || n == 0) {
            return;
        }
        int lda = transA ? m : k, ldb = transB ? k : n;
        if (k > 0 && Blas.isNative()) {
            // Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T: swap the operands.
            Blas.get().dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, 1.0, b, 0, ldb, a, 0, lda, 0.0, c, 0, n);
            return;
        }
        java.util.Arrays.fill(c, 0, m * n, 0.0);
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double aip = transA ? a[p * lda + i] : a[i * lda + p];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aip * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                }
            }
        }
    }
}
