package dev.residuum.report;

import java.util.Objects;

/**
 * One named set of (x, y) points of a {@link Chart}, drawn as a line or as markers. The arrays are
 * copied: a series does not change after it is made.
 *
 * @param name shown in the legend
 * @param x abscissae
 * @param y ordinates, as many as {@code x}
 * @param mark how the points are drawn
 */
public record Series(String name, double[] x, double[] y, Mark mark) {
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
        if (x.length != y.length) {
            throw new IllegalArgumentException("Series '" + name + "': " + x.length + " x values but " + y.length
                    + " y values");
        }
        x = x.clone();
        y = y.clone();
    }

    /** The abscissae (a copy). */
    @Override
    public double[] x() {
        return x.clone();
    }

    /** The ordinates (a copy). */
    @Override
    public double[] y() {
        return y.clone();
    }

    /** Number of points. */
    public int size() {
        return x.length;
    }

    double xAt(int i) {
        return x[i];
    }

    double yAt(int i) {
        return y[i];
    }
}
