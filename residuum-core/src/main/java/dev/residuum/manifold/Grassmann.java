package dev.residuum.manifold;

import dev.residuum.kernel.Reductions;


/**
 * The Grassmann manifold {@code Gr(n, p)} of p-dimensional subspaces of ℝⁿ, as the quotient
 * {@code St(n, p) / O(p)}: a point is stored as an orthonormal basis {@code X} (any basis of the
 * subspace), and tangent vectors are horizontal, {@code XᵀU = 0}. Retraction: the sign-fixed QR
 * factor of {@code X + U} (as a subspace, second order); exp, log and the distance (the norm of
 * the principal angles) in closed form (Edelman, Arias and Smith 1998; Absil, Mahony and
 * Sepulchre 2004), and parallel transport along the geodesic (Edelman, Arias and Smith 1998,
 * eq. 2.68). Two bases of the same subspace are the same point: compare with
 * {@link #distance}, not entry by entry.
 */
public final class Grassmann extends OrthonormalMatrices {
    /** @param n ambient dimension, {@code n >= p >= 1} @param p subspace dimension */
    public Grassmann(int n, int p) {
        super("Grassmann", n, p, false, true, true, true);
    }

    @Override
    public String name() {
        return "grassmann(" + n + "," + p + ")";
    }

    /** The horizontal part {@code U − X XᵀU}. */
    @Override
    protected double[] tangent(double[] x, double[] u) {
        return Matrices.addScaled(u, -1, Matrices.multiply(x, Matrices.transposeMultiply(x, u, n, p, p), n, p, p));
    }

    @Override
    protected double[] retr(double[] x, double[] u) {
        return Matrices.qrWithSignFix(Matrices.add(x, u), n, p);
    }

    /** {@code X V cos Σ Vᵀ + W sin Σ Vᵀ} for the thin SVD {@code U = W Σ Vᵀ}. */
    @Override
    protected double[] expMap(double[] x, double[] u) {
        Matrices.Svd d = Matrices.svd(u, n, p);
        double[] w = d.u().clone();
        double[] xv = Matrices.multiply(x, d.v(), n, p, p);
        double[] y = new double[n * p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                double s = d.s()[j];
                y[i * p + j] = xv[i * p + j] * Math.cos(s) + w[i * p + j] * Math.sin(s);
            }
        }
        return Matrices.multiplyTranspose(y, d.v(), n, p, p);
    }

    /** {@code W atan(Σ) Vᵀ} for the thin SVD {@code (I − XXᵀ) Y (XᵀY)⁻¹ = W Σ Vᵀ}. */
    @Override
    protected double[] logMap(double[] x, double[] y) {
        double[] xty = Matrices.transposeMultiply(x, y, n, p, p);
        // (XᵀY)⁻ᵀ applied on the right: solve (XᵀY)ᵀ Zᵀ = ((I − XXᵀ)Y)ᵀ
        double[] h = tangent(x, y);
        double[] ht = transpose(h, n, p);
        double[] zt = Matrices.solve(transpose(xty, p, p), ht, p, n);
        Matrices.Svd d = Matrices.svd(transpose(zt, p, n), n, p);
        double[] w = d.u().clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                w[i * p + j] *= Math.atan(d.s()[j]);
            }
        }
        return Matrices.multiplyTranspose(w, d.v(), n, p, p);
    }

    /**
     * Along the geodesic from {@code X} with velocity {@code H = log_X(Y) = W Σ Vᵀ} (thin SVD):
     * {@code Δ ↦ (−X V sin Σ Wᵀ + W cos Σ Wᵀ + I − W Wᵀ) Δ}, horizontal at the geodesic's end
     * {@code Y₁ = exp_X(H)}; then carried to the basis {@code Y = Y₁ Q} of the same subspace as
     * {@code · Q}, {@code Q = Y₁ᵀ Y} (the horizontal lift at {@code Y}).
     */
    @Override
    protected double[] parallel(double[] x, double[] y, double[] v) {
        double[] h = logMap(x, y);
        Matrices.Svd d = Matrices.svd(h, n, p);
        double[] w = d.u();
        double[] wtv = Matrices.transposeMultiply(w, v, n, p, p);
        double[] xv = Matrices.multiply(x, d.v(), n, p, p);
        double[] sinW = new double[p * p];
        double[] cosW = new double[p * p];
        for (int i = 0; i < p; i++) {
            double s = d.s()[i];
            for (int j = 0; j < p; j++) {
                sinW[i * p + j] = Math.sin(s) * wtv[i * p + j];
                cosW[i * p + j] = (Math.cos(s) - 1) * wtv[i * p + j];
            }
        }
        double[] moved = Matrices.add(v, Matrices.addScaled(Matrices.multiply(w, cosW, n, p, p), -1,
                Matrices.multiply(xv, sinW, n, p, p)));
        double[] end = expMap(x, h);
        return Matrices.multiply(moved, Matrices.transposeMultiply(end, y, n, p, p), n, p, p);
    }

    /** The norm of the principal angles {@code acos σ_k(XᵀY)}. */
    @Override
    protected double dist(double[] x, double[] y) {
        double[] angles = principalAngles(x, y);
        return Reductions.norm(angles);
    }

    /**
     * The principal angles between the subspaces spanned by two orthonormal bases ({@code n × p}),
     * from the largest cosine; accurate for small angles too (from the sines of {@code (I − XXᵀ)Y}).
     */
    public double[] principalAngles(double[] x, double[] y) {
        if (x.length != n * p || y.length != n * p) {
            throw new IllegalArgumentException(name() + ".principalAngles: expected two " + n + "x" + p + " bases, got "
                    + x.length + " and " + y.length + " values");
        }
        double[] cos = Matrices.svd(Matrices.transposeMultiply(x, y, n, p, p), p, p).s();
        double[] sin = Matrices.svd(tangent(x, y), n, p).s();
        double[] angles = new double[p];
        for (int k = 0; k < p; k++) {
            // cosines come largest first, sines largest first: pair cos_k with sin_{p-1-k}
            double c = Math.min(1, cos[k]);
            double s = Math.min(1, sin[p - 1 - k]);
            angles[k] = Math.atan2(s, c);
        }
        return angles;
    }

    static double[] transpose(double[] a, int r, int c) {
        double[] t = new double[a.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = a[i * c + j];
            }
        }
        return t;
    }
}
