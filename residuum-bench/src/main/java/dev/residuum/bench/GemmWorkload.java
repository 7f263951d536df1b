package dev.residuum.bench;

import dev.residuum.kernel.Gemm;
import dev.residuum.kernel.Rng;

/**
 * W7 ({@code sgemm_*}): a float32 matrix product {@code op(A) op(B)} through {@link Gemm}, whichever
 * kernel it picks for the shape: the reference's n×n×n, and the 64×64×64 products of W4 and W6 in
 * the layouts of a linear layer's three products (forward {@code x W^T}, {@code dX = dY W},
 * {@code dW = dY^T x}).
 */
final class GemmWorkload implements Runnable {
    final int m;
    final int n;
    final int k;
    final boolean transA;
    final boolean transB;
    private final float[] a;
    private final float[] b;
    private final float[] c;

    /** The name's suffix: {@code n} for the reference's shapes, {@code 64x64x64_nt} and the like otherwise. */
    final String name;

    /** The reference's {@code n×n×n}, neither operand transposed. */
    GemmWorkload(int n, long seed) {
        this(n, n, n, false, false, seed, Integer.toString(n));
    }

    /** {@code op(A) [m, k]} times {@code op(B) [k, n]}, named by the shape and then N or T for each operand. */
    GemmWorkload(int m, int n, int k, boolean transA, boolean transB, long seed) {
        this(m, n, k, transA, transB, seed, m + "x" + n + "x" + k + "_" + (transA ? "t" : "n") + (transB ? "t" : "n"));
    }

    private GemmWorkload(int m, int n, int k, boolean transA, boolean transB, long seed, String name) {
        this.name = name;
        this.m = m;
        this.n = n;
        this.k = k;
        this.transA = transA;
        this.transB = transB;
        Rng rng = new Rng(seed);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextGaussian();
        }
    }

    @Override
    public void run() {
        Gemm.gemm(transA, transB, m, n, k, 1f, a, b, 0f, c);
    }
}
