package dev.residuum.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixCsvTest {
    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path p = dir.resolve("m.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsNumbersWithOptionalHeader() throws IOException {
        DMatrixRMaj m = MatrixCsv.read(file("y,pi\n# comment\n1, 2\n3,-4.5e-1\n"));
        assertEquals(2, m.numRows);
        assertArrayEquals(new double[] {1, 2, 3, -0.45}, m.data, 0);
    }

    @Test
    void namesFileLineAndColumnOfABadCell() throws IOException {
        Path p = file("1,2\n3,x\n");
        String msg = assertThrows(IllegalArgumentException.class, () -> MatrixCsv.read(p)).getMessage();
        assertEquals(p + " line 2, column 2: expected a number, got 'x'", msg);
        Path ragged = file("1,2\n3\n");
        assertThrows(IllegalArgumentException.class, () -> MatrixCsv.read(ragged));
        Path empty = file("# nothing\n");
        assertThrows(IllegalArgumentException.class, () -> MatrixCsv.read(empty));
        assertThrows(IllegalArgumentException.class, () -> MatrixCsv.read(dir.resolve("missing.csv")));
    }
}
