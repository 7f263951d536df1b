package dev.residuum.dynamics;

import dev.residuum.kernel.Reductions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The two extreme eigenvalues of a large symmetric operator restricted to the complement of a known null
 * space, by the Lanczos method with full reorthogonalisation.
 *
 * <p>Why written here rather than taken from a library: the maintained JVM option is ARPACK
 * ({@code dev.ludovic.netlib:arpack}, the one Spark uses; no pure-Java Lanczos/LOBPCG on Maven Central fits
 * without heavy dependencies). ARPACK's stopping rule asks for converged Ritz <em>vectors</em>, which converge
 * slowly where the bottom of a large graph's spectrum is clustered, and it needs two runs (smallest, largest);
 * we need only the two extreme <em>values</em>, which one Krylov space gives together, with a stopping rule on
 * the values themselves. The method is short enough to own and is checked against EJML's dense solver. Full reorthogonalisation (classical
 * Gram–Schmidt, repeated once when the vector lost more than 30% of its norm: "twice is enough") keeps the
 * basis orthogonal to machine precision, so no spurious copies of converged Ritz values appear; it costs
 * O(n·k²) for k steps and n·k doubles of memory, which is why {@code maxSteps} is bounded. The start vector
 * is seeded random, projected off the null space; the basis is re-projected every step, so the Krylov space
 * stays in the complement and the smallest Ritz value tends to the smallest <em>non-zero</em> eigenvalue.
 *
 * <p>Stopping rule (the stated tolerance): Ritz values of the tridiagonal T_k are computed by Sturm bisection
 * every {@value #CHECK_EVERY} steps; by interlacing they move monotonically towards the extreme eigenvalues.
 * The run stops when both extreme Ritz values moved by at most {@code tolerance × |θ|} over the last
 * {@value #WINDOW} steps. For geometric convergence with a per-step factor q that bounds the remaining error
 * by {@code tolerance × |θ| / (1 − q^WINDOW)}: with the default tolerance 1e-11 the error is below 1e-9
 * relative unless the method is gaining less than 1% per step, in which case {@code maxSteps} ends the run
 * and the result says {@code converged = false}.
 */
public final class Lanczos {
    /** Default relative tolerance of the stopping rule. */
    public static final double DEFAULT_TOLERANCE = 1e-11;
    /** Default bound on the Krylov dimension (memory n × maxSteps doubles). */
    public static final int DEFAULT_MAX_STEPS = 800;
    static final int CHECK_EVERY = 5;
    static final int WINDOW = 20;

    /**
     * @param smallest smallest eigenvalue on the complement of the null space (λ₂ when the graph is connected)
     * @param largest largest eigenvalue
     * @param steps Lanczos steps taken (Krylov dimension)
     * @param converged whether the stopping rule was met before maxSteps or the space was exhausted
     */
    public record Result(double smallest, double largest, int steps, boolean converged) {
    }

    private Lanczos() {
    }

    /**
     * Extreme eigenvalues of a symmetric operator off a null space.
     *
     * @param op symmetric operator on vectors of length n
     * @param n dimension
     * @param nullSpace exact null space to exclude, or null for none
     * @param seed seed of the random start vector
     * @param tolerance relative tolerance of the stopping rule (see class comment)
     * @param maxSteps bound on the Krylov dimension
     */
    static Result extremes(LinearOperator op, int n, NullSpace nullSpace, long seed, double tolerance, int maxSteps) {
        int available = n - (nullSpace == null ? 0 : nullSpace.dimension());
        if (available <= 0) {
            throw new IllegalArgumentException("Lanczos: the operator is zero off its null space (n = " + n + ")");
        }
        int kMax = Math.min(maxSteps, available);
        List<double[]> basis = new ArrayList<>();
        double[] alpha = new double[kMax];
        double[] beta = new double[kMax];
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble() - 0.5;
        }
        if (nullSpace != null) {
            nullSpace.projectOut(v);
        }
        scale(v, 1 / Reductions.norm(v));
        basis.add(v);
        double[] w = new double[n];
        double[] history = new double[2 * (kMax / CHECK_EVERY + 2)];
        int checks = 0;
        double lo = 0;
        double hi = 0;
        for (int j = 0; j < kMax; j++) {
            double[] vj = basis.get(j);
            op.apply(vj, w);
            alpha[j] = Reductions.dot(vj, w);
            double[] vPrev = j > 0 ? basis.get(j - 1) : null;
            for (int i = 0; i < n; i++) {
                w[i] -= alpha[j] * vj[i] + (vPrev == null ? 0 : beta[j - 1] * vPrev[i]);
            }
            if (nullSpace != null) {
                nullSpace.projectOut(w);
            }
            double before = Reductions.norm(w);
            orthogonalise(w, basis);
            double after = Reductions.norm(w);
            if (after < 0.7 * before) {
                orthogonalise(w, basis);
                after = Reductions.norm(w);
            }
            int k = j + 1;
            boolean exhausted = k == kMax || after <= 1e-13 * Math.max(Math.abs(alpha[j]), before);
            if (k % CHECK_EVERY == 0 || exhausted) {
                lo = extremeEigenvalue(alpha, beta, k, false);
                hi = extremeEigenvalue(alpha, beta, k, true);
                history[2 * checks] = lo;
                history[2 * checks + 1] = hi;
                checks++;
                int back = WINDOW / CHECK_EVERY;
                if (exhausted && after <= 1e-13 * Math.max(Math.abs(alpha[j]), before)) {
                    return new Result(lo, hi, k, true); // invariant subspace found: Ritz values are exact
                }
                if (checks > back && k >= 2 * WINDOW) {
                    double lo0 = history[2 * (checks - 1 - back)];
                    double hi0 = history[2 * (checks - 1 - back) + 1];
                    if (Math.abs(lo0 - lo) <= tolerance * Math.abs(lo) && Math.abs(hi0 - hi) <= tolerance * Math.abs(hi)) {
                        return new Result(lo, hi, k, true);
                    }
                }
                if (exhausted) {
                    return new Result(lo, hi, k, k == available);
                }
            }
            beta[j] = after;
            double[] next = new double[n];
            double inv = 1 / after;
            for (int i = 0; i < n; i++) {
                next[i] = w[i] * inv;
            }
            basis.add(next);
        }
        return new Result(lo, hi, kMax, false); // unreachable: the loop returns at k == kMax
    }

    /** w ← w − VVᵀw (classical Gram–Schmidt against every basis vector). @param w modified */
    private static void orthogonalise(double[] w, List<double[]> basis) {
        int k = basis.size();
        double[] h = new double[k];
        for (int i = 0; i < k; i++) {
            h[i] = Reductions.dot(basis.get(i), w);
        }
        for (int i = 0; i < k; i++) {
            double c = h[i];
            double[] b = basis.get(i);
            for (int t = 0; t < w.length; t++) {
                w[t] -= c * b[t];
            }
        }
    }

    /**
     * Smallest or largest eigenvalue of the symmetric tridiagonal matrix with diagonal a[0..k) and
     * off-diagonal b[0..k-1), by bisection on the Sturm count to machine precision.
     */
    static double extremeEigenvalue(double[] a, double[] b, int k, boolean largest) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double r = (i > 0 ? Math.abs(b[i - 1]) : 0) + (i < k - 1 ? Math.abs(b[i]) : 0);
            lo = Math.min(lo, a[i] - r);
            hi = Math.max(hi, a[i] + r);
        }
        int target = largest ? k - 1 : 0; // find x with count(< x) crossing target
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (countBelow(a, b, k, mid) > target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** Number of eigenvalues of the tridiagonal matrix below x (Sturm sequence of the LDLᵀ pivots). */
    private static int countBelow(double[] a, double[] b, int k, double x) {
        int count = 0;
        double q = 1;
        for (int i = 0; i < k; i++) {
            double bb = i > 0 ? b[i - 1] * b[i - 1] : 0;
            q = (a[i] - x) - (i > 0 ? bb / q : 0);
            if (q == 0) {
                q = -1e-300;
            }
            if (q < 0) {
                count++;
            }
        }
        return count;
    }

    private static void scale(double[] x, double c) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= c;
        }
    }
}
