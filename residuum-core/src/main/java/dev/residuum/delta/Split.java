package dev.residuum.delta;

import dev.residuum.data.Permutation;
import dev.residuum.kernel.Rng;
import java.util.Arrays;

/**
 * A train/test split of sample indices.
 *
 * @param train sample indices for training (ascending)
 * @param test sample indices for testing (ascending)
 */
public record Split(int[] train, int[] test) {
    public Split {
        train = train.clone();
        test = test.clone();
    }

    /**
     * {@code trainSize} samples drawn at random (seeded) for training, the rest for testing.
     *
     * @throws IllegalArgumentException unless {@code 1 <= trainSize < n}
     */
    public static Split random(int n, int trainSize, long seed) {
        if (trainSize < 1 || trainSize >= n) {
            throw new IllegalArgumentException("Split: the training size must be between 1 and " + (n - 1) + " for " + n
                    + " samples (the rest is the test set), got " + trainSize);
        }
        int[] order = Permutation.random(n, new Rng(seed));
        int[] train = Arrays.copyOf(order, trainSize);
        int[] test = Arrays.copyOfRange(order, trainSize, n);
        Arrays.sort(train);
        Arrays.sort(test);
        return new Split(train, test);
    }

    /** The last {@code testSize} samples for testing (time series: hold out the end). */
    public static Split last(int n, int testSize) {
        if (testSize < 1 || testSize >= n) {
            throw new IllegalArgumentException("Split: the held-out count must be between 1 and " + (n - 1) + " for " + n
                    + " samples, got " + testSize);
        }
        int[] train = new int[n - testSize];
        int[] test = new int[testSize];
        for (int i = 0; i < n; i++) {
            if (i < train.length) {
                train[i] = i;
            } else {
                test[i - train.length] = i;
            }
        }
        return new Split(train, test);
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] test() {
        return test.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Split s && Arrays.equals(train, s.train) && Arrays.equals(test, s.test);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(train) + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "Split[" + train.length + " train, " + test.length + " test]";
    }
}
