package dev.residuum.data;

import dev.residuum.io.MalformedFileException;
import java.nio.file.Path;

/**
 * A file that is not a valid IDX file of the expected kind (MNIST-style images or labels), or a
 * pair of image and label files that do not belong together, for example
 * {@code "data/train-images-idx3-ubyte.gz: truncated: the header declares 60000 images of 28x28
 * (47040000 bytes) but the data ends after 1048576 bytes"}. A missing file is a
 * {@link java.nio.file.NoSuchFileException}.
 */
public final class IdxFormatException extends MalformedFileException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the file at fault
     * @param problem what is wrong, one line, without the file name
     */
    public IdxFormatException(Path file, String problem) {
        super(file, problem);
    }
}
