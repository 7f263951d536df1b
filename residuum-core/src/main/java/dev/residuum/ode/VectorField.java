package dev.residuum.ode;

import dev.residuum.tensor.Tensor;
import java.util.List;

/**
 * The right-hand side of {@code dx/dt = f(t, x)}.
 *
 * <p>Write it with tensor operations so that it is differentiable: backpropagation through the
 * solver and the adjoint method both differentiate {@code f} with respect to {@code x} and its
 * parameters. A batch of states is one state whose leading axis is the batch; {@code f} sees the
 * whole batch at once.
 */
@FunctionalInterface
public interface VectorField {
    /**
     * {@code f(t, x)}.
     *
     * @param t the time
     * @param x the state, any shape. Not modified.
     * @return the derivative, of the shape of {@code x}
     */
    Tensor apply(double t, Tensor x);

    /**
     * The learnable tensors {@code θ} of {@code f} (each requires a gradient): what the adjoint
     * and checkpointed modes return {@code dL/dθ} for, in this order. None by default.
     */
    default List<Tensor> parameters() {
        return List.of();
    }
}
