package dev.residuum.manifold;

import dev.residuum.kernel.Reductions;
import dev.residuum.kernel.Rng;

/**
 * Flat space ℝⁿ: every operation is the ordinary one (retraction {@code x + u}, transport the
 * identity). Its points are single scalars, so it fits a tensor of any shape; the Riemannian
 * optimizers run {@code Sgd}'s and {@code Adam}'s own arithmetic on it.
 */
public final class Euclidean extends Manifold {
    /** The space of any tensor. */
    public Euclidean() {
        super(new int[0], true, true, true);
    }

    @Override
    public String name() {
        return "euclidean";
    }

    @Override
    protected double[] project(double[] x) {
        return x.clone();
    }

    @Override
    protected double[] tangent(double[] x, double[] u) {
        return u.clone();
    }

    @Override
    protected double[] rgrad(double[] x, double[] egrad) {
        return egrad.clone();
    }

    @Override
    protected double[] retr(double[] x, double[] u) {
        return Matrices.add(x, u);
    }

    @Override
    protected double[] expMap(double[] x, double[] u) {
        return Matrices.add(x, u);
    }

    @Override
    protected double[] logMap(double[] x, double[] y) {
        return Matrices.addScaled(y, -1, x);
    }

    @Override
    protected double[] transp(double[] x, double[] y, double[] v) {
        return v.clone();
    }

    @Override
    protected double[] parallel(double[] x, double[] y, double[] v) {
        return v.clone();
    }

    @Override
    protected double metric(double[] x, double[] u, double[] v) {
        return Reductions.dot(u, v);
    }

    @Override
    protected double[] componentSquare(double[] x, double[] u) {
        return new double[] {u[0] * u[0]};
    }

    @Override
    protected double dist(double[] x, double[] y) {
        return Math.abs(x[0] - y[0]);
    }

    @Override
    protected double[] randomPoint(Rng rng) {
        return new double[] {rng.nextGaussian()};
    }

    @Override
    protected double error(double[] x) {
        return Double.isFinite(x[0]) ? 0 : Double.NaN;
    }
}
