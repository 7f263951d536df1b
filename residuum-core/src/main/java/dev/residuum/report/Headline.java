package dev.residuum.report;

import java.util.Objects;

/**
 * One of the numbers a report leads with ("test accuracy 91.2 %", "wall time 83 s").
 *
 * @param label what the number is
 * @param value the number (an integral value prints as an integer; see {@link NumberText})
 * @param unit shown after the value; empty for none
 */
public record Headline(String label, double value, String unit) {
    public Headline {
        Objects.requireNonNull(label, "Headline: label");
        Objects.requireNonNull(unit, "Headline: unit");
    }

    /** The value as shown: {@link NumberText#of(double)} and the unit. */
    public String text() {
        return NumberText.of(value) + (unit.isEmpty() ? "" : " " + unit);
    }
}
