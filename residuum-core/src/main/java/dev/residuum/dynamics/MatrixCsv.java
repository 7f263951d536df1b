package dev.residuum.dynamics;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Reads a dense matrix from CSV: one row per line, cells separated by commas, every cell a number. Blank
 * lines and lines starting with {@code #} are skipped. An optional header line is allowed only as the first
 * line and only when none of its cells is a number (column names); a line that mixes names and numbers is an
 * error. All rows must have the same number of cells.
 */
public final class MatrixCsv {
    private MatrixCsv() {
    }

    /**
     * @throws IllegalArgumentException naming file, line and column for a missing file, a non-numeric cell,
     *     ragged rows or an empty matrix
     */
    public static DMatrixRMaj read(Path file) {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            boolean first = true;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cells = t.split(",", -1);
                if (first) {
                    first = false;
                    if (allNames(cells)) {
                        continue;
                    }
                }
                double[] row = new double[cells.length];
                for (int j = 0; j < cells.length; j++) {
                    String c = cells[j].strip();
                    try {
                        row[j] = Double.parseDouble(c);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + " line " + lineNo + ", column " + (j + 1)
                                + ": expected a number, got '" + c + "'");
                    }
                    if (!Double.isFinite(row[j])) {
                        throw new IllegalArgumentException(file + " line " + lineNo + ", column " + (j + 1)
                                + ": expected a finite number, got '" + c + "'");
                    }
                }
                if (!rows.isEmpty() && row.length != rows.get(0).length) {
                    throw new IllegalArgumentException(file + " line " + lineNo + ": " + row.length
                            + " cells, expected " + rows.get(0).length + " like the first row");
                }
                rows.add(row);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("matrix file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read matrix file " + file + ": " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no rows (expected a matrix, one row per line)");
        }
        DMatrixRMaj m = new DMatrixRMaj(rows.size(), rows.get(0).length);
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, m.data, i * m.numCols, m.numCols);
        }
        return m;
    }

    private static boolean allNames(String[] cells) {
        for (String c : cells) {
            try {
                Double.parseDouble(c.strip());
                return false;
            } catch (NumberFormatException e) {
                // a name: keep looking
            }
        }
        return true;
    }
}
