package dev.residuum.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One trial of a reader's fuzz test: a damaged file is either read or rejected with the reader's
 * own one-line exception; any other exception, or an error, fails the test and names the trial.
 */
public final class FuzzTrial {
    /** Reads a file (what it returns is not looked at). */
    @FunctionalInterface
    public interface Reader {
        void read(Path file) throws Exception;
    }

    private FuzzTrial() {
    }

    /**
     * Writes {@code bytes} to {@code file} and reads it back with {@code reader}.
     *
     * @param trial the trial's number, for the failure message
     * @param expected the one exception type the reader may reject a file with
     * @return the rejection's message (one line), or null if the file was read
     */
    public static String rejection(Path file, byte[] bytes, int trial, Class<? extends Exception> expected,
                                   Reader reader) throws IOException {
        Files.write(file, bytes);
        try {
            reader.read(file);
            return null;
        } catch (Exception | Error e) {
            if (!expected.isInstance(e)) {
                throw new AssertionError("trial " + trial + ": " + e + " instead of a " + expected.getSimpleName(), e);
            }
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            return e.getMessage();
        }
    }
}
