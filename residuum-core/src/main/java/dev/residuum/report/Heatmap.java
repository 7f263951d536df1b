package dev.residuum.report;

import java.util.List;
import java.util.Objects;

/**
 * A matrix of numbers drawn as a grid of coloured cells, each cell also printing its value
 * ({@link NumberText}, {@code digits} significant digits): a continual-learning accuracy matrix
 * (rows: after training task i; columns: scored on task j), a confusion matrix. The colour runs
 * from light (at {@code low}) to dark (at {@code high}) on one sequential scale; values outside
 * are clamped, NaN cells are grey and print "NaN". Immutable: the values are copied.
 *
 * @param title shown above the grid
 * @param rowLabel what the rows are (shown at the left)
 * @param columnLabel what the columns are (shown at the bottom)
 * @param rows one label per row
 * @param columns one label per column
 * @param values {@code [rows][columns]}
 * @param low the value drawn lightest
 * @param high the value drawn darkest (greater than {@code low})
 * @param digits significant digits printed in the cells (at least 1)
 */
public record Heatmap(String title, String rowLabel, String columnLabel, List<String> rows, List<String> columns,
                      double[][] values, double low, double high, int digits) implements Report.Block {
    public Heatmap {
        Objects.requireNonNull(title, "Heatmap: title");
        Objects.requireNonNull(rowLabel, "Heatmap: row label");
        Objects.requireNonNull(columnLabel, "Heatmap: column label");
        rows = List.copyOf(rows);
        columns = List.copyOf(columns);
        if (values.length != rows.size() || rows.isEmpty() || columns.isEmpty()) {
            throw new IllegalArgumentException("Heatmap '" + title + "': " + values.length + " rows of values for "
                    + rows.size() + " row labels and " + columns.size() + " column labels; need at least one of each and"
                    + " one row of values per row label");
        }
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != columns.size()) {
                throw new IllegalArgumentException("Heatmap '" + title + "': row " + i + " has " + values[i].length
                        + " values, expected " + columns.size() + " (one per column label)");
            }
            copy[i] = values[i].clone();
        }
        values = copy;
        if (!(high > low) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("Heatmap '" + title + "': the colour range needs finite low < high, got "
                    + low + " .. " + high);
        }
        if (digits < 1) {
            throw new IllegalArgumentException("Heatmap '" + title + "': digits must be at least 1, got " + digits);
        }
    }

    /** A heat map of {@code values} coloured over {@code [low, high]}, cells printed with 3 significant digits. */
    public static Heatmap of(String title, String rowLabel, String columnLabel, List<String> rows, List<String> columns,
                             double[][] values, double low, double high) {
        return new Heatmap(title, rowLabel, columnLabel, rows, columns, values, low, high, 3);
    }

    /** The values, copied. */
    @Override
    public double[][] values() {
        double[][] out = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].clone();
        }
        return out;
    }

    double at(int i, int j) {
        return values[i][j];
    }
}
