package dev.residuum.train;

import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Workspace;
import java.util.List;

/**
 * What a {@link Trainer} minimises. The trainer fixes each epoch's sample order (a seeded
 * shuffle of {@code 0 .. size()-1}), asks the objective for the epoch's {@link #batches}, and
 * for each batch the {@link #loss} inside a {@link Workspace} scope, which it back-propagates
 * into {@link #parameters()}; after each epoch it asks for an {@link #evaluate evaluation}.
 * Image classification is {@link ImageClassification}; objectives over in-memory rows
 * (regression, Δ-learning) implement {@link SampleObjective}.
 *
 * @param <B> the batch type the objective prepares and consumes
 */
public interface Objective<B extends Batch> {
    /** Number of training samples (at least 1). */
    int size();

    /** The model whose parameters are learned and whose state a checkpoint saves. */
    Module model();

    /** The parameters an optimizer is built over (frozen ones included: optimizers skip them). */
    default List<Parameter> parameters() {
        return model().parameters();
    }

    /**
     * The batches of one epoch.
     *
     * @param order the epoch's sample order; not modified
     * @param batchSize samples per batch (the last may be smaller)
     * @param firstBatch the first batch to produce (later than 0 when resuming mid-epoch)
     * @param rngState state of the data generator before batch {@code firstBatch}; an objective
     *     that draws randomness (augmentation) draws from a generator at this state, in order
     */
    Batches<B> batches(int[] order, int batchSize, int firstBatch, long rngState);

    /**
     * The samples {@code [from, to)} of {@code batch} as a batch of their own (same index and
     * generator state), for {@link TrainerConfig#microBatches() micro-batches}; an objective that
     * cannot split its batches keeps this default, which refuses.
     *
     * @param batch not modified
     * @throws UnsupportedOperationException by default
     */
    default B slice(B batch, int from, int to) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot split a batch into micro-batches;"
                + " train it with one micro-batch");
    }

    /**
     * Whether the trainer may compute {@code loss(slice(batch, from, to))} for different slices of
     * one batch from several threads at once ({@link ParallelMicroBatches}): true only if that
     * reads shared state and changes none (no generator, cache or counter of the objective's; the
     * model's buffers are checked by the trainer), and only for models whose kernels give the same
     * bits whole on one worker as split across the workers in turn (not so for the convolutions'
     * weight gradients, summed per chunk). False by default: the micro-batches run in turn.
     */
    default boolean slicesRunConcurrently() {
        return false;
    }

    /** The mean loss over {@code batch} in training mode, recorded on the tape. */
    BatchLoss loss(B batch);

    /**
     * The model on held-out data after an epoch, without recording ({@link Evaluation#NONE}
     * when there is none).
     *
     * @param workspace scratch buffers the trainer reuses from step to step
     */
    Evaluation evaluate(Workspace workspace);
}
