package dev.residuum.autodiff;

/** Thrown in anomaly mode when an operation's forward or backward produces NaN or infinity. */
public final class AnomalyException extends ArithmeticException {
    /** @param message names the op, forward or backward, and where the bad value is */
    public AnomalyException(String message) {
        super(message);
    }
}
