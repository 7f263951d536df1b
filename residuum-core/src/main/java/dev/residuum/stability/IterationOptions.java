package dev.residuum.stability;

/**
 * Stopping rule and start of an iterative spectral estimate ({@link SpectralNorm},
 * {@link ExtremeSingularValues}).
 *
 * @param tolerance relative residual at which the iteration stops: an eigenpair {@code (lambda, v)}
 *     of {@code J^T J} is accepted when {@code ||J^T J v - lambda v|| <= tolerance * lambda_max}.
 *     Then an eigenvalue of {@code J^T J} lies within that distance of {@code lambda}
 *     (Krylov–Weinstein), so the singular value is within about {@code tolerance / 2} relative of
 *     one of {@code J}'s, and usually far closer (the error of a Rayleigh quotient is quadratic in
 *     the residual). float32 products put a floor near 1e-6 under what is reachable.
 * @param maxIterations cap on products with {@code J^T J} (power iteration) or on the Krylov
 *     dimension (Lanczos); reaching it returns the estimate with {@code converged = false}
 * @param seed seed of the random start vector
 */
public record IterationOptions(double tolerance, int maxIterations, long seed) {
    /** Default relative residual. */
    public static final double DEFAULT_TOLERANCE = 1e-3;
    /** Default iteration cap. */
    public static final int DEFAULT_MAX_ITERATIONS = 100;
    /** The defaults: tolerance 1e-3, at most 100 iterations, seed 0. */
    public static final IterationOptions DEFAULT = new IterationOptions(DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS, 0);

    public IterationOptions {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("IterationOptions: tolerance must be in (0, 1), got " + tolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("IterationOptions: maxIterations must be at least 1, got "
                    + maxIterations);
        }
    }

    /** These options with another tolerance and cap. */
    public IterationOptions with(double newTolerance, int newMaxIterations) {
        return new IterationOptions(newTolerance, newMaxIterations, seed);
    }
}
