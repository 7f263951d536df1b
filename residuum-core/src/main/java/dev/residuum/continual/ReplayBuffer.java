package dev.residuum.continual;

import dev.residuum.kernel.Rng;
import java.util.Arrays;
import java.util.Objects;

/**
 * A small episodic memory of training rows for experience replay: a uniform sample of every row
 * seen so far, kept by reservoir sampling (Vitter's algorithm R: the {@code n}-th row seen replaces
 * a random slot with probability {@code capacity / n}), as in Chaudhry et al. 2019, "On Tiny
 * Episodic Memories in Continual Learning". Each row keeps its label and its task's output
 * classes. One seeded generator drives both the reservoir and the draws, so a run is repeatable.
 */
public final class ReplayBuffer {
    private final int capacity;
    private final Rng rng;
    private float[] rows;
    private int features = -1;
    private final int[] labels;
    private final int[][] classes;
    private int size;
    private long seen;

    /**
     * An empty memory.
     *
     * @param capacity rows kept (at least 1)
     */
    public ReplayBuffer(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ReplayBuffer: capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.rng = new Rng(seed);
        this.labels = new int[capacity];
        this.classes = new int[capacity][];
    }

    /** Rows held now (at most the capacity). */
    public int size() {
        return size;
    }

    /** Rows offered so far. */
    public long seen() {
        return seen;
    }

    /** Rows held at most. */
    public int capacity() {
        return capacity;
    }

    /**
     * Offers every training row of {@code task} to the reservoir, in the task's order.
     *
     * @param task not modified
     * @throws IllegalArgumentException if its rows are not as wide as the rows held
     */
    public void add(RowClassificationTask task) {
        Objects.requireNonNull(task, "task");
        int f = task.features();
        if (features < 0) {
            features = f;
            rows = new float[capacity * f];
        } else if (f != features) {
            throw new IllegalArgumentException("ReplayBuffer: task '" + task.name() + "' has rows of " + f
                    + " features, the memory holds rows of " + features);
        }
        float[] x = task.x().data();
        int[] y = task.labels();
        int[] set = task.classes();
        for (int i = 0; i < y.length; i++) {
            seen++;
            int slot;
            if (size < capacity) {
                slot = size++;
            } else {
                long j = (long) (rng.nextDouble() * seen);
                if (j >= capacity) {
                    continue;
                }
                slot = (int) j;
            }
            System.arraycopy(x, i * f, rows, slot * f, f);
            labels[slot] = y[i];
            classes[slot] = set;
        }
    }

    /**
     * Draws {@code m} rows uniformly with replacement.
     *
     * @param x receives the rows from float {@code xOffset} on (modified)
     * @param y receives the labels from {@code at} on (modified)
     * @param sets receives each row's task classes (null: all) from {@code at} on (modified)
     * @throws IllegalStateException if the memory is empty
     */
    void draw(int m, float[] x, int xOffset, int[] y, int[][] sets, int at) {
        if (size == 0) {
            throw new IllegalStateException("ReplayBuffer: nothing to draw from, the memory is empty");
        }
        for (int i = 0; i < m; i++) {
            int s = rng.nextInt(size);
            System.arraycopy(rows, s * features, x, xOffset + i * features, features);
            y[at + i] = labels[s];
            sets[at + i] = classes[s];
        }
    }

    /** The labels held, in slot order (for tests and reports). */
    public int[] labels() {
        return Arrays.copyOf(labels, size);
    }
}
