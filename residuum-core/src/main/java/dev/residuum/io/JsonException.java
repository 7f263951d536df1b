package dev.residuum.io;

/**
 * Text that is not the JSON expected: a syntax error found by {@link Json#parse} (with the
 * character offset where it was found), or a field of a parsed {@link JsonObject} that is missing
 * or of the wrong type. The message is one line; a caller that read the text from a file puts
 * the file's name in front (for example {@code "run/checkpoint.json: " + e.getMessage()}).
 *
 * <p>Unchecked, as an {@link IllegalArgumentException}: the text is an argument that does not
 * meet the format, and the command line reports it as bad input (exit status 2).
 */
public final class JsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * A syntax error.
     *
     * @param message what is wrong
     * @param offset the character where it was found, counted from 0
     */
    JsonException(String message, int offset) {
        super(message + " at character " + offset);
        this.offset = offset;
    }

    /** A field that is missing or of the wrong type. */
    JsonException(String message) {
        super(message);
        this.offset = -1;
    }

    /** Where a syntax error was found (characters from the start), or -1 for a field error. */
    public int offset() {
        return offset;
    }
}
