package dev.residuum.cli;

/** Bad input from the user (a file, an option value): reported in one line, exit status 2. */
public final class BadInputException extends RuntimeException {
    /** @param message what is wrong, where, and how to fix it */
    public BadInputException(String message) {
        super(message);
    }
}
