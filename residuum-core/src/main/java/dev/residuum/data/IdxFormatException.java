package dev.residuum.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that is not a valid IDX file of the expected kind (MNIST-style images or labels), or a
 * pair of image and label files that do not belong together. The message is one line: the file,
 * then what is wrong, for example {@code "data/train-images-idx3-ubyte.gz: truncated: the header
 * declares 60000 images of 28x28 (47040000 bytes) but the data ends after 1048576 bytes"}.
 *
 * <p>Checked, as a subclass of {@link IOException}: a malformed file is a problem of the input
 * like an unreadable one, so callers handle both with one {@code catch (IOException e)} and the
 * command line reports both as bad input (exit status 2). A missing file is a
 * {@link java.nio.file.NoSuchFileException}.
 */
public final class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * @param file the file at fault
     * @param problem what is wrong, one line, without the file name
     */
    public IdxFormatException(Path file, String problem) {
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
