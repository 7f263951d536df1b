package dev.residuum.spark;

import dev.residuum.data.Augmentation;
import dev.residuum.data.ImageSet;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Workspace;
import dev.residuum.train.BatchLoss;
import dev.residuum.train.Batches;
import dev.residuum.train.Evaluation;
import dev.residuum.train.Objective;
import dev.residuum.train.SampleBatch;
import java.util.Objects;

/**
 * The driver's side of {@link dev.residuum.train.ImageClassification} when {@link DataParallel}
 * computes the gradients: the same size, the same batches (as sample indices; the executors load
 * and augment the images), each batch's augmentation-generator state after it equal to the one
 * the single-process loader reports (every image draws
 * {@link Augmentation#drawsPerImage()} numbers), so checkpoints are interchangeable with a local
 * run's; evaluation on the test split on the driver.
 */
public final class SparkImageClassification implements Objective<SampleBatch> {
    private final Module model;
    private final int size;
    private final ImageSet test;
    private final Augmentation augmentation;
    private final int evalBatch;

    /**
     * @param model the driver's model; modified by training
     * @param size the training set's size (the executors hold the images)
     * @param test scored after each epoch on the driver, or null
     */
    public SparkImageClassification(Module model, int size, ImageSet test, Augmentation augmentation,
                                    int evalBatch) {
        this.model = Objects.requireNonNull(model, "model");
        if (size < 1) {
            throw new IllegalArgumentException("SparkImageClassification: no training samples");
        }
        this.size = size;
        this.test = test;
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
        if (evalBatch < 1) {
            throw new IllegalArgumentException("SparkImageClassification: evaluation batch must be at least 1, got "
                    + evalBatch);
        }
        this.evalBatch = evalBatch;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Module model() {
        return model;
    }

    @Override
    public Batches<SampleBatch> batches(int[] order, int batchSize, int firstBatch, long rngState) {
        return Batches.of(order, batchSize, firstBatch, rngState, augmentation.drawsPerImage());
    }

    /** @throws UnsupportedOperationException always: the executors compute the loss */
    @Override
    public BatchLoss loss(SampleBatch batch) {
        throw new UnsupportedOperationException("SparkImageClassification: the loss is computed by the executors"
                + " (train with DataParallel as the gradient source)");
    }

    @Override
    public Evaluation evaluate(Workspace workspace) {
        return test == null ? Evaluation.NONE : Evaluation.of(model, test, evalBatch, workspace);
    }
}
