package dev.residuum.train;

import java.util.List;

/**
 * The record of a fit: one {@link EpochMetrics} per epoch, and the number of optimizer steps.
 *
 * @param epochs in order; unmodifiable
 */
public record History(List<EpochMetrics> epochs, long steps) {
    public History {
        epochs = List.copyOf(epochs);
    }

    /** The training loss of the last epoch (NaN for an empty history). */
    public double finalTrainLoss() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).trainLoss();
    }

    /** The validation loss of the last epoch (NaN when none). */
    public double finalValidationLoss() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).validationLoss();
    }

    /** Training loss by epoch. */
    public double[] trainLoss() {
        return epochs.stream().mapToDouble(EpochMetrics::trainLoss).toArray();
    }

    /** Validation loss by epoch (NaN entries when none). */
    public double[] validationLoss() {
        return epochs.stream().mapToDouble(EpochMetrics::validationLoss).toArray();
    }
}
