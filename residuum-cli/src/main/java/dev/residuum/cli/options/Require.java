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

    /** {@code value} when absent ({@code null}) or at least {@code min}; see {@link #atLeast(String, int, int)}. */
    public static Long atLeastIfGiven(String option, Long value, long min) {
        if (value != null && value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** {@code value} when absent ({@code null}) or a positive number; see {@link #positive(String, double)}. */
    public static Double positiveIfGiven(String option, Double value) {
        return value == null ? null : positive(option, value);
    }

    /**
     * {@code value}, checked to be 0 or more (a count or period where 0 means "never").
     *
     * @throws IllegalArgumentException "--checkpoint-every must be >= 0, got -1"
     */
    public static int nonNegative(String option, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(option + " must be >= 0, got " + value);
        }
        return value;
    }

    /**
     * {@code value}, checked to be 0 or more (infinity passes; NaN does not).
     *
     * @throws IllegalArgumentException "--momentum must be >= 0, got -0.5"
     */
    public static double nonNegative(String option, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(option + " must be >= 0, got " + value);
        }
        return value;
    }

    /**
     * The value of an option that also keeps an old spelling (a hidden option): {@code value}, else
     * {@code oldValue}, else {@code null}.
     *
     * @param option the option's spelling, e.g. {@code "--adapter-rank"}
     * @param old its old spelling, e.g. {@code "--rank"}
     * @throws IllegalArgumentException "give --adapter-rank only (--rank is its old spelling)" when both are given
     */
    public static <T> T oneSpelling(String option, T value, String old, T oldValue) {
        if (value != null && oldValue != null) {
            throw new IllegalArgumentException("give " + option + " only (" + old + " is its old spelling)");
        }
        return value != null ? value : oldValue;
    }
}
