package dev.residuum.cli.options;

/**
 * Checks of option values that every command makes the same way, each failing with one line that
 * names the option ({@link IllegalArgumentException}: bad input, exit status 2).
 */
public final class Require {
    private Require() {
    }

    /**
     * {@code value}, checked to be at least {@code min}.
     *
     * @param option the option's name as typed, e.g. {@code "--batch"}
     * @throws IllegalArgumentException "--batch must be at least 1, got 0"
     */
    public static int atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /**
     * {@code value}, checked to be a finite number above 0 (a learning rate, a step).
     *
     * @throws IllegalArgumentException "--lr must be a positive number, got -1.0"
     */
    public static double positive(String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(option + " must be a positive number, got " + value);
        }
        return value;
    }

    /** {@code value} when absent ({@code null}) or at least {@code min}; see {@link #atLeast(String, int, int)}. */
    public static Integer atLeastIfGiven(String option, Integer value, int min) {
        return value == null ? null : atLeast(option, value, min);
    }
}
