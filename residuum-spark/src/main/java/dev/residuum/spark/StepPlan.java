package dev.residuum.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * What every task of one step needs besides the weights: the global batch (its sample indices in
 * order) and the state of the augmentation generator before its first image.
 *
 * @param version the step (must equal the broadcast weights' version)
 * @param batchIndex the batch's index in its epoch
 * @param samples the global batch, not copied
 * @param rngBefore the augmentation generator's state before the batch's first image
 * @param parts partitions, each computing its share ({@link dev.residuum.train.MicroBatches#from})
 */
public record StepPlan(long version, int batchIndex, int[] samples, long rngBefore, int parts) implements Serializable {
    public StepPlan {
        Objects.requireNonNull(samples, "samples");
        if (parts < 1) {
            throw new IllegalArgumentException("StepPlan: parts must be at least 1, got " + parts);
        }
    }
}
