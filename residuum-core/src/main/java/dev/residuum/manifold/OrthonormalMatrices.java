package dev.residuum.manifold;

import dev.residuum.kernel.Reductions;
import dev.residuum.kernel.Rng;

/**
 * What the manifolds of {@code n × p} matrices with orthonormal columns share ({@link Stiefel},
 * {@link Grassmann} by its representatives, {@link SpecialOrthogonal} with {@code p = n}): points
 * stored row-major, the Frobenius metric of the embedding, the Riemannian gradient as the tangent
 * projection of the Euclidean one, vector transport by projection onto the new tangent space, and
 * the nearest point, random points and the membership error of orthonormal frames (for
 * {@link SpecialOrthogonal}, the <em>special</em> case, with the determinant kept at +1).
 * Parallel transport is each subclass's own: closed-form on {@link Grassmann} and
 * {@link SpecialOrthogonal}, none on {@link Stiefel} with the embedded metric.
 */
public abstract sealed class OrthonormalMatrices extends Manifold permits Stiefel, Grassmann, SpecialOrthogonal {
    /** Rows. */
    protected final int n;
    /** Columns. */
    protected final int p;
    /** Whether the points are the rotations ({@code p = n}, determinant +1) rather than all frames. */
    private final boolean special;

    /**
     * @param what the manifold, for the message
     * @param special whether the points are the rotations of {@code SO(n)} (then {@code p = n})
     * @param parallelTransport whether the subclass has parallel transport in closed form
     * @throws IllegalArgumentException unless {@code n >= p >= 1}
     */
    protected OrthonormalMatrices(String what, int n, int p, boolean special, boolean exp, boolean log,
                                  boolean parallelTransport) {
        super(new int[] {n, p}, exp, log, parallelTransport);
        if (p < 1 || n < p) {
            throw new IllegalArgumentException(what + ": need n >= p >= 1, got n = " + n + ", p = " + p);
        }
        if (special && p != n) {
            throw new IllegalArgumentException(what + ": rotations are square, got n = " + n + ", p = " + p);
        }
        this.n = n;
        this.p = p;
        this.special = special;
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
        return Reductions.dot(u, v);
    }

    @Override
    protected final double[] componentSquare(double[] x, double[] u) {
        return repeated(Reductions.dot(u, u), n * p);
    }

    /**
     * The nearest frame: the polar factor {@code U Vᵀ} of the thin SVD {@code X = U Σ Vᵀ}; for
     * rotations, {@code U diag(1, …, 1, det UVᵀ) Vᵀ}.
     */
    @Override
    protected final double[] project(double[] x) {
        Matrices.Svd d = Matrices.svd(x, n, p);
        double[] r = Matrices.multiplyTranspose(d.u(), d.v(), n, p, p);
        if (special && Matrices.determinant(r, n) < 0) {
            double[] u = d.u().clone();
            for (int i = 0; i < n; i++) {
                u[i * n + n - 1] = -u[i * n + n - 1];
            }
            r = Matrices.multiplyTranspose(u, d.v(), n, n, n);
        }
        return r;
    }

    /**
     * Haar-distributed: the sign-fixed Q of a Gaussian matrix; for rotations, its first column
     * negated if its determinant is −1.
     */
    @Override
    protected final double[] randomPoint(Rng rng) {
        double[] q = Matrices.qrWithSignFix(Matrices.gaussian(rng, n * p), n, p);
        if (special && Matrices.determinant(q, n) < 0) {
            for (int i = 0; i < n; i++) {
                q[i * n] = -q[i * n];
            }
        }
        return q;
    }

    /** {@code max |XᵀX − I|}; for rotations, at least {@code 1 + |det − 1|} for a reflection. */
    @Override
    protected final double error(double[] x) {
        double e = Matrices.orthonormalityError(x, n, p);
        if (!special) {
            return e;
        }
        double det = Matrices.determinant(x, n);
        return det > 0 ? e : Math.max(e, 1 + Math.abs(det - 1));
    }
}
