package dev.residuum.stability;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.tensor.Tensor;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The largest singular value {@code ||J||_2} of a map's Jacobian at a point, by power iteration on
 * {@code J^T J}: each step one forward-mode product {@code J v} and one reverse-mode product
 * {@code J^T (J v)}, both from a single recording of the map ({@link Autodiff#linearize}); no
 * {@code .grad} is written and the map runs once.
 *
 * <p>For a map on a batch, {@code J} is the Jacobian of the whole batch tensor: in evaluation mode it
 * is block-diagonal over the samples, so its norm is the largest over the samples.
 *
 * <p>The estimate {@code ||J v||} with {@code v} a unit vector is a lower bound of {@code ||J||_2};
 * the stopping rule is that of {@link IterationOptions}. Convergence is geometric with ratio
 * {@code (sigma_2 / sigma_1)^2}: slow where the top singular values cluster (a block near the
 * identity); the result says how many iterations ran and whether the rule was met.
 */
public final class SpectralNorm {
    /**
     * @param value the estimate of {@code ||J||_2} (0 for a zero Jacobian)
     * @param iterations products with {@code J^T J} taken
     * @param converged whether the residual rule was met before the cap
     * @param residual the last relative residual {@code ||J^T J v - lambda v|| / lambda}
     */
    public record Result(double value, int iterations, boolean converged, double residual) {
    }

    private SpectralNorm() {
    }

    /** {@code ||J_f(x)||_2}: records {@code f} at {@code x} once. @param x not modified */
    public static Result of(Function<Tensor, Tensor> f, Tensor x, IterationOptions options) {
        return of(Autodiff.linearize(f, x), options);
    }

    /** {@code ||J||_2} of a recorded map. */
    public static Result of(Autodiff.Linearization map, IterationOptions options) {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(options, "options");
        Tensor v = Vectors.gaussian(map.input().shape(), new SplittableRandom(options.seed()));
        v = Vectors.scaled(v, 1 / Vectors.norm(v));
        double lambda = 0, residual = Double.NaN;
        for (int k = 1; k <= options.maxIterations(); k++) {
            Tensor u = map.jvp(v);
            lambda = Vectors.dot(u, u);
            Tensor w = map.vjp(u);
            double wNorm = Vectors.norm(w);
            if (wNorm == 0) {
                return new Result(0, k, true, 0);
            }
            residual = Vectors.distance(w, lambda, v) / lambda;
            if (residual <= options.tolerance()) {
                return new Result(Math.sqrt(lambda), k, true, residual);
            }
            v = Vectors.scaled(w, 1 / wNorm);
        }
        return new Result(Math.sqrt(lambda), options.maxIterations(), false, residual);
    }
}
