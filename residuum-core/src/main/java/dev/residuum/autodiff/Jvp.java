package dev.residuum.autodiff;

import dev.residuum.tensor.Tensor;

/**
 * The Jacobian–vector product of one recorded operation (forward mode): given tangents of its
 * inputs, the tangent of its output, {@code dy = sum_i (dy/dx_i) dx_i}. Written beside the
 * operation's forward and its {@link Backward vector–Jacobian product}.
 *
 * <p>Runs under {@link Graph#noGrad()}: the tangent is a value, not itself differentiated.
 */
@FunctionalInterface
public interface Jvp {
    /**
     * @param tangents one per recorded input, in the order the inputs were recorded, each of its
     *     input's shape; null where the input's tangent is zero (at least one is not null). Not
     *     modified.
     * @return the output's tangent, of the output's shape; a fresh tensor the caller owns
     */
    Tensor apply(Tensor[] tangents);
}
