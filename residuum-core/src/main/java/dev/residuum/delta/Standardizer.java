package dev.residuum.delta;

import java.util.Arrays;

/**
 * Per-column {@code (x - mean) / scale}, fitted on training rows only. A column that is constant
 * on the training rows gets scale 1 (it is centred to 0 and carries no information there).
 *
 * @param columns the input columns read, in order
 * @param mean per selected column
 * @param scale per selected column (population standard deviation, or 1 if constant)
 */
public record Standardizer(int[] columns, double[] mean, double[] scale) {
    public Standardizer {
        columns = columns.clone();
        mean = mean.clone();
        scale = scale.clone();
        if (mean.length != columns.length || scale.length != columns.length) {
            throw new IllegalArgumentException("Standardizer: " + columns.length + " columns but " + mean.length
                    + " means and " + scale.length + " scales");
        }
    }

    /** The identity on {@code columns} (mean 0, scale 1). */
    public static Standardizer identity(int[] columns) {
        double[] one = new double[columns.length];
        Arrays.fill(one, 1);
        return new Standardizer(columns, new double[columns.length], one);
    }

    /**
     * Mean and standard deviation of {@code columns} over {@code rows}.
     *
     * @param rows {@code [R][D]}, at least one; not modified
     */
    public static Standardizer fit(double[][] rows, int[] columns) {
        int f = columns.length;
        double[] mean = new double[f];
        double[] scale = new double[f];
        for (int j = 0; j < f; j++) {
            double m = 0;
            for (double[] r : rows) {
                m += r[columns[j]];
            }
            m /= rows.length;
            double v = 0;
            for (double[] r : rows) {
                double d = r[columns[j]] - m;
                v += d * d;
            }
            double sd = Math.sqrt(v / rows.length);
            mean[j] = m;
            scale[j] = sd > 1e-12 * Math.max(1, Math.abs(m)) ? sd : 1;
        }
        return new Standardizer(columns, mean, scale);
    }

    /** This standardizer with selected column {@code j} passed unchanged (mean 0, scale 1). */
    public Standardizer passing(int j) {
        double[] m = mean.clone();
        double[] s = scale.clone();
        m[j] = 0;
        s[j] = 1;
        return new Standardizer(columns, m, s);
    }

    /**
     * The standardised selected columns, row-major {@code [R * F]} in float (a network's input).
     *
     * @param rows not modified
     */
    public float[] apply(double[][] rows) {
        int f = columns.length;
        float[] out = new float[rows.length * f];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < f; j++) {
                out[i * f + j] = (float) ((rows[i][columns[j]] - mean[j]) / scale[j]);
            }
        }
        return out;
    }

    @Override
    public int[] columns() {
        return columns.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && Arrays.equals(columns, s.columns) && Arrays.equals(mean, s.mean)
                && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(columns) * 961 + Arrays.hashCode(mean) * 31 + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Standardizer[columns=" + Arrays.toString(columns) + ", mean=" + Arrays.toString(mean) + ", scale="
                + Arrays.toString(scale) + "]";
    }
}
