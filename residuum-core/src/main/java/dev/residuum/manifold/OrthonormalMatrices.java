package dev.residuum.manifold;

/**
 * What the manifolds of {@code n × p} matrices with orthonormal columns share ({@link Stiefel},
 * {@link Grassmann} by its representatives, {@link SpecialOrthogonal} with {@code p = n}): points
 * stored row-major, the Frobenius metric of the embedding, the Riemannian gradient as the tangent
 * projection of the Euclidean one, and vector transport by projection onto the new tangent space.
 * Parallel transport is each subclass's own: closed-form on {@link Grassmann} and
 * {@link SpecialOrthogonal}, none on {@link Stiefel} with the embedded metric.
 */
public abstract sealed class OrthonormalMatrices extends Manifold permits Stiefel, Grassmann, SpecialOrthogonal {
    /** Rows. */
    protected final int n;
    /** Columns. */
    protected final int p;

    /**
     * @param what the manifold, for the message
     * @param parallelTransport whether the subclass has parallel transport in closed form
     * @throws IllegalArgumentException unless {@code n >= p >= 1}
     */
    protected OrthonormalMatrices(String what, int n, int p, boolean exp, boolean log, boolean parallelTransport) {
        super(new int[] {n, p}, exp, log, parallelTransport);
        if (p < 1 || n < p) {
            throw new IllegalArgumentException(what + ": need n >= p >= 1, got n = " + n + ", p = " + p);
        }
        this.n = n;
        this.p = p;
    }

    /** Rows of a point (the ambient dimension). */
    public final int rows() {
        return n;
    }

    /** Columns of a point (orthonormal vectors). */
    public final int columns() {
        return p;
    }

    @Override
    protected final double[] rgrad(double[] x, double[] egrad) {
        return tangent(x, egrad);
    }

    @Override
    protected final double[] transp(double[] x, double[] y, double[] v) {
        return tangent(y, v);
    }

    @Override
    protected final double metric(double[] x, double[] u, double[] v) {
        return Matrices.dot(u, v);
    }

    @Override
    protected final double[] componentSquare(double[] x, double[] u) {
        return repeated(Matrices.dot(u, u), n * p);
    }

    /** {@code max |XᵀX − I|}. */
    protected final double orthonormalityError(double[] x) {
        return Matrices.orthonormalityError(x, n, p);
    }

    /** The sign-fixed Q of a Gaussian matrix: Haar-distributed on {@code St(n, p)}. */
    protected final double[] haarFrame(dev.residuum.kernel.Rng rng) {
        return Matrices.qrWithSignFix(Matrices.gaussian(rng, n * p), n, p);
    }
}
