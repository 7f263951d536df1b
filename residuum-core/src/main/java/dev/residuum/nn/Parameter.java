package dev.residuum.nn;

import dev.residuum.tensor.Tensor;
import java.util.Objects;
import java.util.Optional;

/**
 * A learnable tensor of a {@link Module}: a leaf that requires a gradient. Its name is its path
 * in the module tree ({@link Module#namedParameters()}), shaped like a PyTorch state_dict key.
 *
 * <p>A parameter can be {@link #freeze() frozen} (PyTorch's {@code requires_grad_(False)}): its
 * tensor then no longer requires a gradient, so backward writes none, and optimizers leave it
 * unchanged. A frozen backbone under trainable adapters is the usual case.
 */
public final class Parameter {
    private final Tensor value;
    private final Constraint constraint;

    /** @param value the initial values; owned from now on and marked {@code requiresGrad} */
    public Parameter(Tensor value) {
        this(value, null);
    }

    /**
     * A parameter whose values must stay in {@code constraint} (null: none). The values are
     * taken as they are: putting them on the set is the caller's job.
     */
    public Parameter(Tensor value, Constraint constraint) {
        this.value = Objects.requireNonNull(value, "value");
        this.constraint = constraint;
        value.requiresGrad(true);
    }

    /** The set the values must stay in, empty for an unconstrained parameter. */
    public Optional<Constraint> constraint() {
        return Optional.ofNullable(constraint);
    }

    /** The tensor to use in forward passes. */
    public Tensor value() {
        return value;
    }

    /** The accumulated gradient, or null before the first backward. */
    public Tensor grad() {
        return value.grad();
    }

    /** Number of elements. */
    public int numel() {
        return value.numel();
    }

    /** Stops learning this parameter: no gradient from the next backward on, no optimizer update; its gradient is cleared. */
    public void freeze() {
        value.requiresGrad(false);
        value.clearGrad();
    }

    /** Learns this parameter again (the reverse of {@link #freeze()}). */
    public void unfreeze() {
        value.requiresGrad(true);
    }

    /** Whether {@link #freeze()} is in force. */
    public boolean isFrozen() {
        return !value.requiresGrad();
    }

    /**
     * Clears the gradient as PyTorch's {@code zero_grad()} does ({@code set_to_none=True}):
     * {@link #grad()} is null until the next backward, which reuses the same buffer.
     */
    public void zeroGrad() {
        value.clearGrad();
    }
}
