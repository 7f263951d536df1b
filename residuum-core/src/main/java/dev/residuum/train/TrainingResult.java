package dev.residuum.train;

import java.util.List;

/**
 * What {@link Trainer#fit} did.
 *
 * @param epochs metrics of the epochs finished in this call (a resumed run: only those after the
 *     resume); unmodifiable
 * @param state where the run stands (a finished run: epoch equal to the configured epochs)
 * @param stopped whether {@link Trainer#stop()} ended it early
 * @param seconds wall time of this call
 */
public record TrainingResult(List<EpochMetrics> epochs, TrainingState state, boolean stopped, double seconds) {
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** Optimizer steps since the start of the run. */
    public long steps() {
        return state.globalStep();
    }

    /** The last finished epoch's metrics, or null if none finished in this call. */
    public EpochMetrics last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    /** The training loss of the last epoch (NaN when none finished). */
    public double finalTrainLoss() {
        return epochs.isEmpty() ? Double.NaN : last().trainLoss();
    }

    /** The held-out loss of the last epoch (NaN when none). */
    public double finalTestLoss() {
        return epochs.isEmpty() ? Double.NaN : last().testLoss();
    }

    /** Training loss by epoch. */
    public double[] trainLoss() {
        return epochs.stream().mapToDouble(EpochMetrics::trainLoss).toArray();
    }
}
