package dev.residuum.manifold;

import dev.residuum.kernel.Reductions;

/**
 * The principal logarithm of a rotation of {@code SO(n)}, any {@code n}, by inverse scaling and
 * squaring: square roots {@code R^{1/2} = polar(I + R)} (exact for a normal matrix whose
 * rotation angles are below π, and orthogonal by construction) until {@code R} is near the
 * identity, then {@code log R = 2 artanh(Z)}, {@code Z = (R − I)(R + I)⁻¹} (the inverse Cayley
 * transform, a skew matrix), summed as its odd power series, and scaled back by the powers of 2.
 * The result is skew; it is undefined where an angle is π (an eigenvalue −1).
 */
final class RotationLog {
    /** Square roots until {@code ‖R − I‖_F} is below this; the series then needs about ten terms. */
    private static final double NEAR_IDENTITY = 0.25;
    /** At most this many square roots (an angle of π − 1e-9 needs about 35). */
    private static final int MAX_ROOTS = 60;
    private static final int MAX_TERMS = 60;
    /** {@code I + R} this close to singular (relative to its largest singular value): an angle of π. */
    private static final double SINGULAR = 1e-12;

    private RotationLog() {
    }

    /**
     * @param r a rotation, {@code n × n} row-major; not modified
     * @return the skew matrix {@code Ω} with {@code expm(Ω) = r} and angles in {@code (−π, π)}
     * @throws ArithmeticException when an angle of {@code r} is π (no principal logarithm)
     */
    static double[] of(double[] r, int n) {
        double[] id = Matrices.identity(n);
        double[] y = r.clone();
        int roots = 0;
        while (Reductions.norm(Matrices.addScaled(y, -1, id)) > NEAR_IDENTITY) {
            if (roots == MAX_ROOTS) {
                throw new ArithmeticException("SO(" + n + ") log: the rotation has an angle of pi (an eigenvalue -1),"
                        + " where the principal logarithm is undefined");
            }
            Matrices.Svd d = Matrices.svd(Matrices.add(id, y), n, n);
            if (d.s()[n - 1] <= SINGULAR * d.s()[0]) {
                throw new ArithmeticException("SO(" + n + ") log: the rotation has an angle of pi (an eigenvalue -1),"
                        + " where the principal logarithm is undefined");
            }
            y = Matrices.multiplyTranspose(d.u(), d.v(), n, n, n);
            roots++;
        }
        double[] z = Matrices.skewPart(Matrices.solve(Matrices.add(y, id), Matrices.addScaled(y, -1, id), n, n), n);
        double[] z2 = Matrices.multiply(z, z, n, n, n);
        double[] sum = z.clone();
        double[] power = z;
        for (int j = 1; j < MAX_TERMS; j++) {
            power = Matrices.multiply(power, z2, n, n, n);
            double[] term = Matrices.scale(1.0 / (2 * j + 1), power);
            sum = Matrices.add(sum, term);
            if (Reductions.norm(term) <= 1e-17 * Reductions.norm(sum)) {
                break;
            }
        }
        return Matrices.skewPart(Matrices.scale(Math.scalb(2.0, roots), sum), n);
    }
}
