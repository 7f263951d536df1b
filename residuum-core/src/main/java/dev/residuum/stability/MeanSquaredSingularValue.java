package dev.residuum.stability;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The mean squared singular value of a Jacobian, {@code ||J||_F^2 / min(m, n)} (the mean of
 * {@code sigma_i^2} over its {@code min(m, n)} singular values; {@code trace(J^T J) / n} for a
 * square map): the diagnostic of the ReZero paper (Bachlechner et al. 2020), 1 for an isometry.
 *
 * <p>By Hutchinson's estimator with Rademacher probes {@code z}: {@code E ||J z||^2 = trace(J^T J)},
 * one forward-mode product per probe, reported with the standard error of the mean over probes.
 * When the smaller side has at most {@code probes} elements the trace is computed exactly instead,
 * from one product per basis vector ({@code jvp} on the input side, {@code vjp} on the output side),
 * and the standard error is 0.
 */
public final class MeanSquaredSingularValue {
    /**
     * @param mean the estimate of {@code ||J||_F^2 / min(m, n)}
     * @param standardError its standard error (0 when exact)
     * @param products Jacobian products used
     * @param exact whether the trace was summed over a basis instead of sampled
     */
    public record Result(double mean, double standardError, int products, boolean exact) {
    }

    private MeanSquaredSingularValue() {
    }

    /** At {@code f(x)}: records {@code f} once. @param x not modified */
    public static Result of(Function<Tensor, Tensor> f, Tensor x, int probes, long seed) {
        return of(Autodiff.linearize(f, x), probes, seed);
    }

    /**
     * @param probes Rademacher probes (at least 2, for a standard error)
     * @param seed seed of the probes
     */
    public static Result of(Autodiff.Linearization map, int probes, long seed) {
        Objects.requireNonNull(map, "map");
        if (probes < 2) {
            throw new IllegalArgumentException("MeanSquaredSingularValue: needs at least 2 probes for a standard"
                    + " error, got " + probes);
        }
        int n = map.input().numel(), m = map.output().numel();
        int count = Math.min(m, n);
        if (count <= probes) {
            boolean inputSide = n <= m;
            Shape shape = inputSide ? map.input().shape() : map.output().shape();
            double sum = 0;
            for (int i = 0; i < count; i++) {
                Tensor e = Vectors.basis(shape, i);
                Tensor column = inputSide ? map.jvp(e) : map.vjp(e);
                sum += Vectors.dot(column, column);
            }
            return new Result(sum / count, 0, count, true);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double mean = 0, m2 = 0;
        for (int k = 1; k <= probes; k++) { // Welford's running mean and variance
            Tensor jz = map.jvp(Vectors.rademacher(map.input().shape(), rng));
            double s = Vectors.dot(jz, jz);
            double d = s - mean;
            mean += d / k;
            m2 += d * (s - mean);
        }
        double standardError = Math.sqrt(m2 / (probes - 1) / probes);
        return new Result(mean / count, standardError / count, probes, false);
    }
}
