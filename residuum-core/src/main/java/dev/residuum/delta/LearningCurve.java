package dev.residuum.delta;

import dev.residuum.data.Permutation;
import dev.residuum.kernel.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Test error against training size for baseline, Δ and direct models: on one fixed test split,
 * for each repeat a seeded shuffle of the training pool, and for each size {@code N1 < N2 < ...}
 * the first {@code N} samples of it (nested subsets), a {@link Comparison} fitted on them.
 */
public final class LearningCurve {
    /** Mean and sample standard deviation over repeats (standard deviation 0 for one repeat). */
    public record Summary(double maeMean, double maeStd, double rmseMean, double rmseStd) {
        static Summary of(List<Metrics> runs) {
            double[] mae = runs.stream().mapToDouble(Metrics::mae).toArray();
            double[] rmse = runs.stream().mapToDouble(Metrics::rmse).toArray();
            return new Summary(mean(mae), std(mae), mean(rmse), std(rmse));
        }

        private static double mean(double[] v) {
            return Arrays.stream(v).sum() / v.length;
        }

        private static double std(double[] v) {
            if (v.length < 2) {
                return 0;
            }
            double m = mean(v);
            double s = 0;
            for (double x : v) {
                s += (x - m) * (x - m);
            }
            return Math.sqrt(s / (v.length - 1));
        }
    }

    /** One training size: the test errors of the three models over the repeats. */
    public record Point(int trainSize, int repeats, Summary baseline, Summary delta, Summary direct) {
    }

    private LearningCurve() {
    }

    /**
     * Runs the curve.
     *
     * @param data all samples; not modified
     * @param split {@code test} is the fixed test set, {@code train} the pool the training sets are drawn from
     * @param sizes increasing training sizes, each at most the pool size
     * @param repeats number of seeds (at least 1)
     * @param seed repeat {@code k} uses seed {@code seed + k} for its shuffle and its networks
     * @param progress called after each fit with a one-line description (may be {@code s -> {}})
     */
    public static List<Point> run(Comparison comparison, DeltaData data, Split split, int[] sizes, int repeats, long seed,
                                  Consumer<String> progress) {
        Objects.requireNonNull(comparison, "comparison");
        int[] pool = split.train();
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1 || sizes[i] > pool.length || (i > 0 && sizes[i] <= sizes[i - 1])) {
                throw new IllegalArgumentException("LearningCurve: sizes must increase from 1 to the training pool size "
                        + pool.length + ", got " + Arrays.toString(sizes));
            }
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("LearningCurve: repeats must be at least 1, got " + repeats);
        }
        DeltaData test = data.subset(split.test());
        List<List<Metrics>> b = new ArrayList<>(), d = new ArrayList<>(), r = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            b.add(new ArrayList<>());
            d.add(new ArrayList<>());
            r.add(new ArrayList<>());
        }
        for (int k = 0; k < repeats; k++) {
            int[] order = Permutation.random(pool.length, new Rng(seed + k));
            for (int i = 0; i < sizes.length; i++) {
                int[] chosen = new int[sizes[i]];
                for (int j = 0; j < chosen.length; j++) {
                    chosen[j] = pool[order[j]];
                }
                Comparison.Result res = comparison.run(data.subset(chosen), test, seed + k, dev.residuum.train.TrainingListener.NONE);
                b.get(i).add(res.baselineMetrics());
                d.get(i).add(res.deltaMetrics());
                r.get(i).add(res.directMetrics());
                progress.accept(String.format(Locale.ROOT,
                        "N = %d, repeat %d: test MAE baseline %.6g, delta %.6g, direct %.6g", sizes[i], k,
                        res.baselineMetrics().mae(), res.deltaMetrics().mae(), res.directMetrics().mae()));
            }
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            points.add(new Point(sizes[i], repeats, Summary.of(b.get(i)), Summary.of(d.get(i)), Summary.of(r.get(i))));
        }
        return points;
    }
}
