package dev.residuum.manifold;

/**
 * The Q factor of a tall, well-conditioned {@code n × p} matrix by CholeskyQR2 (Fukaya, Nakatsukasa,
 * Yanagisawa and Yamamoto 2014): {@code G = AᵀA = RᵀR} (Cholesky), {@code Q = A R⁻¹}, done twice,
 * so that the loss of orthogonality is at the rounding level for condition numbers up to about
 * 10⁸. Its cost is products (native BLAS through {@link Matrices#multiply}) and {@code p × p}
 * work, where Householder QR is sequential column operations in plain Java. Both Cholesky factors
 * have positive diagonals, so Q is the unique factor with a positive R diagonal: the same Q as the
 * sign-fixed Householder one. The retraction {@code X + U} of an orthonormal X is as well
 * conditioned as it gets; an input whose estimated condition number is above {@link #MAX_CONDITION}
 * is declined ({@code null}) for Householder QR to take.
 */
final class CholeskyQr {
    /** Above this ratio of the largest to the smallest diagonal of R (a lower bound of κ(A)), decline. */
    static final double MAX_CONDITION = 1e5;

    private CholeskyQr() {
    }

    /**
     * @param a {@code n × p} row-major, {@code n ≥ p}; not modified
     * @return Q ({@code n × p}, orthonormal columns, a new array), or {@code null} when {@code a} is
     *     too ill-conditioned (or rank-deficient) for Cholesky QR
     */
    static double[] q(double[] a, int n, int p) {
        double[] q1 = pass(a, n, p);
        return q1 == null ? null : pass(q1, n, p);
    }

    /** {@code A R⁻¹} for the Cholesky factor R of {@code AᵀA}, or null when R is (nearly) singular. */
    private static double[] pass(double[] a, int n, int p) {
        double[] r = Matrices.transposeMultiply(a, a, n, p, p);
        // in place: the upper triangle becomes R with G = RᵀR (row-oriented Cholesky)
        double maxDiag = 0, minDiag = Double.POSITIVE_INFINITY;
        for (int j = 0; j < p; j++) {
            double d = r[j * p + j];
            for (int k = 0; k < j; k++) {
                d -= r[k * p + j] * r[k * p + j];
            }
            if (!(d > 0)) {
                return null;
            }
            double rjj = Math.sqrt(d);
            r[j * p + j] = rjj;
            for (int i = j + 1; i < p; i++) {
                double s = r[j * p + i];
                for (int k = 0; k < j; k++) {
                    s -= r[k * p + j] * r[k * p + i];
                }
                r[j * p + i] = s / rjj;
            }
            maxDiag = Math.max(maxDiag, rjj);
            minDiag = Math.min(minDiag, rjj);
        }
        if (!(maxDiag < MAX_CONDITION * minDiag)) {
            return null;
        }
        return Matrices.multiply(a, upperInverse(r, p), n, p, p);
    }

    /** The inverse of the upper triangle of {@code r} ({@code p × p}; below the diagonal ignored). */
    private static double[] upperInverse(double[] r, int p) {
        double[] inv = new double[p * p];
        for (int j = p - 1; j >= 0; j--) {
            inv[j * p + j] = 1 / r[j * p + j];
            for (int i = j - 1; i >= 0; i--) {
                double s = 0;
                for (int k = i + 1; k <= j; k++) {
                    s += r[i * p + k] * inv[k * p + j];
                }
                inv[i * p + j] = -s / r[i * p + i];
            }
        }
        return inv;
    }
}
