package dev.residuum.manifold;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Parameter;
import dev.residuum.optim.Adam;
import dev.residuum.optim.LrSchedule;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.List;

/**
 * Orthogonal Procrustes on SO(3) (Wahba's problem): the rotation R minimising
 * {@code (1/N) Σ ‖R aᵢ − bᵢ‖²}, found by Riemannian Adam from a random start, and its exact answer
 * by Kabsch's SVD: the rotation nearest to {@code M = Σ bᵢ aᵢᵀ}.
 */
public final class RotationProblem {
    /** Riemannian Adam's rate for this problem (cosine-annealed over the iterations). */
    public static final double LEARNING_RATE = 0.05;
    /** Iterations at most. */
    public static final int MAX_ITERATIONS = 1500;
    /** Stop once the Riemannian gradient's norm is at most this. */
    public static final double GRADIENT_TOLERANCE = 1e-6;

    private final float[] a;
    private final float[] b;
    private final int count;

    /**
     * @param a the points to rotate, {@code N × 3} row-major; not modified
     * @param b their targets, {@code N × 3}; not modified
     */
    public RotationProblem(double[] a, double[] b) {
        if (a.length == 0 || a.length % 3 != 0 || b.length != a.length) {
            throw new IllegalArgumentException("RotationProblem: expected N x 3 points and N x 3 targets, got "
                    + a.length + " and " + b.length + " values");
        }
        this.count = a.length / 3;
        this.a = new float[a.length];
        this.b = new float[b.length];
        Manifold.toFloat(a, this.a);
        Manifold.toFloat(b, this.b);
    }

    /**
     * {@code n} Gaussian points {@code aᵢ} and {@code bᵢ = Q aᵢ + noise}, Q a random rotation, all
     * drawn from {@code seed}.
     */
    public static RotationProblem synthetic(int n, double noise, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("RotationProblem: need at least one point pair, got " + n);
        }
        Rng rng = new Rng(seed);
        double[] a = Matrices.gaussian(rng, n * 3);
        double[] q = SpecialOrthogonal.so3().random(1, rng);
        double[] b = Matrices.multiplyTranspose(a, q, n, 3, 3);
        for (int i = 0; i < b.length; i++) {
            b[i] += noise * rng.nextGaussian();
        }
        return new RotationProblem(a, b);
    }

    /** Number of point pairs. */
    public int size() {
        return count;
    }

    /** The loss of rotation {@code r} (3 × 3, row-major), in double. */
    public double loss(double[] r) {
        double s = 0;
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < 3; k++) {
                double ra = r[k * 3] * a[i * 3] + r[k * 3 + 1] * a[i * 3 + 1] + r[k * 3 + 2] * a[i * 3 + 2];
                s += (ra - b[i * 3 + k]) * (ra - b[i * 3 + k]);
            }
        }
        return s / count;
    }

    /** Kabsch's optimum: the rotation nearest to {@code Σ bᵢ aᵢᵀ}. */
    public double[] kabsch() {
        double[] m = Matrices.transposeMultiply(Manifold.toDouble(b), Manifold.toDouble(a), count, 3, 3);
        return SpecialOrthogonal.so3().projectPoint(m);
    }

    /** Riemannian Adam from a random rotation drawn from {@code seed}. */
    public FitResult fit(long seed) {
        return fit(seed, MAX_ITERATIONS, GRADIENT_TOLERANCE);
    }

    /** @param tolerance stop once the Riemannian gradient's norm is at most this (0: run every iteration) */
    public FitResult fit(long seed, int maxIterations, double tolerance) {
        SpecialOrthogonal so3 = SpecialOrthogonal.so3();
        Parameter r = ManifoldParameter.random(so3, 1, new Rng(seed));
        RiemannianAdam adam = new RiemannianAdam(List.of(r), RiemannianAdam.Config.of(Adam.Config.adam(LEARNING_RATE))
                .withStabilize(100));
        Tensor at = Tensor.wrap(a, Shape.of(count, 3));
        Tensor bt = Tensor.wrap(b, Shape.of(count, 3));
        float inv = 1f / count;
        return new RiemannianFit(maxIterations, tolerance, new LrSchedule.Cosine(1, 0)).minimize(r, adam,
                rot -> {
                    Tensor d = at.matmul(rot.t()).sub(bt);
                    return d.mul(d).sum().mul(inv);
                });
    }
}
