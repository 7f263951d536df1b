package dev.residuum.manifold;

import dev.residuum.kernel.Reductions;
import dev.residuum.kernel.Rng;

/**
 * The unit sphere {@code Sⁿ⁻¹ = {x ∈ ℝⁿ : ‖x‖ = 1}}; a batch is rows of unit vectors.
 * Retraction: normalise {@code x + u} (second order); exp, log, distance and parallel transport
 * along great circles in closed form.
 */
public final class Sphere extends Manifold {
    private final int n;

    /** @param n the ambient dimension (at least 2): points are unit vectors of ℝⁿ */
    public Sphere(int n) {
        super(new int[] {n}, true, true, true);
        if (n < 2) {
            throw new IllegalArgumentException("Sphere: ambient dimension must be >= 2, got " + n);
        }
        this.n = n;
    }

    /** The ambient dimension. */
    public int dimension() {
        return n;
    }

    @Override
    public String name() {
        return "sphere(" + n + ")";
    }

    @Override
    protected double[] project(double[] x) {
        double norm = Reductions.norm(x);
        if (!(norm > 0) || Double.isInfinite(norm)) {
            throw new IllegalArgumentException(name() + ": cannot project a zero or non-finite vector onto the sphere");
        }
        return Matrices.scale(1 / norm, x);
    }

    @Override
    protected double[] tangent(double[] x, double[] u) {
        return Matrices.addScaled(u, -Reductions.dot(x, u), x);
    }

    @Override
    protected double[] rgrad(double[] x, double[] egrad) {
        return tangent(x, egrad);
    }

    @Override
    protected double[] retr(double[] x, double[] u) {
        return project(Matrices.add(x, u));
    }

    @Override
    protected double[] expMap(double[] x, double[] u) {
        double t = Reductions.norm(u);
        if (t == 0) {
            return x.clone();
        }
        double[] y = new double[n];
        double c = Math.cos(t), s = Math.sin(t) / t;
        for (int i = 0; i < n; i++) {
            y[i] = c * x[i] + s * u[i];
        }
        return y;
    }

    @Override
    protected double[] logMap(double[] x, double[] y) {
        double[] v = tangent(x, y);
        double vn = Reductions.norm(v);
        if (vn == 0) {
            return new double[n];
        }
        return Matrices.scale(dist(x, y) / vn, v);
    }

    @Override
    protected double[] transp(double[] x, double[] y, double[] v) {
        return tangent(y, v);
    }

    @Override
    protected double[] parallel(double[] x, double[] y, double[] v) {
        double[] u = logMap(x, y);
        double theta = Reductions.norm(u);
        if (theta == 0) {
            return v.clone();
        }
        double ev = Reductions.dot(u, v) / theta;
        double[] out = new double[n];
        double a = (Math.cos(theta) - 1) * ev / theta, b = -Math.sin(theta) * ev;
        for (int i = 0; i < n; i++) {
            out[i] = v[i] + a * u[i] + b * x[i];
        }
        return out;
    }

    @Override
    protected double metric(double[] x, double[] u, double[] v) {
        return Reductions.dot(u, v);
    }

    @Override
    protected double[] componentSquare(double[] x, double[] u) {
        return repeated(Reductions.dot(u, u), n);
    }

    /** The angle between the points, from the chord (accurate for near and far points alike). */
    @Override
    protected double dist(double[] x, double[] y) {
        double chord = 0, sum = 0;
        for (int i = 0; i < n; i++) {
            chord += (x[i] - y[i]) * (x[i] - y[i]);
            sum += (x[i] + y[i]) * (x[i] + y[i]);
        }
        return 2 * Math.atan2(Math.sqrt(chord), Math.sqrt(sum));
    }

    @Override
    protected double[] randomPoint(Rng rng) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = rng.nextGaussian();
        }
        return project(g);
    }

    @Override
    protected double error(double[] x) {
        return Math.abs(Reductions.norm(x) - 1);
    }
}
