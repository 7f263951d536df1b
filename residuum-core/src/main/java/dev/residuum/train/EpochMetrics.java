package dev.residuum.train;

/**
 * What one epoch of a {@link Trainer} run measured.
 *
 * @param epoch 1-based number of the epoch just finished
 * @param globalStep optimizer steps since the start of the run, at the end of the epoch
 * @param lr learning rate of the epoch's last step
 * @param trainLoss mean of the epoch's batch losses weighted by batch size (training mode,
 *     before each update)
 * @param trainAccuracy fraction of the epoch's training samples classified correctly in the
 *     same forward passes (NaN when the objective does not classify)
 * @param testLoss the objective's loss on held-out data after the epoch (NaN when none)
 * @param testAccuracy the held-out accuracy after the epoch (NaN when none or not classifying)
 * @param samplesPerSecond training samples per second of the epoch (updates only, not evaluation)
 * @param seconds wall time of the epoch including evaluation (since the resume, for a resumed epoch)
 * @param heapAfterGcMb heap in use after the JVM's last garbage collection at the epoch's end, in
 *     MB ({@link HeapWatch}); NaN before the first collection
 */
public record EpochMetrics(int epoch, long globalStep, double lr, double trainLoss, double trainAccuracy,
                           double testLoss, double testAccuracy, double samplesPerSecond, double seconds,
                           double heapAfterGcMb) {
}
