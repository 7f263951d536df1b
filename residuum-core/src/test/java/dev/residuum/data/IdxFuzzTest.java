package dev.residuum.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.testing.FuzzTrial;
import dev.residuum.testing.SeededTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random damage to valid IDX files, raw and gzipped: reading either succeeds or throws an
 * {@link IdxFormatException}; never another exception, never an error.
 */
class IdxFuzzTest extends SeededTest {
    @TempDir
    Path dir;

    @Test
    void damagedFilesFailOnlyWithIdxFormatException() throws IOException {
        byte[] raw = IdxBytes.images(4, 5, 3, IdxBytes.pattern(4, 5, 3));
        byte[] gz = IdxBytes.gzip(raw);
        Path file = dir.resolve("damaged");
        int rejected = 0;
        for (int trial = 0; trial < 1200; trial++) {
            byte[] b = (trial % 2 == 0 ? raw : gz).clone();
            if (trial % 3 == 0) {
                b = Arrays.copyOf(b, rng.nextInt(b.length));
            } else {
                int at = trial % 2 == 0 ? rng.nextInt(16) : rng.nextInt(b.length); // raw: the header
                b[at] ^= (byte) (1 << rng.nextInt(8));
            }
            if (FuzzTrial.rejection(file, b, trial, IdxFormatException.class, Idx::readImages) != null) {
                rejected++;
            }
        }
        assertTrue(rejected > 600, "most damage is detected: " + rejected + " of 1200");
    }
}
