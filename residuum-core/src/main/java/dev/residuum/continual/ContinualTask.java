package dev.residuum.continual;

import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.Objective;

/**
 * One task of a sequence: what to train on and how to score the model on its held-out data.
 * {@link RowClassificationTask} classifies rows of a tensor; image tasks wrap
 * {@code train.ImageClassification} and {@code train.Evaluation} the same way.
 */
public interface ContinualTask {
    /** The task's name, for reports. */
    String name();

    /**
     * The objective that trains {@code model} on this task.
     *
     * @param model modified by training
     */
    Objective<?> objective(Module model);

    /**
     * The accuracy of {@code model} on this task's held-out data, in [0, 1], in evaluation mode
     * without recording.
     *
     * @param model not modified
     */
    double accuracy(Module model);

    /** A classification of rows ({@link RowClassificationTask}). */
    static ContinualTask ofRows(String name, Tensor x, int[] labels, Tensor xTest, int[] labelsTest) {
        return new RowClassificationTask(name, x, labels, xTest, labelsTest);
    }
}
