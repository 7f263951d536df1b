package dev.residuum.train;

/**
 * Where a {@link Trainer}'s step gets its gradients: by default the trainer's own forward and
 * backward ({@link Trainer#computeGradients}); a data-parallel trainer (residuum-spark) computes
 * them on workers and sums them, and the trainer applies them, checkpoints and reports as usual.
 *
 * @param <B> the objective's batch type
 */
@FunctionalInterface
public interface GradientSource<B extends Batch> {
    /**
     * The gradients of {@code batch}'s mean loss at the model's current weights; may also update
     * the model's buffers (batch-norm running statistics), as a forward pass in training does.
     *
     * @param batch not modified
     */
    Gradients gradients(B batch);
}
