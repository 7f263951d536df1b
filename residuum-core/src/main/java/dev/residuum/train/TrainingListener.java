package dev.residuum.train;

import org.slf4j.LoggerFactory;

/**
 * Told by a {@link Trainer}, on its own thread, after each step and each epoch (progress bars,
 * metrics files, tests that interrupt a run), and of warnings. The step and epoch methods do
 * nothing by default.
 */
public interface TrainingListener {
    /** A listener that does nothing. */
    TrainingListener NONE = new TrainingListener() { };

    /**
     * One optimizer step is done.
     *
     * @param state the state after the step (what a checkpoint now would hold)
     * @param stepsPerEpoch batches per epoch
     * @param gradients the step's gradients, loss and counts (valid during the call only)
     */
    default void onStep(TrainingState state, int stepsPerEpoch, Gradients gradients) {
    }

    /** An epoch is done and evaluated; its checkpoint (if any) is written. */
    default void onEpoch(EpochMetrics metrics) {
    }

    /**
     * Something the user should know that does not stop the run (a resume on other kernels than
     * the checkpoint's: the result will not be bit-exact). Logged as a warning by default.
     *
     * @param message one line
     */
    default void onWarning(String message) {
        LoggerFactory.getLogger(TrainingListener.class).warn(message);
    }
}
