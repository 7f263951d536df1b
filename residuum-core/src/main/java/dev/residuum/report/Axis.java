package dev.residuum.report;

import java.util.Objects;

/**
 * One axis of a {@link Chart}: what it measures (shown beside it) and its scale.
 *
 * @param label what the axis measures, with its unit ({@code "error (%)"}); not blank
 * @param scale linear or logarithmic (base 10)
 */
public record Axis(String label, Scale scale) {
    /** How values map to positions. */
    public enum Scale {
        /** Equal steps for equal differences. */
        LINEAR,
        /** Equal steps for equal ratios (base 10); values {@code <= 0} have no place and are skipped. */
        LOG
    }

    /** @throws IllegalArgumentException for a blank label: every chart axis says what it shows */
    public Axis {
        Objects.requireNonNull(scale, "Axis: scale");
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("Axis: the label is blank; say what the axis measures");
        }
    }

    /** A linear axis. */
    public static Axis linear(String label) {
        return new Axis(label, Scale.LINEAR);
    }

    /** A logarithmic axis (base 10). */
    public static Axis log(String label) {
        return new Axis(label, Scale.LOG);
    }

    /** Whether {@code v} can be placed on this axis (finite, and positive on a log axis). */
    public boolean accepts(double v) {
        return Double.isFinite(v) && (scale == Scale.LINEAR || v > 0);
    }

    /** {@code v} in the axis's own coordinate ({@code log10 v} on a log axis). */
    double position(double v) {
        return scale == Scale.LOG ? Math.log10(v) : v;
    }
}
