package dev.residuum.delta;

import java.util.Arrays;
import java.util.Objects;

/**
 * Samples for Δ-learning: rows of inputs, grouped into samples, and one target per sample. In
 * the common case each sample is one row ({@link #perRow}); in size-extensive data a sample is
 * made of components (atoms, sites), one row each ({@link #grouped}), and sample-level columns
 * (the baseline's inputs) are read from the sample's first row.
 *
 * <p>The arrays are kept by reference: treat them as read-only.
 *
 * @param rows {@code [R][D]} inputs, every row of the same length {@code D >= 1}
 * @param offsets {@code [S + 1]}: sample {@code s} owns rows {@code offsets[s] .. offsets[s+1]-1};
 *     strictly increasing from 0 to {@code R}
 * @param target {@code [S]} values to predict (NaN where unknown; {@link DeltaModel#fit} and
 *     {@link DeltaModel#evaluate} need finite ones)
 */
public record DeltaData(double[][] rows, int[] offsets, double[] target) {
    public DeltaData {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(target, "target");
        if (rows.length == 0) {
            throw new IllegalArgumentException("DeltaData: no rows");
        }
        int d = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d || d == 0) {
                throw new IllegalArgumentException("DeltaData: row " + i + " has " + rows[i].length + " columns, expected "
                        + d + " (the first row's, at least 1)");
            }
        }
        if (offsets.length != target.length + 1 || offsets[0] != 0 || offsets[offsets.length - 1] != rows.length) {
            throw new IllegalArgumentException("DeltaData: offsets must run from 0 to " + rows.length + " with one more entry"
                    + " than the " + target.length + " targets, got " + offsets.length + " entries from " + offsets[0]
                    + " to " + offsets[offsets.length - 1]);
        }
        for (int s = 0; s < target.length; s++) {
            if (offsets[s + 1] <= offsets[s]) {
                throw new IllegalArgumentException("DeltaData: sample " + s + " has no rows (offsets " + offsets[s] + ", "
                        + offsets[s + 1] + ")");
            }
        }
    }

    /** One row per sample. @param x {@code [N][D]} @param y {@code [N]} */
    public static DeltaData perRow(double[][] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("DeltaData.perRow: " + x.length + " rows but " + y.length + " targets");
        }
        int[] offsets = new int[x.length + 1];
        for (int i = 0; i <= x.length; i++) {
            offsets[i] = i;
        }
        return new DeltaData(x, offsets, y);
    }

    /**
     * Samples made of components.
     *
     * @param rows {@code [R][D]}, the rows of each sample contiguous
     * @param sizes number of components of each sample, {@code [S]}, summing to {@code R}
     * @param y {@code [S]}
     */
    public static DeltaData grouped(double[][] rows, int[] sizes, double[] y) {
        int[] offsets = new int[sizes.length + 1];
        for (int s = 0; s < sizes.length; s++) {
            offsets[s + 1] = offsets[s] + sizes[s];
        }
        return new DeltaData(rows, offsets, y);
    }

    /** Number of samples. */
    public int samples() {
        return target.length;
    }

    /** Number of components (rows) of sample {@code s}. */
    public int components(int s) {
        return offsets[s + 1] - offsets[s];
    }

    /** Number of columns. */
    public int columns() {
        return rows[0].length;
    }

    /** The first row of each sample ({@code [S][D]}, shared with {@link #rows()}): what a baseline sees. */
    public double[][] sampleRows() {
        double[][] out = new double[target.length][];
        for (int s = 0; s < out.length; s++) {
            out[s] = rows[offsets[s]];
        }
        return out;
    }

    /** The samples {@code indices}, in that order (rows shared, not copied). */
    public DeltaData subset(int[] indices) {
        int total = 0;
        for (int s : indices) {
            if (s < 0 || s >= target.length) {
                throw new IndexOutOfBoundsException("DeltaData.subset: sample " + s + " of " + target.length);
            }
            total += components(s);
        }
        double[][] r = new double[total][];
        int[] off = new int[indices.length + 1];
        double[] y = new double[indices.length];
        int k = 0;
        for (int i = 0; i < indices.length; i++) {
            int s = indices[i];
            for (int j = offsets[s]; j < offsets[s + 1]; j++) {
                r[k++] = rows[j];
            }
            off[i + 1] = k;
            y[i] = target[s];
        }
        return new DeltaData(r, off, y);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeltaData d && Arrays.deepEquals(rows, d.rows) && Arrays.equals(offsets, d.offsets)
                && Arrays.equals(target, d.target);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.deepHashCode(rows) + Arrays.hashCode(offsets)) + Arrays.hashCode(target);
    }

    @Override
    public String toString() {
        return "DeltaData[" + target.length + " samples, " + rows.length + " rows, " + columns() + " columns]";
    }
}
