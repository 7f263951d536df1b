package dev.residuum.train;

import java.util.Objects;

/**
 * A batch named by its sample indices, for objectives that hold their data in memory and select
 * rows themselves ({@link SampleObjective}); no randomness is drawn to make it.
 *
 * @param index batch index within the epoch
 * @param samples sample indices in {@code [0, objective.size())}; not copied, not to be modified
 * @param rngAfter the data generator's state, unchanged by this batch
 */
public record SampleBatch(int index, int[] samples, long rngAfter) implements Batch {
    public SampleBatch {
        Objects.requireNonNull(samples, "samples");
        if (samples.length == 0) {
            throw new IllegalArgumentException("SampleBatch: a batch holds at least one sample");
        }
    }

    @Override
    public int size() {
        return samples.length;
    }
}
