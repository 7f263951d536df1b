package dev.residuum.train;

import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Tensor;
import java.util.List;

/**
 * What a {@link Trainer} minimises: a loss over a minibatch of sample indices. The trainer
 * shuffles indices {@code 0 .. size()-1}, asks for the loss of each batch inside a
 * {@link dev.residuum.tensor.Workspace} scope, and back-propagates it into {@link #parameters()}.
 */
public interface Objective {
    /** Number of training samples (at least 1). */
    int size();

    /** The parameters to update. */
    List<Parameter> parameters();

    /**
     * The mean loss over the samples {@code indices} in training mode, as a scalar tensor
     * recorded on the tape.
     *
     * @param indices sample indices in {@code [0, size())}; not modified
     */
    Tensor batchLoss(int[] indices);

    /**
     * The loss on held-out data, computed without recording (NaN when there is none). Called
     * once per epoch after the updates.
     */
    default double validationLoss() {
        return Double.NaN;
    }
}
