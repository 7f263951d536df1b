package dev.residuum.delta;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Per-column {@code (x - mean) / scale}, fitted on training rows only. A column that is constant
 * on the training rows gets scale 1 (it is centred to 0 and carries no information there).
 * A value: the lists are copied and cannot be changed, and two standardizers with the same numbers
 * are equal.
 *
 * @param columns the input columns read, in order
 * @param mean per selected column
 * @param scale per selected column (population standard deviation, or 1 if constant)
 */
public record Standardizer(List<Integer> columns, List<Double> mean, List<Double> scale) {
    public Standardizer {
        columns = List.copyOf(columns);
        mean = List.copyOf(mean);
        scale = List.copyOf(scale);
        if (mean.size() != columns.size() || scale.size() != columns.size()) {
            throw new IllegalArgumentException("Standardizer: " + columns.size() + " columns but " + mean.size()
                    + " means and " + scale.size() + " scales");
        }
    }

    /** The identity on {@code columns} (mean 0, scale 1). */
    public static Standardizer identity(int[] columns) {
        return new Standardizer(boxed(columns), Collections.nCopies(columns.length, 0.0),
                Collections.nCopies(columns.length, 1.0));
    }

    /**
     * Mean and standard deviation of {@code columns} over {@code rows}.
     *
     * @param rows {@code [R][D]}, at least one; not modified
     */
    public static Standardizer fit(double[][] rows, int[] columns) {
        List<Double> mean = new ArrayList<>();
        List<Double> scale = new ArrayList<>();
        for (int column : columns) {
            double m = 0;
            for (double[] r : rows) {
                m += r[column];
            }
            m /= rows.length;
            double v = 0;
            for (double[] r : rows) {
                double d = r[column] - m;
                v += d * d;
            }
            double sd = Math.sqrt(v / rows.length);
            mean.add(m);
            scale.add(sd > 1e-12 * Math.max(1, Math.abs(m)) ? sd : 1);
        }
        return new Standardizer(boxed(columns), mean, scale);
    }

    /** This standardizer with selected column {@code j} passed unchanged (mean 0, scale 1). */
    public Standardizer passing(int j) {
        List<Double> m = new ArrayList<>(mean);
        List<Double> s = new ArrayList<>(scale);
        m.set(j, 0.0);
        s.set(j, 1.0);
        return new Standardizer(columns, m, s);
    }

    /**
     * The standardised selected columns, row-major {@code [R * F]} in float (a network's input).
     *
     * @param rows not modified
     */
    public float[] apply(double[][] rows) {
        int f = columns.size();
        float[] out = new float[rows.length * f];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < f; j++) {
                out[i * f + j] = (float) ((rows[i][columns.get(j)] - mean.get(j)) / scale.get(j));
            }
        }
        return out;
    }

    private static List<Integer> boxed(int[] columns) {
        return Arrays.stream(columns).boxed().toList();
    }
}
