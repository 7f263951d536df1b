package dev.residuum.delta;

/**
 * Two-point complete-basis-set extrapolation of correlation energies (Helgaker's X^-3 form):
 * <pre>
 *   E_CBS = (X^3 E_X - Y^3 E_Y) / (X^3 - Y^3)
 * </pre>
 * for energies {@code E_X}, {@code E_Y} in basis sets of cardinal numbers X and Y (2 for
 * cc-pVDZ, 3 for cc-pVTZ, ...), read from columns {@code columnX} and {@code columnY}.
 */
public record CbsExtrapolation(int cardinalX, int cardinalY, int columnX, int columnY) implements Baseline {
    public CbsExtrapolation {
        if (cardinalX < 1 || cardinalY < 1 || cardinalX == cardinalY) {
            throw new IllegalArgumentException("CbsExtrapolation: cardinal numbers must be two different integers >= 1, got "
                    + cardinalX + " and " + cardinalY);
        }
        if (columnX < 0 || columnY < 0) {
            throw new IllegalArgumentException("CbsExtrapolation: columns must be >= 0, got " + columnX + ", " + columnY);
        }
    }

    /** {@code (X^3 eX - Y^3 eY) / (X^3 - Y^3)}. */
    public static double extrapolate(double eX, double eY, int x, int y) {
        double x3 = (double) x * x * x;
        double y3 = (double) y * y * y;
        return (x3 * eX - y3 * eY) / (x3 - y3);
    }

    @Override
    public double[] predict(double[][] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = extrapolate(rows[i][columnX], rows[i][columnY], cardinalX, cardinalY);
        }
        return out;
    }
}
