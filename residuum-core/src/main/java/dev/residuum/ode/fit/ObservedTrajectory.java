package dev.residuum.ode.fit;

import dev.residuum.data.CsvTable;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One trajectory sampled at strictly increasing times: {@code times[i]} and the state
 * {@code x(times[i])} of {@code d} named components.
 *
 * @param times strictly increasing, finite
 * @param values row-major {@code [times.length, d]}, finite
 * @param names the components' names, {@code d} of them
 */
public record ObservedTrajectory(double[] times, float[] values, List<String> names) {
    public ObservedTrajectory {
        Objects.requireNonNull(times, "times");
        Objects.requireNonNull(values, "values");
        names = List.copyOf(names);
        if (times.length < 2 || names.isEmpty() || values.length != times.length * names.size()) {
            throw new IllegalArgumentException("ObservedTrajectory: needs at least two times and one component, and "
                    + "times x components values; got " + times.length + " times, " + names.size() + " components, "
                    + values.length + " values");
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i]) || (i > 0 && !(times[i] > times[i - 1]))) {
                throw new IllegalArgumentException("ObservedTrajectory: times must be finite and strictly increasing;"
                        + " row " + i + " has t = " + times[i] + (i > 0 ? " after " + times[i - 1] : ""));
            }
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("ObservedTrajectory: " + names.get(i % names.size()) + " at row "
                        + (i / names.size()) + " is " + values[i]);
            }
        }
    }

    /**
     * The columns {@code time} and {@code state} of a CSV table.
     *
     * @throws IllegalArgumentException naming a missing column, a non-number, NaN or a time out of order
     */
    public static ObservedTrajectory fromCsv(CsvTable table, String time, List<String> state) {
        double[] t = table.numbers(time, "time");
        float[] v = new float[t.length * state.size()];
        for (int c = 0; c < state.size(); c++) {
            double[] col = table.numbers(state.get(c), "state");
            for (int i = 0; i < t.length; i++) {
                v[i * state.size() + c] = (float) col[i];
            }
        }
        return new ObservedTrajectory(t, v, state);
    }

    /** Number of samples. */
    public int size() {
        return times.length;
    }

    /** Number of state components. */
    public int dims() {
        return names.size();
    }

    /** The states of rows {@code rows}, as {@code [rows.length, d]} (a copy). */
    public Tensor states(int[] rows) {
        int d = dims();
        float[] out = new float[rows.length * d];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(values, rows[r] * d, out, r * d, d);
        }
        return Tensor.wrap(out, Shape.of(rows.length, d));
    }

    /** Rows {@code [from, to)} as {@code [to - from, d]} (a copy). */
    public Tensor range(int from, int to) {
        return Tensor.wrap(Arrays.copyOfRange(values, from * dims(), to * dims()), Shape.of(to - from, dims()));
    }

    /** The number of leading rows with {@code t <= until}. */
    public int rowsUntil(double until) {
        int n = 0;
        while (n < times.length && times[n] <= until) {
            n++;
        }
        return n;
    }

    /** Whether the times are evenly spaced, to {@code 1e-6} of the spacing. */
    public boolean uniform() {
        double h = (times[times.length - 1] - times[0]) / (times.length - 1);
        for (int i = 1; i < times.length; i++) {
            if (Math.abs(times[i] - times[i - 1] - h) > 1e-6 * h) {
                return false;
            }
        }
        return true;
    }
}
