package dev.residuum.train;

/**
 * One minibatch of an epoch, as an {@link Objective} prepares it: its place in the epoch, how
 * many samples it holds, and the state of the data generator after it was made (what a
 * checkpoint taken after this batch must hold so that a resumed run draws the same augmentation).
 */
public interface Batch {
    /** Index of the batch within its epoch (0-based). */
    int index();

    /** Number of samples in the batch (at least 1). */
    int size();

    /** State of the data generator ({@link dev.residuum.kernel.Rng#state()}) after this batch was made. */
    long rngAfter();
}
