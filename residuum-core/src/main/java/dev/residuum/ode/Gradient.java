package dev.residuum.ode;

/** How a solve is differentiated (see the package documentation for when to use which). */
public enum Gradient {
    /**
     * Backpropagation through the solver's recorded operations: the states a solve returns carry
     * the tape, and {@code loss.backward()} works as on any other computation. The default.
     */
    BACKPROP,
    /**
     * The adjoint method: the forward solve records nothing; the gradient comes from solving the
     * augmented system {@code [x, a = dL/dx, dL/dθ]} backwards in time. Memory independent of the
     * number of steps; the gradient is that of the exact flow, equal to the discrete one up to the
     * solver's error.
     */
    ADJOINT,
    /**
     * Checkpointed backpropagation: the forward solve records nothing and keeps the state every
     * {@link Options#checkpointEvery()} steps; the gradient recomputes each segment with recording
     * on and backpropagates through it. The same gradient as {@link #BACKPROP}, with memory for
     * one segment's tape plus the checkpoints.
     */
    CHECKPOINT
}
