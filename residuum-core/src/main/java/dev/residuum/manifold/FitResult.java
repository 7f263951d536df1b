package dev.residuum.manifold;

/**
 * The outcome of fitting a point on a manifold.
 *
 * @param point the solution (row-major), double precision
 * @param loss the final loss
 * @param iterations iterations taken
 * @param seconds wall time of the iterations
 * @param gradientNorm the Riemannian gradient's norm at the solution
 * @param losses the loss before each iteration (for the loss curve)
 */
public record FitResult(double[] point, double loss, int iterations, double seconds, double gradientNorm,
                        double[] losses) {
    public FitResult {
        point = point.clone();
        losses = losses.clone();
    }

    @Override
    public double[] point() {
        return point.clone();
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }
}
