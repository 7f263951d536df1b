package dev.residuum.data;

import dev.residuum.kernel.Rng;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Prepares the minibatches of one epoch on a background thread, a few batches ahead of the
 * trainer (a bounded queue), so the trainer never waits on copying or augmenting images.
 *
 * <p>The content is deterministic whatever the timing: the batches are produced in order by
 * one thread from an order of sample indices fixed in advance and from one {@link Rng} that
 * only that thread draws from. Each {@link Batch} carries the generator's state after it was
 * made, so a checkpoint taken after batch {@code k} can restart a loader at batch {@code k + 1}
 * with the same draws an uninterrupted epoch would have made.
 *
 * <pre>{@code
 * try (BatchLoader loader = new BatchLoader(train, order, 128, Augmentation.STANDARD, rngState, 0)) {
 *     for (BatchLoader.Batch b; (b = loader.next()) != null; ) { ...; loader.recycle(b); }
 * }
 * }</pre>
 */
public final class BatchLoader implements AutoCloseable {
    /** Batches prepared ahead of the consumer. */
    private static final int AHEAD = 3;

    /**
     * One minibatch.
     *
     * @param index batch index within the epoch (0-based)
     * @param images {@code size} images of the set's image shape, laid out from 0; the array may be
     *     longer than needed and is reused after {@link #recycle}
     * @param labels {@code size} labels (a fresh array)
     * @param size number of images
     * @param rngAfter state of the augmentation generator after this batch was made
     */
    public record Batch(int index, float[] images, int[] labels, int size, long rngAfter) {
    }

    private static final Batch END = new Batch(-1, new float[0], new int[0], 0, 0);

    private final BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(AHEAD);
    private final BlockingQueue<float[]> free = new ArrayBlockingQueue<>(AHEAD + 2);
    private final Thread thread;
    private volatile Throwable failure;
    private boolean ended;

    /**
     * Starts the background thread.
     *
     * @param set the images, not modified (read concurrently by the background thread)
     * @param order the epoch's sample order (indices into {@code set}); copied
     * @param batchSize images per batch, at least 1; the last batch may be smaller
     * @param augmentation applied to each image in order, drawing from the generator
     * @param rngState state of the augmentation generator before batch {@code fromBatch}
     * @param fromBatch first batch to produce (0 for a whole epoch; later when resuming)
     */
    public BatchLoader(ImageSet set, int[] order, int batchSize, Augmentation augmentation, long rngState,
                       int fromBatch) {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(augmentation, "augmentation");
        int[] ord = Objects.requireNonNull(order, "order").clone();
        if (batchSize < 1) {
            throw new IllegalArgumentException("BatchLoader: batch size must be at least 1, got " + batchSize);
        }
        int batches = (ord.length + batchSize - 1) / batchSize;
        if (fromBatch < 0 || fromBatch > batches) {
            throw new IllegalArgumentException("BatchLoader: first batch must be in [0, " + batches + "], got "
                    + fromBatch);
        }
        thread = new Thread(() -> produce(set, ord, batchSize, augmentation, rngState, fromBatch), "residuum-batches");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(ImageSet set, int[] order, int batchSize, Augmentation augmentation, long rngState,
                         int fromBatch) {
        try {
            int[] shape = set.images().shape().dims();
            int imageSize = shape[1] * shape[2] * shape[3];
            Rng rng = new Rng(rngState);
            for (int from = fromBatch * batchSize, index = fromBatch; from < order.length; from += batchSize, index++) {
                int size = Math.min(batchSize, order.length - from);
                float[] images = free.poll();
                if (images == null) {
                    images = new float[batchSize * imageSize];
                }
                int[] labels = new int[size];
                fill(set, order, from, size, augmentation, rng, images, labels);
                ready.put(new Batch(index, images, labels, size, rng.state()));
            }
            ready.put(END);
        } catch (InterruptedException e) {
            // closed early: nobody waits for the rest
        } catch (Throwable t) {
            failure = t;
            ready.offer(END);
        }
    }

    /**
     * Copies (or augments, drawing from {@code rng} in order) the images {@code order[from ..
     * from + size)} of {@code set} into {@code images} from 0, and their labels into
     * {@code labels}: what the background thread does for each batch, callable by a worker that
     * prepares its share of a batch itself.
     *
     * @param set not modified
     * @param order not modified
     * @param rng advanced by {@code size * augmentation.drawsPerImage()} draws
     * @param images modified: at least {@code size} images long
     * @param labels modified: at least {@code size} long
     */
    public static void fill(ImageSet set, int[] order, int from, int size, Augmentation augmentation, Rng rng,
                            float[] images, int[] labels) {
        int[] shape = set.images().shape().dims();
        int c = shape[1], h = shape[2], w = shape[3], imageSize = c * h * w;
        float[] src = set.images().data();
        for (int i = 0; i < size; i++) {
            int sample = order[from + i];
            labels[i] = set.labels()[sample];
            if (augmentation.active()) {
                augmentation.apply(src, sample * imageSize, images, i * imageSize, c, h, w, rng);
            } else {
                System.arraycopy(src, sample * imageSize, images, i * imageSize, imageSize);
            }
        }
    }

    /**
     * The next batch, waiting for it if needed; null after the last.
     *
     * @throws IllegalStateException if preparing a batch failed (the cause attached)
     */
    public Batch next() {
        if (ended) {
            return null;
        }
        Batch b;
        try {
            b = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("BatchLoader: interrupted while waiting for a batch", e);
        }
        if (b == END) {
            ended = true;
            if (failure != null) {
                throw new IllegalStateException("BatchLoader: preparing a batch failed: " + failure, failure);
            }
            return null;
        }
        return b;
    }

    /** Hands a batch's image buffer back for reuse; the batch must not be read afterwards. */
    public void recycle(Batch batch) {
        free.offer(batch.images());
    }

    /** Stops the background thread (if still running) and waits for it. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
