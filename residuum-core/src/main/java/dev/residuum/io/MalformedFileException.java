package dev.residuum.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file whose contents are not what its format requires. The message is one line: the file,
 * then what is wrong with it. Each format has its own subclass ({@link SafetensorsException},
 * {@code dev.residuum.data.IdxFormatException}).
 *
 * <p>Checked, as a subclass of {@link IOException}: a malformed file is a problem of the input
 * like an unreadable one (compare {@code java.util.zip.ZipException}), so a caller handles both
 * with one {@code catch (IOException e)}, and the command line reports both as bad input (exit
 * status 2). Failures of the file system itself (missing file, no permission, disk full) stay
 * plain {@link IOException}s.
 */
public abstract class MalformedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * @param file the file at fault
     * @param problem what is wrong, one line, without the file name
     */
    protected MalformedFileException(Path file, String problem) {
        super(Objects.requireNonNull(file, "file") + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The file at fault. */
    public final Path file() {
        return file;
    }

    /** What is wrong with it (the message without the file name). */
    public final String problem() {
        return problem;
    }
}
