package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code --logits FILE.csv} of {@code eval} (one row of class logits per image) against reference logits. */
final class LogitsCsv {
    private LogitsCsv() {
    }

    /**
     * Checks that {@code csv} holds {@code images} rows of {@code classes} logits, each within
     * {@code tolerance * max(1, |expected|)} of {@code expected} (row-major {@code [images, classes]}).
     */
    static void assertClose(Path csv, float[] expected, int images, int classes, double tolerance) throws IOException {
        List<String> rows = Files.readAllLines(csv);
        assertEquals(images, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",");
            for (int k = 0; k < classes; k++) {
                float e = expected[i * classes + k];
                assertEquals(e, Float.parseFloat(cells[k]), tolerance * Math.max(1, Math.abs(e)), "image " + i + " class "
                        + k);
            }
        }
    }
}
