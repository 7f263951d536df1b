package dev.residuum.train;

import java.util.Locale;

/**
 * What one epoch of an {@link ImageTrainer} run measured.
 *
 * @param epoch 1-based number of the epoch just finished
 * @param globalStep optimizer steps since the start of the run, at the end of the epoch
 * @param lr learning rate of the epoch's last step
 * @param trainLoss mean cross-entropy of the epoch's batches (training mode, before each update)
 * @param trainError fraction of the epoch's training images misclassified (same forward passes)
 * @param testLoss mean cross-entropy on the test split after the epoch (evaluation mode)
 * @param testError fraction of the test split misclassified after the epoch
 * @param imagesPerSecond training images per second of the epoch (updates only, not evaluation)
 * @param seconds wall time of the epoch including evaluation (since the resume, for a resumed epoch)
 * @param heapAfterGcMb heap in use after the JVM's last garbage collection at the epoch's end, in MB
 *     ({@link HeapWatch}); NaN before the first collection
 */
public record ImageEpochMetrics(int epoch, long globalStep, double lr, double trainLoss, double trainError,
                                double testLoss, double testError, double imagesPerSecond, double seconds,
                                double heapAfterGcMb) {
    /** One line of {@code metrics.jsonl} (no newline). */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"epoch\": %d, \"step\": %d, \"lr\": %s, \"train_loss\": %s,"
                        + " \"train_error\": %s, \"test_loss\": %s, \"test_error\": %s, \"images_per_s\": %.1f,"
                        + " \"seconds\": %.3f, \"heap_after_gc_mb\": %s}", epoch, globalStep, num(lr), num(trainLoss),
                num(trainError), num(testLoss), num(testError), imagesPerSecond, seconds,
                Double.isFinite(heapAfterGcMb) ? String.format(Locale.ROOT, "%.1f", heapAfterGcMb) : "null");
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }
}
