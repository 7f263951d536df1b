package dev.residuum.io;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reading the text files Residuum writes (run arguments, metrics logs, checkpoint state): UTF-8,
 * and a file that is not UTF-8 is a {@link NotTextException} naming the file, instead of the
 * JDK's bare "Input length = 1".
 */
public final class TextFiles {
    private TextFiles() {
    }

    /** A file that should be UTF-8 text and is not (a binary file, another encoding, a torn write). */
    public static final class NotTextException extends MalformedFileException {
        private static final long serialVersionUID = 1L;

        NotTextException(Path file, String what) {
            super(file, "not UTF-8 text (expected " + what + ")");
        }
    }

    /**
     * The whole file as a string.
     *
     * @param what what the file should be, for the message ("a metrics log")
     * @throws NotTextException when the bytes are not UTF-8
     */
    public static String read(Path file, String what) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new NotTextException(file, what);
        }
    }

    /**
     * The file's lines, without their terminators.
     *
     * @param what what the file should be, for the message
     * @throws NotTextException when the bytes are not UTF-8
     */
    public static List<String> lines(Path file, String what) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new NotTextException(file, what);
        }
    }
}
