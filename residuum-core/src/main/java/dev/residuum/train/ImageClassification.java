package dev.residuum.train;

import dev.residuum.data.Augmentation;
import dev.residuum.data.BatchLoader;
import dev.residuum.data.ImageSet;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cross-entropy of an image classifier, as He et al. train CIFAR ResNets: the training images
 * optionally augmented ({@link Augmentation}, drawing from the trainer's data generator in batch
 * order), prepared a few batches ahead by a {@link BatchLoader} thread; after each epoch, loss and
 * accuracy on the test split in evaluation mode.
 *
 * <pre>{@code
 * var objective = new ImageClassification(net, train, test, Augmentation.STANDARD, 256);
 * TrainingResult r = new Trainer<>(objective, TrainerConfig.heEtAl(160, 42)).fit(TrainingListener.NONE);
 * }</pre>
 */
public record ImageClassification(Module model, ImageSet train, ImageSet test, Augmentation augmentation, int evalBatch)
        implements Objective<ImageClassification.ImageBatch> {
    /** Evaluation batch size when none is given. */
    public static final int EVAL_BATCH = 256;

    /** A prepared training batch (images copied or augmented, labels). */
    public record ImageBatch(BatchLoader.Batch loaded) implements Batch {
        public ImageBatch {
            Objects.requireNonNull(loaded, "loaded");
        }

        @Override
        public int index() {
            return loaded.index();
        }

        @Override
        public int size() {
            return loaded.size();
        }

        @Override
        public long rngAfter() {
            return loaded.rngAfter();
        }
    }

    /**
     * @param model a classifier from images {@code [B, C, H, W]} to logits {@code [B, K]}; modified by training
     * @param train training images and labels; not modified
     * @param test scored after each epoch, or null for none; not modified
     * @param augmentation applied to training images ({@link Augmentation#NONE} for none)
     * @param evalBatch batch size of the evaluation (at least 1)
     */
    public ImageClassification {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(augmentation, "augmentation");
        if (evalBatch < 1) {
            throw new IllegalArgumentException("ImageClassification: evaluation batch must be at least 1, got " + evalBatch);
        }
    }

    @Override
    public int size() {
        return train.size();
    }

    @Override
    public Batches<ImageBatch> batches(int[] order, int batchSize, int firstBatch, long rngState) {
        BatchLoader loader = new BatchLoader(train, order, batchSize, augmentation, rngState, firstBatch);
        return new Batches<>() {
            @Override
            public ImageBatch next() {
                BatchLoader.Batch b = loader.next();
                return b == null ? null : new ImageBatch(b);
            }

            @Override
            public void recycle(ImageBatch batch) {
                loader.recycle(batch.loaded());
            }

            @Override
            public void close() {
                loader.close();
            }
        };
    }

    @Override
    public ImageBatch slice(ImageBatch batch, int from, int to) {
        BatchLoader.Batch b = batch.loaded();
        int[] d = train.images().shape().dims();
        int imageSize = d[1] * d[2] * d[3];
        return new ImageBatch(new BatchLoader.Batch(b.index(), Arrays.copyOfRange(b.images(), from * imageSize, to * imageSize),
                Arrays.copyOfRange(b.labels(), from, to), to - from, b.rngAfter()));
    }

    @Override
    public BatchLoss loss(ImageBatch batch) {
        BatchLoader.Batch b = batch.loaded();
        int[] d = train.images().shape().dims();
        Tensor x = Tensor.empty(Shape.of(b.size(), d[1], d[2], d[3]));
        System.arraycopy(b.images(), 0, x.data(), 0, x.numel());
        Tensor logits = model.forward(x, true);
        Tensor loss = logits.crossEntropy(b.labels());
        return new BatchLoss(loss, Evaluation.correct(logits, b.labels()));
    }

    @Override
    public Evaluation evaluate(Workspace workspace) {
        return test == null ? Evaluation.NONE : Evaluation.of(model, test, evalBatch, workspace);
    }
}
