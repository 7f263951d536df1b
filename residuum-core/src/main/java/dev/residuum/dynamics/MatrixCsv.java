package dev.residuum.dynamics;

import dev.residuum.data.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;

/**
 * Reads a dense matrix from CSV (through {@link CsvTable}): one row per line, cells separated by
 * commas, every cell a number. Blank lines and lines starting with {@code #} are skipped. An
 * optional header line is allowed only as the first line and only when none of its cells is a
 * number (column names); a line that mixes names and numbers is an error. All rows must have the
 * same number of cells.
 */
public final class MatrixCsv {
    private static final CsvTable.Format FORMAT = new CsvTable.Format(MatrixCsv::allNames, true, true, false);

    private MatrixCsv() {
    }

    /**
     * @throws IllegalArgumentException naming file, line and column for a missing file, a non-numeric cell,
     *     ragged rows or an empty matrix
     */
    public static DMatrixRMaj read(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("matrix file " + file + " does not exist");
        }
        CsvTable table;
        try {
            table = CsvTable.read(file, FORMAT);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read matrix file " + file + ": " + e.getMessage());
        }
        if (table.rows() == 0) {
            throw new IllegalArgumentException(file + ": no rows (expected a matrix, one row per line)");
        }
        int cols = table.cells(0).length;
        DMatrixRMaj m = new DMatrixRMaj(table.rows(), cols);
        for (int i = 0; i < table.rows(); i++) {
            for (int j = 0; j < cols; j++) {
                m.data[i * cols + j] = table.number(i, j);
            }
        }
        return m;
    }

    private static boolean allNames(String[] cells) {
        for (String c : cells) {
            if (CsvTable.isNumber(c)) {
                return false;
            }
        }
        return true;
    }
}
