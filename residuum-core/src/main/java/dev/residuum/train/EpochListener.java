package dev.residuum.train;

/** Called by {@link Trainer} after each epoch (progress output, metrics files, early inspection). */
@FunctionalInterface
public interface EpochListener {
    /** A listener that does nothing. */
    EpochListener NONE = m -> { };

    /** Receives the metrics of the epoch that just ended. */
    void onEpoch(EpochMetrics metrics);
}
