package dev.residuum.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A chart of a {@link Report}: a title, two labelled axes and series drawn as lines or markers.
 * Immutable: {@link #line} and {@link #points} return a new chart with one more series. Each
 * series gets its own colour, in the order added (so a model keeps its colour when every chart
 * of a report adds the models in the same order).
 *
 * <pre>{@code
 * Chart loss = Chart.of("Loss by epoch", Axis.linear("epoch"), Axis.log("loss"))
 *         .line("train", epochs, trainLoss)
 *         .line("test", epochs, testLoss);
 * }</pre>
 *
 * @param title shown above the frame
 * @param x the horizontal axis
 * @param y the vertical axis
 * @param series in drawing (and legend) order; unmodifiable
 */
public record Chart(String title, Axis x, Axis y, List<Series> series) implements Report.Block {
    public Chart {
        Objects.requireNonNull(title, "Chart: title");
        Objects.requireNonNull(x, "Chart: x axis");
        Objects.requireNonNull(y, "Chart: y axis");
        series = List.copyOf(series);
    }

    /** A chart without series yet. */
    public static Chart of(String title, Axis x, Axis y) {
        return new Chart(title, x, y, List.of());
    }

    /**
     * This chart plus a series drawn as a line.
     *
     * @param x abscissae (not modified; copied)
     * @param y ordinates, same length (not modified; copied)
     */
    public Chart line(String name, double[] x, double[] y) {
        return with(Series.of(name, x, y, Series.Mark.LINE));
    }

    /**
     * This chart plus a series drawn as unconnected markers.
     *
     * @param x abscissae (not modified; copied)
     * @param y ordinates, same length (not modified; copied)
     */
    public Chart points(String name, double[] x, double[] y) {
        return with(Series.of(name, x, y, Series.Mark.POINTS));
    }

    /** This chart plus {@code s}. */
    public Chart with(Series s) {
        List<Series> all = new ArrayList<>(series);
        all.add(s);
        return new Chart(title, x, y, all);
    }
}
