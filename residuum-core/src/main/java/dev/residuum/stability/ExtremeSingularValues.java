package dev.residuum.stability;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.kernel.Reductions;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The smallest and the largest singular value of a map's Jacobian at a point, by the Lanczos method
 * on the Gram operator, with full reorthogonalisation.
 *
 * <p>The Gram operator is taken on the smaller side, {@code J^T J} on the input space when the
 * output is at least as large, {@code J J^T} on the output space otherwise, so its eigenvalues are
 * exactly the squares of the {@code min(m, n)} singular values and no null space of the larger side
 * hides the smallest one. One application is a {@code jvp} and a {@code vjp} from one recording.
 *
 * <p>Why Lanczos and not a shifted power iteration ({@code sigma_max^2 I - J^T J}): one Krylov
 * space gives both extremes, it converges much faster for the bottom of a spectrum, and the
 * smallest eigenvalue is not found as a small difference of two large ones. Its costs and limits:
 * the basis is kept (float32, {@code n x steps} floats: 0.8M-element batch tensors at 100 steps
 * take 320 MB; a basis over half the heap is refused), so {@link IterationOptions#maxIterations}
 * bounds memory; the operator is applied in float32, so eigenvalues of {@code J^T J} below about
 * {@code 1e-6 sigma_max^2} (singular values below about {@code 1e-3 sigma_max}) are not resolved;
 * a cluster at the bottom of the spectrum converges slowly and ends at the cap with {@code converged = false}.
 *
 * <p>Stopping rule: every few steps the Ritz values of the tridiagonal {@code T_k} are computed
 * (EJML), with the residual {@code beta_k |y_k|} of each Ritz pair (the exact residual norm of
 * that pair in exact arithmetic); the run stops when both extreme residuals are at most
 * {@code tolerance * theta_max}, or when the Krylov space becomes invariant (then the extremes are
 * exact up to rounding).
 */
public final class ExtremeSingularValues {
    static final int CHECK_EVERY = 4;

    /**
     * @param smallest the estimate of the smallest of the {@code min(m, n)} singular values
     * @param largest the estimate of the largest one
     * @param steps Lanczos steps taken (Krylov dimension)
     * @param converged whether the stopping rule was met or the space exhausted before the cap
     */
    public record Result(double smallest, double largest, int steps, boolean converged) {
        /** {@code largest / smallest} (infinite when the smallest is 0). */
        public double conditionNumber() {
            return largest / smallest;
        }
    }

    private ExtremeSingularValues() {
    }

    /** The extremes of {@code J_f(x)}: records {@code f} at {@code x} once. @param x not modified */
    public static Result of(Function<Tensor, Tensor> f, Tensor x, IterationOptions options) {
        return of(Autodiff.linearize(f, x), options);
    }

    /** The extremes of a recorded map's Jacobian. */
    public static Result of(Autodiff.Linearization map, IterationOptions options) {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(options, "options");
        boolean inputSide = map.output().numel() >= map.input().numel();
        Shape shape = inputSide ? map.input().shape() : map.output().shape();
        Function<Tensor, Tensor> gram = inputSide ? v -> map.vjp(map.jvp(v)) : u -> map.jvp(map.vjp(u));
        int n = shape.numel();
        int kMax = Math.min(options.maxIterations(), n);
        long basisBytes = 4L * n * kMax, heapHalf = Runtime.getRuntime().maxMemory() / 2;
        if (basisBytes > heapHalf) {
            throw new IllegalArgumentException("ExtremeSingularValues: a Lanczos basis of " + kMax + " vectors of " + n
                    + " elements takes " + (basisBytes >> 20) + " MB, over half the heap (" + (heapHalf >> 20)
                    + " MB); lower IterationOptions.maxIterations, use a smaller batch, or give the JVM more heap");
        }
        List<float[]> basis = new ArrayList<>();
        double[] alpha = new double[kMax], beta = new double[kMax];
        Tensor q = Vectors.gaussian(shape, new SplittableRandom(options.seed()));
        q = Vectors.scaled(q, 1 / Vectors.norm(q));
        double largestAlpha = 0;
        for (int k = 0; k < kMax; k++) {
            basis.add(q.data());
            double[] w = Vectors.toDouble(gram.apply(q).data());
            alpha[k] = Reductions.dot(basis.get(k), w);
            largestAlpha = Math.max(largestAlpha, Math.abs(alpha[k]));
            axpy(-alpha[k], basis.get(k), w);
            if (k > 0) {
                axpy(-beta[k - 1], basis.get(k - 1), w);
            }
            for (int pass = 0; pass < 2; pass++) { // "twice is enough"
                for (float[] b : basis) {
                    axpy(-Reductions.dot(b, w), b, w);
                }
            }
            beta[k] = Math.sqrt(Reductions.dot(w, w));
            int steps = k + 1;
            boolean invariant = beta[k] <= 1e-7 * Math.max(largestAlpha, Double.MIN_NORMAL);
            if (invariant || steps == kMax || steps % CHECK_EVERY == 0) {
                double[] r = ritzExtremes(alpha, beta, steps);
                double allowed = options.tolerance() * Math.max(r[1], Double.MIN_NORMAL);
                boolean done = invariant || steps == n || (r[2] <= allowed && r[3] <= allowed);
                if (done || steps == kMax) {
                    return new Result(Math.sqrt(Math.max(r[0], 0)), Math.sqrt(Math.max(r[1], 0)), steps, done);
                }
            }
            float[] next = new float[n];
            for (int i = 0; i < n; i++) {
                next[i] = (float) (w[i] / beta[k]);
            }
            q = Tensor.wrap(next, shape);
        }
        throw new AssertionError("unreachable: the loop returns at its last step");
    }

    /** {theta_min, theta_max, residual of theta_min, residual of theta_max} of T_k. */
    private static double[] ritzExtremes(double[] alpha, double[] beta, int k) {
        DMatrixRMaj t = new DMatrixRMaj(k, k);
        for (int i = 0; i < k; i++) {
            t.set(i, i, alpha[i]);
            if (i + 1 < k) {
                t.set(i, i + 1, beta[i]);
                t.set(i + 1, i, beta[i]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, true, true);
        if (!eig.decompose(t)) {
            throw new IllegalStateException("ExtremeSingularValues: eigen-decomposition of the " + k + "x" + k
                    + " Lanczos matrix failed");
        }
        int lo = 0, hi = 0;
        for (int i = 1; i < k; i++) {
            if (eig.getEigenvalue(i).real < eig.getEigenvalue(lo).real) {
                lo = i;
            }
            if (eig.getEigenvalue(i).real > eig.getEigenvalue(hi).real) {
                hi = i;
            }
        }
        return new double[] {eig.getEigenvalue(lo).real, eig.getEigenvalue(hi).real,
            residual(eig.getEigenVector(lo), beta[k - 1], k), residual(eig.getEigenVector(hi), beta[k - 1], k)};
    }

    private static double residual(DMatrixRMaj y, double betaK, int k) {
        double norm = 0;
        for (int i = 0; i < k; i++) {
            norm += y.get(i, 0) * y.get(i, 0);
        }
        return Math.abs(betaK * y.get(k - 1, 0)) / Math.sqrt(norm);
    }

    private static void axpy(double c, float[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += c * x[i];
        }
    }
}
