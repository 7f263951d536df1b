package dev.residuum.train;

import dev.residuum.kernel.Rng;
import java.util.Arrays;

/**
 * The batches of one epoch, in order, as an {@link Objective} hands them to a {@link Trainer}:
 * {@link #next()} until null, {@link #recycle} each batch once its gradients are computed (its
 * buffers may then be reused), {@link #close()} at the end or on failure.
 *
 * @param <B> the objective's batch type
 */
public interface Batches<B extends Batch> extends AutoCloseable {
    /** The next batch, or null after the last. */
    B next();

    /** Hands a batch back after use; it must not be read afterwards. Does nothing by default. */
    default void recycle(B batch) {
    }

    /** Releases what the epoch held (a background thread); does nothing by default. */
    @Override
    default void close() {
    }

    /**
     * The batches of {@code order} by index: consecutive runs of {@code batchSize} entries (the
     * last may be shorter), from batch {@code firstBatch} on.
     *
     * @param order sample indices of the epoch; not modified (a whole-epoch batch shares it)
     * @param rngState passed through as every batch's {@link Batch#rngAfter()}
     */
    static Batches<SampleBatch> of(int[] order, int batchSize, int firstBatch, long rngState) {
        return of(order, batchSize, firstBatch, rngState, 0);
    }

    /**
     * The same batches for data whose preparation draws {@code drawsPerSample} numbers per sample
     * from the data generator (augmentation done elsewhere, by workers): each batch's
     * {@link Batch#rngAfter()} is the generator's state after its samples' draws
     * ({@link dev.residuum.kernel.Rng#skip}), as a loader drawing them itself would report.
     *
     * @param rngState the generator's state before batch {@code firstBatch}
     */
    static Batches<SampleBatch> of(int[] order, int batchSize, int firstBatch, long rngState, int drawsPerSample) {
        if (batchSize < 1 || firstBatch < 0) {
            throw new IllegalArgumentException("Batches.of: batch size must be >= 1 and the first batch >= 0, got "
                    + batchSize + ", " + firstBatch);
        }
        Rng rng = new Rng(rngState);
        return new Batches<>() {
            private int index = firstBatch;

            @Override
            public SampleBatch next() {
                int from = index * batchSize;
                if (from >= order.length) {
                    return null;
                }
                int to = Math.min(order.length, from + batchSize);
                int[] samples = from == 0 && to == order.length ? order : Arrays.copyOfRange(order, from, to);
                rng.skip((long) (to - from) * drawsPerSample);
                return new SampleBatch(index++, samples, rng.state());
            }
        };
    }
}
