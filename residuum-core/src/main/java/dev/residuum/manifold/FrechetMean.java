package dev.residuum.manifold;

import dev.residuum.kernel.Reductions;
import dev.residuum.kernel.Rng;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The Fréchet (Karcher) mean of points on a manifold with closed-form exp and log: the minimiser
 * of {@code f(x) = (1/2N) Σ d(x, pᵢ)²}, whose Riemannian gradient is {@code −(1/N) Σ log_x(pᵢ)}.
 * {@link #gradientDescent} takes the unit step {@code x ← exp_x((1/N) Σ log_x pᵢ)} (Karcher's
 * iteration); {@link #newtonOnSphere} is Riemannian Newton on the sphere with the exact Hessian of
 * the squared distance, {@code H[v] = ⟨v, e⟩e + θ cot θ (v − ⟨v, e⟩e)} per point ({@code e} the unit
 * log direction, θ the distance), the reference the first is checked against.
 */
public final class FrechetMean {
    private FrechetMean() {
    }

    /**
     * {@code count} points of {@code manifold} scattered around a random centre: the exponential
     * of tangent vectors of random direction and length uniform in {@code [0, spread)}.
     */
    public static double[] scatter(Manifold manifold, int count, double spread, long seed) {
        requireLog(manifold);
        Rng rng = new Rng(seed);
        double[] centre = manifold.random(1, rng);
        int n = manifold.pointSize();
        double[] points = new double[count * n];
        for (int i = 0; i < count; i++) {
            double[] u = manifold.projectTangent(centre, Matrices.gaussian(rng, n));
            double norm = Math.sqrt(manifold.inner(centre, u, u));
            double[] p = manifold.exp(centre, Matrices.scale(spread * rng.nextDouble() / norm, u));
            System.arraycopy(p, 0, points, i * n, n);
        }
        return points;
    }

    /**
     * Karcher's iteration from the first point.
     *
     * @param points N points of {@code manifold} laid end to end; not modified
     * @param tolerance stop when the gradient norm is at most this
     */
    public static FitResult gradientDescent(Manifold manifold, double[] points, int maxIterations, double tolerance) {
        requireLog(manifold);
        int n = manifold.pointSize();
        int count = points.length / n;
        double[] x = Arrays.copyOf(points, n);
        double[] losses = new double[maxIterations + 1];
        long start = System.nanoTime();
        int it = 0;
        double gradNorm;
        while (true) {
            double[] step = new double[n];
            double loss = 0;
            for (int i = 0; i < count; i++) {
                double[] p = Arrays.copyOfRange(points, i * n, (i + 1) * n);
                double[] l = manifold.log(x, p);
                loss += manifold.inner(x, l, l) / (2 * count);
                for (int j = 0; j < n; j++) {
                    step[j] += l[j] / count;
                }
            }
            losses[it] = loss;
            gradNorm = Math.sqrt(manifold.inner(x, step, step));
            if (gradNorm <= tolerance || it == maxIterations) {
                return new FitResult(x, loss, it, (System.nanoTime() - start) / 1e9, gradNorm,
                        Arrays.copyOf(losses, it + 1));
            }
            x = manifold.exp(x, step);
            it++;
        }
    }

    /** Riemannian Newton on the sphere from the first point (converges quadratically near the mean). */
    public static double[] newtonOnSphere(Sphere sphere, double[] points, int maxIterations, double tolerance) {
        int n = sphere.pointSize();
        int count = points.length / n;
        double[] x = Arrays.copyOf(points, n);
        for (int it = 0; it < maxIterations; it++) {
            double[] grad = new double[n];
            DMatrixRMaj h = new DMatrixRMaj(n, n);
            for (int i = 0; i < count; i++) {
                double[] l = sphere.log(x, Arrays.copyOfRange(points, i * n, (i + 1) * n));
                double theta = Reductions.norm(l);
                double c = theta < 1e-8 ? 1 - theta * theta / 3 : theta / Math.tan(theta);
                for (int a = 0; a < n; a++) {
                    grad[a] -= l[a] / count;
                    for (int b = 0; b < n; b++) {
                        double ee = theta == 0 ? 0 : l[a] * l[b] / (theta * theta);
                        double proj = (a == b ? 1 : 0) - x[a] * x[b] - ee;
                        h.add(a, b, (ee + c * proj) / count);
                    }
                }
            }
            if (Reductions.norm(grad) <= tolerance) {
                return x;
            }
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    h.add(a, b, x[a] * x[b]); // the normal direction: makes H invertible, keeps η tangent
                }
            }
            DMatrixRMaj eta = new DMatrixRMaj(n, 1);
            if (!CommonOps_DDRM.solve(h, DMatrixRMaj.wrap(n, 1, Matrices.scale(-1, grad)), eta)) {
                throw new ArithmeticException("FrechetMean: singular Newton system");
            }
            x = sphere.exp(x, sphere.projectTangent(x, eta.data));
        }
        return x;
    }

    private static void requireLog(Manifold m) {
        if (!m.hasExp() || !m.hasLog()) {
            throw new IllegalArgumentException("FrechetMean: " + m.name() + " has no closed-form exp and log");
        }
    }
}
