package dev.residuum.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir
    Path dir;

    private static CsvTable table(String text) throws IOException {
        return CsvTable.read(new StringReader(text), "t.csv", CsvTable.Format.TABLE);
    }

    private static String error(String text, String column) {
        return assertThrows(CsvFormatException.class, () -> table(text).numbers(column, "feature")).getMessage();
    }

    @Test
    void readsAHeaderQuotedCellsAndTheLineOfEveryRow() throws IOException {
        CsvTable t = table("id, x ,y\n\n\"a, b\",1.5,-2e3\n\"say \"\"hi\"\"\", 2 ,3\n");
        assertEquals(List.of("id", "x", "y"), t.header());
        assertEquals(2, t.rows());
        assertArrayEquals(new String[] {"a, b", "say \"hi\""}, t.text("id"));
        assertArrayEquals(new double[] {1.5, 2}, t.numbers("x", "feature"), 0);
        assertEquals(-2000, t.number(0, 2), 0);
        assertEquals(3, t.line(0), "the blank line counts");
        assertEquals(4, t.line(1));
        assertTrue(t.has("y") && !t.has("z"));
    }

    @Test
    void errorsNameTheFileTheRowTheLineAndTheColumn() {
        assertEquals("t.csv: row 2 (line 4), feature column 'x': 'abc' is not a number", error("x\n1\n\nabc\n", "x"));
        assertEquals("t.csv: row 1 (line 2), feature column 'x': empty cell (expected a number)", error("x,y\n,1\n", "x"));
        assertTrue(error("x\nNaN\n", "x").endsWith("NaN is not a finite number"));
        assertTrue(error("x\n1e999\n", "x").endsWith("1e999 is not a finite number"));
        assertEquals("t.csv: no column 'z' (columns: x)", error("x\n1\n", "z"));
        assertEquals("t.csv: row 2 (line 3) has 1 cells, the header has 2",
                assertThrows(CsvFormatException.class, () -> table("x,y\n1,2\n3\n")).getMessage());
        assertEquals("t.csv: the file is empty (expected a header line and data rows)",
                assertThrows(CsvFormatException.class, () -> table("\n \n")).getMessage());
        assertEquals("t.csv: no data rows after the header",
                assertThrows(CsvFormatException.class, () -> table("x,y\n")).getMessage());
        assertEquals("t.csv line 2, column 1: expected a number, got 'q'",
                assertThrows(CsvFormatException.class, () -> table("x\nq\n").number(0, 0)).getMessage());
        String longCell = "v".repeat(500);
        String message = error("x\n" + longCell + "\n", "x");
        assertTrue(message.length() < 150 && !message.contains("\n"), message);
    }

    @Test
    void otherLayoutsHaveOptionalHeadersCommentsAndRaggedRows() throws IOException {
        CsvTable.Format edges = new CsvTable.Format(cells -> cells[0].equals("u"), true, false, false);
        CsvTable t = CsvTable.read(new StringReader("# a graph\nu,v\na,b\n# more\nb,c,2\n"), "g.csv", edges);
        assertEquals(List.of("u", "v"), t.header());
        assertEquals(2, t.rows());
        assertEquals(5, t.line(1));
        assertEquals(3, t.cells(1).length);
        CsvTable none = CsvTable.read(new StringReader("# only comments\n"), "g.csv", edges);
        assertEquals(0, none.rows());
        assertFalse(CsvTable.isNumber("x") || !CsvTable.isNumber("-1.5e3") || !CsvTable.isNumber("NaN"));
    }

    @Test
    void filesThatAreNotThereOrNotTextGiveOneLine() throws IOException {
        assertEquals(dir.resolve("nowhere.csv") + ": no such file (expected a CSV file)",
                assertThrows(CsvFormatException.class, () -> CsvTable.read(dir.resolve("nowhere.csv"))).getMessage());
        assertTrue(assertThrows(CsvFormatException.class, () -> CsvTable.read(dir)).getMessage().contains("is a directory"));
        Path binary = Files.write(dir.resolve("b.csv"), new byte[] {'x', '\n', (byte) 0xff, (byte) 0xfe, '\n'});
        assertEquals(binary + ": not UTF-8 text (expected a CSV file)",
                assertThrows(CsvFormatException.class, () -> CsvTable.read(binary)).getMessage());
        Path ok = Files.writeString(dir.resolve("ok.csv"), "a,b\n1,2\n");
        assertEquals(1, CsvTable.read(ok).rows());
    }
}
