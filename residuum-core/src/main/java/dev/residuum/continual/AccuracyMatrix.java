package dev.residuum.continual;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;

/**
 * The accuracies of a continual-learning run: {@code R[i][j]}, the accuracy on task {@code j}
 * after training tasks {@code 0 .. i} (every task evaluated after every task, so the matrix is
 * square), and {@code b[j]}, the accuracy on task {@code j} before any training. With
 * {@code T} tasks (indices from 0 here, from 1 in the papers):
 * <ul>
 *   <li>average accuracy {@code ACC = (1/T) sum_j R[T-1][j]};</li>
 *   <li>backward transfer {@code BWT = (1/(T-1)) sum_{j<T-1} (R[T-1][j] - R[j][j])} and forward
 *       transfer {@code FWT = (1/(T-1)) sum_{j>0} (R[j-1][j] - b[j])}, as defined by
 *       D. Lopez-Paz and M. Ranzato, "Gradient Episodic Memory for Continual Learning", NeurIPS
 *       2017 (section 2), and computed so by Avalanche; negative BWT is forgetting;</li>
 *   <li>forgetting {@code F = (1/(T-1)) sum_{j<T-1} max_{j<=l<T-1} (R[l][j] - R[T-1][j])}, as defined
 *       by A. Chaudhry, P. K. Dokania, T. Ajanthan and P. H. S. Torr, "Riemannian Walk for
 *       Incremental Learning: Understanding Forgetting and Intransigence", ECCV 2018 (the
 *       maximum over the evaluations after task {@code j} was learnt and before the last, so it
 *       counts any earlier peak; evaluations before task {@code j} was seen do not count).</li>
 * </ul>
 * With one task, BWT, FWT and forgetting are 0 (no earlier or later task).
 *
 * @param r {@code [T][T]} accuracies in [0, 1], row {@code i} after training task {@code i}; copied
 * @param initial {@code [T]} accuracies before training; copied
 */
public record AccuracyMatrix(List<List<Double>> r, List<Double> initial) {
    /** Checks that {@code r} is T x T (T >= 1) and {@code initial} has T entries, and copies both. */
    public AccuracyMatrix {
        Objects.requireNonNull(r, "r");
        Objects.requireNonNull(initial, "initial");
        int t = r.size();
        if (t < 1 || initial.size() != t) {
            throw new IllegalArgumentException("AccuracyMatrix: need T >= 1 rows and T initial accuracies, got "
                    + t + " rows and " + initial.size());
        }
        for (int i = 0; i < t; i++) {
            if (r.get(i).size() != t) {
                throw new IllegalArgumentException("AccuracyMatrix: row " + i + " has " + r.get(i).size()
                        + " entries, expected " + t);
            }
        }
        r = r.stream().map(List::copyOf).toList();
        initial = List.copyOf(initial);
    }

    /**
     * The matrix of the rows {@code r} and the accuracies {@code initial} (neither modified).
     *
     * @throws IllegalArgumentException unless {@code r} is T x T (T >= 1) and {@code initial} has T entries
     */
    public static AccuracyMatrix of(double[][] r, double[] initial) {
        return new AccuracyMatrix(Arrays.stream(r).map(row -> Arrays.stream(row).boxed().toList()).toList(),
                Arrays.stream(initial).boxed().toList());
    }

    /** Number of tasks {@code T}. */
    public int tasks() {
        return r.size();
    }

    /** {@code R[i][j]}. */
    public double get(int i, int j) {
        return r.get(i).get(j);
    }

    /** Average accuracy over all tasks after the last. */
    public double averageAccuracy() {
        int t = tasks();
        double s = 0;
        for (int j = 0; j < t; j++) {
            s += get(t - 1, j);
        }
        return s / t;
    }

    /** Lopez-Paz and Ranzato's backward transfer (negative: forgetting). */
    public double backwardTransfer() {
        int t = tasks();
        return meanOverEarlierTasks(j -> get(t - 1, j) - get(j, j));
    }

    /** Lopez-Paz and Ranzato's forward transfer. */
    public double forwardTransfer() {
        return meanOverEarlierTasks(j -> get(j, j + 1) - initial.get(j + 1));
    }

    /** Chaudhry et al.'s average forgetting after the last task. */
    public double forgetting() {
        int t = tasks();
        return meanOverEarlierTasks(j -> {
            double best = Double.NEGATIVE_INFINITY;
            for (int l = j; l < t - 1; l++) {
                best = Math.max(best, get(l, j));
            }
            return best - get(t - 1, j);
        });
    }

    /** The mean of {@code term(j)} over the tasks {@code j = 0 .. T-2} before the last, summed in order; 0 for one task. */
    private double meanOverEarlierTasks(IntToDoubleFunction term) {
        int t = tasks();
        if (t == 1) {
            return 0;
        }
        double s = 0;
        for (int j = 0; j < t - 1; j++) {
            s += term.applyAsDouble(j);
        }
        return s / (t - 1);
    }

    /** The rows, copied. */
    public double[][] rows() {
        return r.stream().map(row -> row.stream().mapToDouble(Double::doubleValue).toArray()).toArray(double[][]::new);
    }

    @Override
    public String toString() {
        return "AccuracyMatrix" + r + ", initial " + initial;
    }
}
