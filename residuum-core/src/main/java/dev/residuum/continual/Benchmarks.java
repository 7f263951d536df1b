package dev.residuum.continual;

import dev.residuum.data.ImageSet;
import dev.residuum.data.Permutation;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The two classic task sequences built from one labelled image set (MNIST or Fashion-MNIST), as
 * rows of pixels ({@code [N, C*H*W]}) for {@link RowClassificationTask}s, following van de Ven and
 * Tolias, "Three scenarios for continual learning" (2019):
 * <ul>
 *   <li>{@link #split}: the classes cut into consecutive groups ({@code 0,1 | 2,3 | ...}), one
 *       task per group. Task-incremental: each task on its own classes' output units;
 *       class-incremental: one head over all classes, no task identity;</li>
 *   <li>{@link #permuted}: every task has all classes, its pixels shuffled by a fixed permutation
 *       (task 0 keeps the original order, the others are drawn from one seeded generator).</li>
 * </ul>
 * Training rows are the first {@code limit} of each task in file order; every test image of the
 * task is scored.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    /**
     * Split: task {@code t} holds the classes {@code t*k .. t*k+k-1}.
     *
     * @param train not modified
     * @param test not modified
     * @param tasks at least 1, with {@code tasks * classesPerTask} at most the classes present
     * @param classesPerTask at least 1
     * @param taskIncremental each task on its own output units (otherwise on all)
     * @param limit training rows per task at most (at least 1)
     */
    public static List<RowClassificationTask> split(ImageSet train, ImageSet test, int tasks, int classesPerTask,
                                                    boolean taskIncremental, int limit) {
        check(train, test, tasks, limit);
        if (classesPerTask < 1) {
            throw new IllegalArgumentException("Split: classes per task must be at least 1, got " + classesPerTask);
        }
        int classes = 1 + Math.max(max(train.labels()), max(test.labels()));
        if (tasks * classesPerTask > classes) {
            throw new IllegalArgumentException("Split: " + tasks + " tasks of " + classesPerTask + " classes need "
                    + tasks * classesPerTask + " classes, the data has " + classes);
        }
        List<RowClassificationTask> out = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            int lo = t * classesPerTask, hi = lo + classesPerTask;
            int[] own = new int[classesPerTask];
            for (int c = 0; c < own.length; c++) {
                own[c] = lo + c;
            }
            int[] trainRows = rowsOf(train.labels(), lo, hi, limit);
            int[] testRows = rowsOf(test.labels(), lo, hi, Integer.MAX_VALUE);
            if (trainRows.length == 0 || testRows.length == 0) {
                throw new IllegalArgumentException("Split: task " + t + " (classes " + lo + ".." + (hi - 1)
                        + ") has " + trainRows.length + " training and " + testRows.length + " test images; it needs both");
            }
            out.add(new RowClassificationTask("classes " + lo + "-" + (hi - 1), pixels(train, trainRows, null),
                    pick(train.labels(), trainRows), pixels(test, testRows, null), pick(test.labels(), testRows),
                    taskIncremental ? own : null));
        }
        return out;
    }

    /**
     * Permuted: task 0 the images as they are, task {@code t > 0} their pixels reordered by the
     * {@code t}-th permutation drawn from {@code new Rng(seed)}. Every task is on all output units.
     *
     * @param limit training rows per task at most (the first ones; at least 1)
     */
    public static List<RowClassificationTask> permuted(ImageSet train, ImageSet test, int tasks, int limit, long seed) {
        check(train, test, tasks, limit);
        int pixels = train.images().numel() / train.size();
        Rng rng = new Rng(seed);
        int[] trainRows = Permutation.identity(Math.min(limit, train.size()));
        int[] testRows = Permutation.identity(test.size());
        List<RowClassificationTask> out = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            int[] perm = t == 0 ? null : Permutation.random(pixels, rng);
            out.add(new RowClassificationTask(t == 0 ? "original" : "permutation " + t, pixels(train, trainRows, perm),
                    pick(train.labels(), trainRows), pixels(test, testRows, perm), test.labels(), null));
        }
        return out;
    }

    private static void check(ImageSet train, ImageSet test, int tasks, int limit) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (tasks < 1) {
            throw new IllegalArgumentException("Benchmarks: at least 1 task, got " + tasks);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("Benchmarks: the training images per task must be at least 1, got " + limit);
        }
    }

    private static int max(int[] a) {
        int m = 0;
        for (int v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Indices of the first {@code limit} labels in {@code [lo, hi)}. */
    private static int[] rowsOf(int[] labels, int lo, int hi, int limit) {
        int[] out = new int[labels.length];
        int n = 0;
        for (int i = 0; i < labels.length && n < limit; i++) {
            if (labels[i] >= lo && labels[i] < hi) {
                out[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static int[] pick(int[] labels, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = labels[rows[i]];
        }
        return out;
    }

    /** The images {@code rows} as rows of pixels, each reordered by {@code perm} (pixel {@code j} of a row is {@code perm[j]} of the image) when given. */
    private static Tensor pixels(ImageSet set, int[] rows, int[] perm) {
        int f = set.images().numel() / set.size();
        float[] src = set.images().data();
        float[] dst = new float[rows.length * f];
        for (int i = 0; i < rows.length; i++) {
            int from = rows[i] * f;
            if (perm == null) {
                System.arraycopy(src, from, dst, i * f, f);
            } else {
                for (int j = 0; j < f; j++) {
                    dst[i * f + j] = src[from + perm[j]];
                }
            }
        }
        return Tensor.wrap(dst, Shape.of(rows.length, f));
    }
}
