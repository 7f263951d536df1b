package dev.residuum.bench;

import dev.residuum.kernel.Gemm;
import dev.residuum.kernel.Rng;

/** W7 ({@code sgemm_*}): an n x n float32 matrix product through {@link Gemm}. */
final class GemmWorkload implements Runnable {
    final int n;
    private final float[] a;
    private final float[] b;
    private final float[] c;

    GemmWorkload(int n, long seed) {
        this.n = n;
        Rng rng = new Rng(seed);
        a = new float[n * n];
        b = new float[n * n];
        c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
            b[i] = (float) rng.nextGaussian();
        }
    }

    @Override
    public void run() {
        Gemm.gemm(false, false, n, n, n, 1f, a, b, 0f, c);
    }
}
