package dev.residuum.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that is not a valid safetensors file, or one Residuum cannot read (an unknown dtype).
 * The message is one line: the file, then what is wrong with it, for example
 * {@code "ckpt/model.safetensors: tensor \"fc.weight\": data_offsets [0, 64] hold 64 bytes but
 * shape [4, 8] of F32 needs 128"}.
 *
 * <p>Checked, as a subclass of {@link IOException}: a malformed file is a problem of the input
 * like an unreadable one (compare {@code java.util.zip.ZipException}), so a caller handles both
 * with one {@code catch (IOException e)}, and the command line reports both as bad input (exit
 * status 2). Failures of the file system itself (missing file, no permission, disk full) stay
 * plain {@link IOException}s.
 */
public final class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * @param file the file read or written
     * @param problem what is wrong, one line, without the file name
     */
    public SafetensorsException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = problem;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** What is wrong with it (the message without the file name). */
    public String problem() {
        return problem;
    }
}
