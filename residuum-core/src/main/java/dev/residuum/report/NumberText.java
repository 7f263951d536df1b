package dev.residuum.report;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How a report prints a number: an integral value as an integer ({@code 763}, never
 * {@code 763.000}), others with six significant digits and no trailing zeros ({@code 0.0251},
 * {@code 3.14159}), very large or small magnitudes in scientific notation ({@code 1.5e-07}),
 * and non-finite values as {@code NaN}, {@code inf}, {@code -inf}.
 */
public final class NumberText {
    /** Significant digits by default. */
    public static final int DIGITS = 6;

    private NumberText() {
    }

    /** {@code v} with {@value #DIGITS} significant digits at most. */
    public static String of(double v) {
        return of(v, DIGITS);
    }

    /** {@code v} with at most {@code digits} significant digits (at least 1). */
    public static String of(double v, int digits) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e15) {
            return new BigDecimal(String.format(Locale.ROOT, "%." + Math.max(1, digits) + "g", v)).stripTrailingZeros()
                    .toPlainString();
        }
        String s = String.format(Locale.ROOT, "%." + Math.max(0, digits - 1) + "e", v);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + s.substring(e);
    }
}
