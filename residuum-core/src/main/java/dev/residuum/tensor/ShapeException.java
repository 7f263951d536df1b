package dev.residuum.tensor;

/**
 * Thrown when tensor shapes do not fit an operation. The message names the operation, the
 * shapes that came and what was expected.
 */
public final class ShapeException extends IllegalArgumentException {
    /** @param message the operation, the shapes involved and the fix */
    public ShapeException(String message) {
        super(message);
    }
}
