package dev.residuum.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.dynamics.EdgeListCsv;
import dev.residuum.dynamics.MatrixCsv;
import dev.residuum.testing.SeededTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random damage to valid CSV tables, edge lists and matrices (truncation, bit flips, inserted
 * commas, quotes, newlines, NaN, non-UTF-8 bytes, UTF-16 and Latin-1 encodings, byte-order marks,
 * huge and non-numeric values): reading either succeeds or fails with one line
 * naming the file; never another exception, never an error.
 */
class CsvFuzzTest extends SeededTest {
    @TempDir
    Path dir;

    private static final String TABLE = "id,x,base,y\n\"a, b\",1.5,0.25,2\nc,2,0.5,3.5\nd,-1e3,1,4\n";
    private static final String EDGES = "u,v,w\n0,1,1.5\n1,2,2\n# comment\n2,0,0.5\n";
    private static final String MATRIX = "a,b\n0.9,0.1\n-0.2,0.8\n";
    private static final String[] INSERTS = {",", "\"", "\n", "NaN", "1e999", "", "\u00e9", "#"};

    private byte[] damage(String text, int trial) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        switch (trial % 6) {
            case 0 -> b = Arrays.copyOf(b, rng.nextInt(b.length));
            case 1 -> b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
            case 2 -> {
                int at = rng.nextInt(text.length());
                b = (text.substring(0, at) + INSERTS[rng.nextInt(INSERTS.length)] + text.substring(at))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                int at = rng.nextInt(text.length());
                b = (text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + rng.nextInt(4))))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> b = switch (rng.nextInt(4)) { // other encodings than UTF-8
                case 0 -> text.getBytes(StandardCharsets.UTF_16LE);
                case 1 -> ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
                case 2 -> text.replace('a', '\u00e4').getBytes(StandardCharsets.ISO_8859_1);
                default -> ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16BE);
            };
            default -> { // a huge or not-a-number value in place of a cell
                String[] values = {"NaN", "-Infinity", "1e309", "99999999999999999999999", "0x1p3", "--1", "1,5"};
                int at = text.indexOf(',', rng.nextInt(text.length()));
                int end = at < 0 ? -1 : text.indexOf(',', at + 1);
                b = (at < 0 || end < 0 ? text : text.substring(0, at + 1) + values[rng.nextInt(values.length)]
                        + text.substring(end)).getBytes(StandardCharsets.UTF_8);
            }
        }
        return b;
    }

    @Test
    void damagedFilesFailWithOneLineNamingTheFile() throws IOException {
        Path file = dir.resolve("damaged.csv");
        int rejected = 0;
        int trials = 0;
        for (String format : new String[] {"table", "edges", "matrix"}) {
            String seed = format.equals("table") ? TABLE : format.equals("edges") ? EDGES : MATRIX;
            for (int trial = 0; trial < 1000; trial++, trials++) {
                Files.write(file, damage(seed, trial));
                try {
                    switch (format) {
                        case "table" -> {
                            CsvTable t = CsvTable.read(file);
                            for (String c : t.header().subList(Math.min(1, t.header().size()), t.header().size())) {
                                t.numbers(c, "feature");
                            }
                        }
                        case "edges" -> EdgeListCsv.read(file, trial % 2 == 0);
                        default -> MatrixCsv.read(file);
                    }
                } catch (IllegalArgumentException e) {
                    rejected++;
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(format + " trial " + trial + ": " + e, e);
                }
            }
        }
        System.out.println("CSV fuzz: " + trials + " damaged tables, edge lists and matrices: " + (trials - rejected)
                + " read, " + rejected + " rejected in one line");
        assertTrue(rejected > trials / 4, "damage is detected: " + rejected + " of " + trials);
    }
}
