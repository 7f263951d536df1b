package dev.residuum.ode;

import java.util.Arrays;
import java.util.Objects;

/**
 * An explicit Runge–Kutta method as data: nodes {@code c}, the strictly lower-triangular matrix
 * {@code a}, weights {@code b} of the propagated solution, optionally the weights {@code bHat} of
 * an embedded solution (for error control), and optionally a dense-output interpolant.
 *
 * <p>The interpolant gives the solution inside a step {@code [t, t + h]} as
 * {@code x(t + θh) = x + h Σ_i b_i(θ) k_i} with polynomial weights
 * {@code b_i(θ) = Σ_p interpolant[i][p] θ^(p+1)}; at θ = 1 they equal {@code b}.
 *
 * <p>FSAL ("first same as last"): the last stage is evaluated at {@code (t + h, x_{n+1})}, so
 * it is the next step's first stage.
 *
 * <p>Checked on construction: shapes, the row-sum condition {@code c_i = Σ_j a_ij}, consistency
 * {@code Σ b = Σ bHat = 1}, the interpolant's end value {@code b_i(1) = b_i}, and the FSAL claim
 * (a typo in a coefficient usually breaks one of these).
 *
 * @param name registry name, such as {@code "dopri5"}
 * @param c nodes, one per stage
 * @param a row {@code i} holds the {@code i} coefficients {@code a_i0 .. a_i,i-1}
 * @param b weights of the propagated solution, one per stage
 * @param bHat weights of the embedded solution, or null (no error estimate)
 * @param order order of the propagated solution
 * @param embeddedOrder order of the embedded solution (0 without one)
 * @param interpolant {@code [stages][degree]} coefficients of the dense output, or null (the
 *     solvers then use the cubic Hermite interpolant on the step's end values and slopes)
 * @param fsal whether the last stage is the next step's first
 */
public record ButcherTableau(String name, double[] c, double[][] a, double[] b, double[] bHat, int order,
        int embeddedOrder, double[][] interpolant, boolean fsal) {
    private static final double TOLERANCE = 1e-12;

    public ButcherTableau {
        Objects.requireNonNull(name, "name");
        int s = Objects.requireNonNull(c, "c").length;
        if (s < 1 || Objects.requireNonNull(a, "a").length != s || Objects.requireNonNull(b, "b").length != s) {
            throw new IllegalArgumentException("ButcherTableau " + name + ": c, a and b need one entry per stage, got "
                    + c.length + ", " + a.length + ", " + b.length);
        }
        c = c.clone();
        a = deepCopy(a);
        b = b.clone();
        for (int i = 0; i < s; i++) {
            if (a[i].length != i) {
                throw new IllegalArgumentException("ButcherTableau " + name + ": row " + i + " of a must have " + i
                        + " entries (explicit method), has " + a[i].length);
            }
            requireClose(name, "c[" + i + "] = sum of row " + i + " of a", c[i], Arrays.stream(a[i]).sum());
        }
        requireClose(name, "sum of b", 1, Arrays.stream(b).sum());
        if (order < 1) {
            throw new IllegalArgumentException("ButcherTableau " + name + ": order must be >= 1, got " + order);
        }
        if (bHat != null) {
            if (bHat.length != s) {
                throw new IllegalArgumentException("ButcherTableau " + name + ": bHat needs " + s + " entries, has "
                        + bHat.length);
            }
            bHat = bHat.clone();
            requireClose(name, "sum of bHat", 1, Arrays.stream(bHat).sum());
            if (embeddedOrder < 1 || embeddedOrder == order) {
                throw new IllegalArgumentException("ButcherTableau " + name + ": an embedded pair needs an embedded order"
                        + " >= 1 that differs from the order " + order + ", got " + embeddedOrder);
            }
        } else if (embeddedOrder != 0) {
            throw new IllegalArgumentException("ButcherTableau " + name + ": embeddedOrder " + embeddedOrder
                    + " without embedded weights; use 0");
        }
        if (interpolant != null) {
            if (interpolant.length != s) {
                throw new IllegalArgumentException("ButcherTableau " + name + ": the interpolant needs " + s
                        + " rows, has " + interpolant.length);
            }
            interpolant = deepCopy(interpolant);
            for (int i = 0; i < s; i++) {
                requireClose(name, "interpolant b_" + i + "(1) = b_" + i, b[i], Arrays.stream(interpolant[i]).sum());
            }
        }
        if (fsal) {
            boolean ok = Math.abs(c[s - 1] - 1) <= TOLERANCE;
            for (int j = 0; j < s - 1 && ok; j++) {
                ok = Math.abs(a[s - 1][j] - b[j]) <= TOLERANCE;
            }
            if (!ok || b[s - 1] != 0) {
                throw new IllegalArgumentException("ButcherTableau " + name + ": FSAL needs c_last = 1, the last row of"
                        + " a equal to b and b_last = 0");
            }
        }
    }

    /** Number of stages. */
    public int stages() {
        return c.length;
    }

    /** Whether the pair has embedded weights (and so can control its step size). */
    public boolean hasEmbedded() {
        return bHat != null;
    }

    /** Whether the pair has its own dense-output interpolant. */
    public boolean hasInterpolant() {
        return interpolant != null;
    }

    /**
     * The embedded solution as a method of its own (weights {@code bHat}, order
     * {@code embeddedOrder}), to check the embedded order independently.
     *
     * @throws IllegalStateException without embedded weights
     */
    public ButcherTableau embeddedMethod() {
        if (bHat == null) {
            throw new IllegalStateException(name + " has no embedded weights");
        }
        return new ButcherTableau(name + "-embedded", c, a, bHat, null, embeddedOrder, 0, null, false);
    }

    // Accessors return copies: a tableau is a value.

    @Override
    public double[] c() {
        return c.clone();
    }

    @Override
    public double[][] a() {
        return deepCopy(a);
    }

    @Override
    public double[] b() {
        return b.clone();
    }

    @Override
    public double[] bHat() {
        return bHat == null ? null : bHat.clone();
    }

    @Override
    public double[][] interpolant() {
        return interpolant == null ? null : deepCopy(interpolant);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ButcherTableau t && name.equals(t.name) && order == t.order
                && embeddedOrder == t.embeddedOrder && fsal == t.fsal && Arrays.equals(c, t.c)
                && Arrays.deepEquals(a, t.a) && Arrays.equals(b, t.b) && Arrays.equals(bHat, t.bHat)
                && Arrays.deepEquals(interpolant, t.interpolant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, order, embeddedOrder, Arrays.hashCode(b));
    }

    @Override
    public String toString() {
        return "ButcherTableau[" + name + ", " + c.length + " stages, order " + order
                + (bHat != null ? "(" + embeddedOrder + ")" : "") + (fsal ? ", FSAL" : "")
                + (interpolant != null ? ", dense output" : "") + "]";
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = Objects.requireNonNull(m[i], "row " + i).clone();
        }
        return out;
    }

    private static void requireClose(String name, String what, double expected, double actual) {
        if (!(Math.abs(expected - actual) <= TOLERANCE)) {
            throw new IllegalArgumentException("ButcherTableau " + name + ": " + what + " must be " + expected
                    + ", is " + actual + " (check the coefficients)");
        }
    }
}
