package dev.residuum.manifold;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The rotation group {@code SO(n) = {R : RᵀR = I, det R = 1}} with the bi-invariant metric
 * inherited from ℝⁿˣⁿ. Tangent vectors are ambient: {@code U = RΩ}, Ω skew. Retraction: the
 * Cayley transform {@code R (I − Ω/2)⁻¹(I + Ω/2)} (second order) or the exponential map
 * {@code R expm(Ω)}; the log map in closed form for n ≤ 3 (Rodrigues) and by inverse scaling and
 * squaring for n > 3 ({@link RotationLog}); the geodesic distance from the rotation angles of
 * {@code RᵀS} for every n; parallel transport along the exp geodesic {@code R expm(tΩ)} in closed
 * form: {@code RA ↦ R expm(Ω/2) A expm(Ω/2)} (the bi-invariant metric's Levi-Civita connection
 * is {@code ∇_X Y = ½[X, Y]} on left-invariant fields).
 */
public final class SpecialOrthogonal extends OrthonormalMatrices {
    /** How a tangent step returns to the group. */
    public enum Retraction {
        /** {@code R (I − Ω/2)⁻¹(I + Ω/2)}. */
        CAYLEY,
        /** {@code R expm(Ω)}: the exponential map itself. */
        EXP
    }

    private final Retraction retraction;

    /** {@code SO(n)} with the Cayley retraction. */
    public SpecialOrthogonal(int n) {
        this(n, Retraction.CAYLEY);
    }

    /** {@code SO(n)}, {@code n >= 2}, stepping by {@code retraction}. */
    public SpecialOrthogonal(int n, Retraction retraction) {
        super("SO(n)", n, n, true, true, true, true);
        if (n < 2) {
            throw new IllegalArgumentException("SO(n): need n >= 2, got " + n);
        }
        this.retraction = java.util.Objects.requireNonNull(retraction, "retraction");
    }

    /** {@code SO(3)}, the rotations of space. */
    public static SpecialOrthogonal so3() {
        return new SpecialOrthogonal(3);
    }

    /** {@code n}: a point is an {@code n x n} rotation matrix. */
    public int dimension() {
        return n;
    }

    @Override
    public String name() {
        return "so(" + n + ")";
    }

    @Override
    protected double[] tangent(double[] x, double[] u) {
        return Matrices.multiply(x, skew(x, u), n, n, n);
    }

    @Override
    protected double[] retr(double[] x, double[] u) {
        if (retraction == Retraction.EXP) {
            return expMap(x, u);
        }
        double[] omega = skew(x, u);
        double[] id = Matrices.identity(n);
        double[] cayley = Matrices.solve(Matrices.addScaled(id, -0.5, omega), Matrices.addScaled(id, 0.5, omega), n, n);
        return Matrices.multiply(x, cayley, n, n, n);
    }

    @Override
    protected double[] expMap(double[] x, double[] u) {
        return Matrices.multiply(x, Matrices.exp(skew(x, u), n), n, n, n);
    }

    @Override
    protected double[] logMap(double[] x, double[] y) {
        return Matrices.multiply(x, logOfRotation(Matrices.transposeMultiply(x, y, n, n, n)), n, n, n);
    }

    /**
     * Along the geodesic {@code X expm(tΩ)}, {@code Ω = log(XᵀY)}: {@code X A ↦ X expm(Ω/2) A expm(Ω/2)}
     * for the skew {@code A = skew(XᵀV)}.
     */
    @Override
    protected double[] parallel(double[] x, double[] y, double[] v) {
        double[] half = Matrices.exp(Matrices.scale(0.5, logOfRotation(Matrices.transposeMultiply(x, y, n, n, n))), n);
        double[] a = skew(x, v);
        return Matrices.multiply(Matrices.multiply(Matrices.multiply(x, half, n, n, n), a, n, n, n), half, n, n, n);
    }

    /** {@code ‖log(XᵀY)‖_F = sqrt(2 Σ θ_k²)} over the rotation angles θ_k (eigenvalues {@code e^{±iθ_k}}). */
    @Override
    protected double dist(double[] x, double[] y) {
        double[] r = Matrices.transposeMultiply(x, y, n, n, n);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(Matrices.wrap(r, n, n))) {
            throw new ArithmeticException(name() + ": eigen-decomposition failed");
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            Complex_F64 l = eig.getEigenvalue(i);
            double angle = Math.atan2(l.imaginary, l.real);
            sum += angle * angle;
        }
        return Math.sqrt(sum);
    }


    /** {@code skew(XᵀU)}. */
    private double[] skew(double[] x, double[] u) {
        return Matrices.skewPart(Matrices.transposeMultiply(x, u, n, n, n), n);
    }

    /** The principal logarithm of a rotation (a skew matrix): closed form for SO(2) and SO(3). */
    private double[] logOfRotation(double[] r) {
        if (n == 2) {
            double theta = Math.atan2(r[2], r[0]);
            return new double[] {0, -theta, theta, 0};
        }
        if (n != 3) {
            return RotationLog.of(r, n);
        }
        double cos = Math.max(-1, Math.min(1, (r[0] + r[4] + r[8] - 1) / 2));
        double[] w = {r[7] - r[5], r[2] - r[6], r[3] - r[1]}; // 2 sin θ · axis
        double sin2 = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
        double theta = Math.atan2(sin2 / 2, cos);
        double[] axisTheta;
        if (cos > -0.99) {
            double f = sin2 < 1e-12 ? 0.5 + theta * theta / 12 : theta / sin2;
            axisTheta = new double[] {f * w[0], f * w[1], f * w[2]};
        } else {
            // near θ = π: (R + Rᵀ)/2 − cos θ I = (1 − cos θ) k kᵀ; take the largest column
            int j = r[0] >= r[4] && r[0] >= r[8] ? 0 : r[4] >= r[8] ? 1 : 2;
            double[] k = new double[3];
            for (int i = 0; i < 3; i++) {
                k[i] = 0.5 * (r[i * 3 + j] + r[j * 3 + i]) - (i == j ? cos : 0);
            }
            double kn = Math.sqrt(k[0] * k[0] + k[1] * k[1] + k[2] * k[2]);
            double sign = k[0] * w[0] + k[1] * w[1] + k[2] * w[2] < 0 ? -1 : 1;
            axisTheta = new double[] {sign * theta * k[0] / kn, sign * theta * k[1] / kn, sign * theta * k[2] / kn};
        }
        double a = axisTheta[0], b = axisTheta[1], c = axisTheta[2];
        return new double[] {0, -c, b, c, 0, -a, -b, a, 0};
    }
}
