package dev.residuum.manifold;

import dev.residuum.kernel.Reductions;


/**
 * The Stiefel manifold {@code St(n, p) = {X ∈ ℝⁿˣᵖ : XᵀX = I}} with the metric inherited from
 * ℝⁿˣᵖ (geoopt's {@code EuclideanStiefel}). Tangent projection {@code U − X sym(XᵀU)};
 * retraction by QR with the signs fixed (R with a non-negative diagonal, so the factor is
 * unique; first order) or by the polar factor (second order); the exponential map in closed
 * form (Edelman, Arias and Smith 1998); no closed-form log, and no closed-form parallel transport
 * under this embedded metric (it solves an ODE along the geodesic): {@link #transport}, the
 * projection onto the new tangent space, is the vector transport the optimizers use. {@link #distance} here is the
 * chordal (Frobenius) distance of the embedding, not the geodesic one.
 */
public final class Stiefel extends OrthonormalMatrices {
    /** How a tangent step returns to the manifold. */
    public enum Retraction {
        /** Q of {@code X + U = QR}, R's diagonal made non-negative. */
        QR,
        /** The polar factor of {@code X + U}: {@code U Vᵀ} of its SVD. */
        POLAR
    }

    private final Retraction retraction;

    /** {@code St(n, p)} with the QR retraction (geoopt's). */
    public Stiefel(int n, int p) {
        this(n, p, Retraction.QR);
    }

    /** @param n rows, {@code n >= p >= 1} @param p orthonormal columns */
    public Stiefel(int n, int p, Retraction retraction) {
        super("Stiefel", n, p, false, true, false, false);
        this.retraction = java.util.Objects.requireNonNull(retraction, "retraction");
    }

    /** How a tangent step returns to the manifold (QR with a sign fix, or polar). */
    public Retraction retraction() {
        return retraction;
    }

    @Override
    public String name() {
        return "stiefel(" + n + "," + p + ")";
    }

    @Override
    protected double[] tangent(double[] x, double[] u) {
        double[] s = Matrices.symmetricPart(Matrices.transposeMultiply(x, u, n, p, p), p);
        return Matrices.addScaled(u, -1, Matrices.multiply(x, s, n, p, p));
    }

    @Override
    protected double[] retr(double[] x, double[] u) {
        double[] a = Matrices.add(x, u);
        return retraction == Retraction.QR ? Matrices.qrWithSignFix(a, n, p) : Matrices.polar(a, n, p);
    }

    /** {@code [X U] expm([[A, −S], [I, A]]) [I; 0] expm(−A)} with {@code A = XᵀU}, {@code S = UᵀU}. */
    @Override
    protected double[] expMap(double[] x, double[] u) {
        int m = 2 * p;
        double[] a = Matrices.transposeMultiply(x, u, n, p, p);
        double[] s = Matrices.transposeMultiply(u, u, n, p, p);
        double[] block = new double[m * m];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                block[i * m + j] = a[i * p + j];
                block[i * m + p + j] = -s[i * p + j];
                block[(p + i) * m + p + j] = a[i * p + j];
            }
            block[(p + i) * m + i] = 1;
        }
        double[] e = Matrices.columns(Matrices.exp(block, m), m, m, 0, p);
        double[] xu = new double[n * m];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * p, xu, i * m, p);
            System.arraycopy(u, i * p, xu, i * m + p, p);
        }
        double[] y = Matrices.multiply(xu, e, n, m, p);
        return Matrices.multiply(y, Matrices.exp(Matrices.scale(-1, a), p), n, p, p);
    }

    @Override
    protected double[] logMap(double[] x, double[] y) {
        throw unsupported("the log map");
    }

    @Override
    protected double[] parallel(double[] x, double[] y, double[] v) {
        throw unsupported("parallel transport (the embedded metric has none; use transport, by projection)");
    }

    @Override
    protected double dist(double[] x, double[] y) {
        return Reductions.norm(Matrices.addScaled(x, -1, y));
    }
}
