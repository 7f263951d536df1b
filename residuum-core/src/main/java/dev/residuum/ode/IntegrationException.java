package dev.residuum.ode;

/** A solve that could not finish: step size underflow (often stiffness) or the step limit. */
public final class IntegrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, where, and what to try */
    public IntegrationException(String message) {
        super(message);
    }
}
