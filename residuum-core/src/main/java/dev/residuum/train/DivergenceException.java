package dev.residuum.train;

/**
 * Training stopped because the loss is not finite: a learning rate too large for the model, or data
 * whose values overflow float32 when squared. Both are for the user to change, so the command line
 * reports it in one line with the bad-input status; it stays an {@link IllegalStateException} for
 * library callers.
 */
public final class DivergenceException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what diverged, where, and what to change */
    public DivergenceException(String message) {
        super(message);
    }
}
