package dev.residuum.autodiff;

import dev.residuum.tensor.Tensor;

/**
 * The gradient rule of one recorded operation: given the gradient of the loss with respect to
 * the operation's output, add the gradients with respect to its inputs into their
 * {@link Graph#gradBuffer gradient buffers}.
 */
@FunctionalInterface
public interface Backward {
    /** @param gradOutput same shape as the output. Not modified. */
    void apply(Tensor gradOutput);
}
