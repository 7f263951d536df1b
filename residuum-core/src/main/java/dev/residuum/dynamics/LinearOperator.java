package dev.residuum.dynamics;

/** A linear map y = Mx on vectors of a fixed dimension, applied without forming M. */
@FunctionalInterface
public interface LinearOperator {
    /**
     * Computes y = Mx.
     *
     * @param x input, length n (not modified)
     * @param y output, length n (overwritten; never the same array as x)
     */
    void apply(double[] x, double[] y);
}
