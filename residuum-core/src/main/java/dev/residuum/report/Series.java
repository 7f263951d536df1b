package dev.residuum.report;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One named set of (x, y) points of a {@link Chart}, drawn as a line or as markers. The values are
 * copied into unmodifiable lists: a series does not change after it is made.
 *
 * @param name shown in the legend
 * @param x abscissae
 * @param y ordinates, as many as {@code x}
 * @param mark how the points are drawn
 */
public record Series(String name, List<Double> x, List<Double> y, Mark mark) {
    /** How a series is drawn. */
    public enum Mark {
        /** Points joined in order; a point that cannot be placed breaks the line. */
        LINE,
        /** Unconnected markers (a scatter plot); a point that cannot be placed is skipped. */
        POINTS
    }

    /** @throws IllegalArgumentException if {@code x} and {@code y} differ in length */
    public Series {
        Objects.requireNonNull(name, "Series: name");
        Objects.requireNonNull(mark, "Series: mark");
        x = List.copyOf(x);
        y = List.copyOf(y);
        if (x.size() != y.size()) {
            throw new IllegalArgumentException("Series '" + name + "': " + x.size() + " x values but " + y.size()
                    + " y values");
        }
    }

    /**
     * The series of the points {@code (x[i], y[i])}.
     *
     * @param x not modified
     * @param y as many as {@code x}; not modified
     * @throws IllegalArgumentException if {@code x} and {@code y} differ in length
     */
    public static Series of(String name, double[] x, double[] y, Mark mark) {
        return new Series(name, Arrays.stream(x).boxed().toList(), Arrays.stream(y).boxed().toList(), mark);
    }

    /** Number of points. */
    public int size() {
        return x.size();
    }

    double xAt(int i) {
        return x.get(i);
    }

    double yAt(int i) {
        return y.get(i);
    }
}
