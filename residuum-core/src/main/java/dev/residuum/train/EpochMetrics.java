package dev.residuum.train;

/**
 * What one epoch measured.
 *
 * @param epoch 0-based epoch index
 * @param trainLoss mean of the batch losses weighted by batch size
 * @param validationLoss the objective's validation loss after the epoch (NaN when none)
 * @param lr learning rate used during the epoch
 */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss, double lr) {
}
