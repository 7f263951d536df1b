package dev.residuum.data;

/**
 * A CSV file whose contents are not what the reader expects: the message is one line that names
 * the file, the line and, where one is at fault, the column (for example
 * {@code "data.csv: row 2 (line 3), target column 'y': 'abc' is not a number"}).
 *
 * <p>Unchecked, as an {@link IllegalArgumentException}: the file is an argument that does not
 * meet its format, and the command line reports it as bad input (exit status 2).
 */
public final class CsvFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message source, line, column and problem, one line */
    public CsvFormatException(String message) {
        super(message);
    }
}
