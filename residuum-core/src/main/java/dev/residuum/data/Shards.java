package dev.residuum.data;

import dev.residuum.kernel.Rng;

/**
 * A training set split into {@code N} fixed, contiguous shards, and the epoch order that
 * data-parallel training on {@code N} workers reads them in, each worker holding one shard (the
 * rule of PyTorch's {@code DistributedSampler} with {@code drop_last}, with shards fixed for the
 * whole run so that a worker decodes its shard once). Single-process training with
 * {@code N} micro-batches uses the same order, so the two give the same result.
 *
 * <p><b>The shards.</b> Shard {@code k} of {@code n} samples holds the samples
 * {@code [floor(k n / N), floor((k + 1) n / N))} ({@link #from}); their sizes differ by at most one.
 *
 * <p><b>The epoch.</b> Every shard gives the same number of samples per epoch,
 * {@code m = floor(n / N)} ({@link #perShard}): the epoch has {@code N m} samples
 * ({@link #perEpoch}), so up to {@code N - 1} samples sit out each epoch, at most one per shard,
 * and which one is drawn anew each epoch. Each shard's order is drawn from the epoch's generator
 * in turn (shard 0, then 1, ...: a Fisher–Yates shuffle of its {@code n_k} samples,
 * {@link Permutation#random}), and its first {@code m} entries are kept.
 *
 * <p><b>The batches.</b> A global batch of {@code B} samples ({@code B} a multiple of {@code N})
 * is the concatenation, in shard order, of every shard's next local batch of {@code B / N}; the
 * epoch's last batch may be smaller, {@code N} local batches of the same smaller size. So share
 * {@code k} of every batch ({@code train.MicroBatches.from}) is shard {@code k}'s
 * local batch.
 *
 * <p><b>One shard</b> is plain training bit for bit: the whole set in one Fisher–Yates shuffle,
 * drawing the same {@code n - 1} numbers, nothing dropped, any batch size.
 *
 * @param samples {@code n}, the training set's size, at least {@code count}
 * @param count {@code N}, at least 1
 */
public record Shards(int samples, int count) {
    public Shards {
        if (count < 1 || samples < count) {
            throw new IllegalArgumentException("Shards: need at least 1 shard and a sample per shard, got " + count
                    + " shards of " + samples + " samples");
        }
    }

    /** The first sample of shard {@code k} (also the end of shard {@code k - 1}), {@code k} in {@code [0, count]}. */
    public int from(int k) {
        if (k < 0 || k > count) {
            throw new IllegalArgumentException("Shards.from: shard " + k + " of " + count);
        }
        return (int) ((long) k * samples / count);
    }

    /** Samples in shard {@code k}. */
    public int size(int k) {
        return from(k + 1) - from(k);
    }

    /** Samples each shard gives per epoch: {@code floor(n / N)}. */
    public int perShard() {
        return samples / count;
    }

    /** Samples per epoch: {@code N floor(n / N)}. */
    public int perEpoch() {
        return count * perShard();
    }

    /**
     * The batch size a trainer uses: {@code batchSize}, at most {@link #perEpoch()}.
     *
     * @throws IllegalArgumentException if that is not a multiple of the shard count (the shards'
     *     local batches would differ in size)
     */
    public int batchSize(int batchSize) {
        int b = Math.min(batchSize, perEpoch());
        if (b % count != 0) {
            throw new IllegalArgumentException("Shards: a batch of " + b + " does not split into " + count
                    + " equal local batches (one per shard); use a batch that is a multiple of " + count);
        }
        return b;
    }

    /**
     * One epoch's order: {@link #perEpoch()} sample indices whose consecutive runs of
     * {@code batchSize} are the global batches (the class comment has the rule).
     *
     * @param batchSize the trainer's batch size ({@link #batchSize(int)})
     * @param shuffle draw each shard's order; otherwise each shard in index order
     * @param rng the epoch's generator; advanced by {@code n - N} draws when shuffling, else untouched
     */
    public int[] order(int batchSize, boolean shuffle, Rng rng) {
        int b = batchSize(batchSize);
        int m = perShard();
        int[][] local = new int[count][];
        for (int k = 0; k < count; k++) {
            local[k] = shuffle ? Permutation.random(size(k), rng) : Permutation.identity(size(k));
        }
        int each = b / count;
        int[] order = new int[perEpoch()];
        int at = 0;
        for (int start = 0; start < m; start += each) {
            int len = Math.min(each, m - start);
            for (int k = 0; k < count; k++) {
                int offset = from(k);
                for (int i = 0; i < len; i++) {
                    order[at++] = offset + local[k][start + i];
                }
            }
        }
        return order;
    }

    /**
     * The shard sample {@code index} belongs to.
     *
     * @throws IllegalArgumentException if it is outside {@code [0, n)}
     */
    public int shardOf(int index) {
        if (index < 0 || index >= samples) {
            throw new IllegalArgumentException("Shards.shardOf: sample " + index + " of " + samples);
        }
        int k = (int) ((long) index * count / samples);
        while (from(k + 1) <= index) {
            k++;
        }
        while (from(k) > index) {
            k--;
        }
        return k;
    }
}
