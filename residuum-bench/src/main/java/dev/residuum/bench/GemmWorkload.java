package dev.residuum.bench;

import dev.residuum.kernel.Gemm;
import dev.residuum.kernel.Rng;

/**
 * W7 ({@code sgemm_*}): a float32 matrix product {@code op(A) op(B)} through {@link Gemm}, whichever
 * kernel it picks for the shape: the reference's n×n×n, and the 64×64×64 products of W4 and W6 in
 * the layouts of a linear layer's three products (forward {@code x W^T}, {@code dX = dY W},
 * {@code dW = dY^T x}).
 *
 * @param name the suffix of the workload's name: {@code n} for the reference's shapes,
 *     {@code 64x64x64_nt} and the like (the shape, then N or T for each operand) otherwise
 * @param a {@code op(A)}'s storage, {@code [m, k]} or {@code [k, m]}
 * @param b {@code op(B)}'s storage, {@code [k, n]} or {@code [n, k]}
 * @param c the result {@code [m, n]}, overwritten by each run
 */
record GemmWorkload(int m, int n, int k, boolean transA, boolean transB, String name, float[] a, float[] b, float[] c)
        implements Runnable {

    /** The reference's {@code n×n×n}, neither operand transposed. */
    static GemmWorkload square(int n, long seed) {
        return of(n, n, n, false, false, seed, Integer.toString(n));
    }

    /** {@code op(A) [m, k]} times {@code op(B) [k, n]}, Gaussian operands drawn from {@code seed}. */
    static GemmWorkload of(int m, int n, int k, boolean transA, boolean transB, long seed) {
        return of(m, n, k, transA, transB, seed, m + "x" + n + "x" + k + "_" + (transA ? "t" : "n") + (transB ? "t" : "n"));
    }

    private static GemmWorkload of(int m, int n, int k, boolean transA, boolean transB, long seed, String name) {
        Rng rng = new Rng(seed);
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextGaussian();
        }
        return new GemmWorkload(m, n, k, transA, transB, name, a, b, new float[m * n]);
    }

    @Override
    public void run() {
        Gemm.gemm(transA, transB, m, n, k, 1f, a, b, 0f, c);
    }
}
