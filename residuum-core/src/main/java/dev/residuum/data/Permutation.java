package dev.residuum.data;

import dev.residuum.kernel.Rng;

/**
 * Random orders of samples: the one Fisher–Yates shuffle of the project (training data order,
 * train/test splits, learning-curve subsets, benchmark data), so that a seed means the same order
 * everywhere.
 */
public final class Permutation {
    private Permutation() {
    }

    /** {@code 0 .. n-1} in order. */
    public static int[] identity(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Permutation: n must be >= 0, got " + n);
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** A uniformly random permutation of {@code 0 .. n-1}, drawing {@code n - 1} values from {@code rng} (advanced). */
    public static int[] random(int n, Rng rng) {
        int[] a = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
