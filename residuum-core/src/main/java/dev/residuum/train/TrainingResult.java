package dev.residuum.train;

import java.util.List;

/**
 * What {@link ImageTrainer#fit} did.
 *
 * @param epochs metrics of the epochs finished in this call (a resumed run: only those after the resume)
 * @param state where the run stands (a finished run: epoch equal to the configured epochs)
 * @param stopped whether {@link ImageTrainer#stop()} ended it early
 * @param seconds wall time of this call
 */
public record TrainingResult(List<ImageEpochMetrics> epochs, TrainingState state, boolean stopped, double seconds) {
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** The last finished epoch's metrics, or null if none finished in this call. */
    public ImageEpochMetrics last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }
}
