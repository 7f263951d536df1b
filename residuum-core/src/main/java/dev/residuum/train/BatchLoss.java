package dev.residuum.train;

import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * What an {@link Objective} computed for one batch in training mode.
 *
 * @param value the mean loss over the batch: a scalar tensor recorded on the tape
 * @param correct samples of the batch classified correctly, or -1 when the objective does not
 *     classify (regression)
 */
public record BatchLoss(Tensor value, long correct) {
    public BatchLoss {
        Objects.requireNonNull(value, "value");
        if (correct < -1) {
            throw new IllegalArgumentException("BatchLoss: correct must be >= 0, or -1 for none, got " + correct);
        }
    }

    /** A loss without a classification count. */
    public static BatchLoss of(Tensor value) {
        return new BatchLoss(value, -1);
    }
}
