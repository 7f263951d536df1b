package dev.residuum.data;

import dev.residuum.io.MalformedFileException;
import java.nio.file.Path;

/**
 * An image file that cannot be fed to a model: not a PNG, a damaged one (a chunk past the end of
 * the file, a checksum that does not match, data the decoder rejects), or one larger than
 * {@link PngFolder#MAX_PIXELS}; for example {@code "in/shoe.png: chunk IDAT at byte 33 fails its
 * CRC check; the file is damaged"}. A missing file is a {@link java.nio.file.NoSuchFileException}.
 */
public final class ImageFormatException extends MalformedFileException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the file at fault
     * @param problem what is wrong, one line, without the file name
     */
    public ImageFormatException(Path file, String problem) {
        super(file, problem);
    }
}
