package dev.residuum.train;

import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;

/**
 * An {@link Objective} over in-memory samples selected by index: regression, Δ-learning, any
 * loss that reads rows of tensors it holds. Implement {@link #batchLoss} (and
 * {@link #validationLoss} for held-out data); batching is by index, drawing no randomness.
 */
public interface SampleObjective extends Objective<SampleBatch> {
    /**
     * The mean loss over the samples {@code indices} in training mode, as a scalar tensor
     * recorded on the tape.
     *
     * @param indices sample indices in {@code [0, size())}; not modified
     */
    Tensor batchLoss(int[] indices);

    /** The loss on held-out data, computed without recording (NaN when there is none). */
    default double validationLoss() {
        return Double.NaN;
    }

    @Override
    default Batches<SampleBatch> batches(int[] order, int batchSize, int firstBatch, long rngState) {
        return Batches.of(order, batchSize, firstBatch, rngState);
    }

    @Override
    default SampleBatch slice(SampleBatch batch, int from, int to) {
        return new SampleBatch(batch.index(), java.util.Arrays.copyOfRange(batch.samples(), from, to), batch.rngAfter());
    }

    @Override
    default BatchLoss loss(SampleBatch batch) {
        return BatchLoss.of(batchLoss(batch.samples()));
    }

    @Override
    default Evaluation evaluate(Workspace workspace) {
        double loss = validationLoss();
        return Double.isNaN(loss) ? Evaluation.NONE : Evaluation.ofLoss(loss);
    }
}
