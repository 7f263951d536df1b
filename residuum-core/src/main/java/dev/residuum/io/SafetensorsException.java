package dev.residuum.io;

import java.nio.file.Path;

/**
 * A file that is not a valid safetensors file, or one Residuum cannot read (an unknown dtype),
 * for example {@code "ckpt/model.safetensors: tensor \"fc.weight\": data_offsets [0, 64] hold 64
 * bytes but shape [4, 8] of F32 needs 128"}.
 */
public final class SafetensorsException extends MalformedFileException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the file read or written
     * @param problem what is wrong, one line, without the file name
     */
    public SafetensorsException(Path file, String problem) {
        super(file, problem);
    }
}
