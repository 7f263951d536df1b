package dev.residuum.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Rng;
import dev.residuum.train.MicroBatches;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Shards}: the contiguous split, the per-shard orders and the batches made of local batches. */
class ShardsTest {
    @Test
    void shardsAreContiguousAndDifferByAtMostOne() {
        Shards s = new Shards(10, 3);
        assertEquals(List.of(0, 3, 6, 10), List.of(s.from(0), s.from(1), s.from(2), s.from(3)));
        assertEquals(3, s.perShard());
        assertEquals(9, s.perEpoch());
        for (int i = 0; i < 10; i++) {
            assertTrue(s.from(s.shardOf(i)) <= i && i < s.from(s.shardOf(i) + 1), "sample " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> new Shards(2, 3));
    }

    @Test
    void oneShardIsPlainTrainingsShuffleBitForBit() {
        Rng a = new Rng(42), b = new Rng(42);
        assertArrayEquals(Permutation.random(1000, a), new Shards(1000, 1).order(128, true, b));
        assertEquals(a.state(), b.state());
        assertArrayEquals(Permutation.identity(7), new Shards(7, 1).order(3, false, new Rng(1)));
        assertEquals(7, new Shards(7, 1).batchSize(100)); // any batch, at most the data
    }

    @Test
    void shareKOfEveryBatchIsShardKsLocalBatchAndEachShardIsItsOwnShuffle() {
        Shards s = new Shards(103, 4); // shards of 25, 26, 26, 26: 25 of each per epoch, 3 left out
        Rng rng = new Rng(7), replay = new Rng(7);
        int batch = 12;
        int[] order = s.order(batch, true, rng);
        assertEquals(100, order.length);
        assertEquals(new HashSet<>(Arrays.stream(order).boxed().toList()).size(), 100, "no sample twice");
        // each shard's order is its own Fisher-Yates shuffle, drawn in shard order from the epoch's generator
        int[][] own = new int[4][];
        for (int k = 0; k < 4; k++) {
            own[k] = Permutation.random(s.size(k), replay);
        }
        assertEquals(replay.state(), rng.state());
        int[] taken = new int[4];
        for (int start = 0; start < order.length; start += batch) {
            int size = Math.min(batch, order.length - start);
            for (int k = 0; k < 4; k++) {
                for (int i = MicroBatches.from(k, size, 4); i < MicroBatches.from(k + 1, size, 4); i++) {
                    assertEquals(k, s.shardOf(order[start + i]), "batch at " + start + ", share " + k);
                    assertEquals(s.from(k) + own[k][taken[k]++], order[start + i]);
                }
            }
        }
        assertArrayEquals(new int[] {25, 25, 25, 25}, taken); // the last batch (4 of 100) is 4 local batches of 1
    }

    @Test
    void aBatchThatDoesNotSplitEvenlyIsRefusedAndTheSampleLeftOutChangesByEpoch() {
        Shards s = new Shards(11, 2); // 5 and 6: one sample of shard 1 sits out each epoch
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.batchSize(5));
        assertEquals("Shards: a batch of 5 does not split into 2 equal local batches (one per shard); use a batch that"
                + " is a multiple of 2", e.getMessage());
        assertEquals(10, s.batchSize(64)); // the whole epoch in one batch
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, s.order(10, false, new Rng(3)));
        Rng rng = new Rng(5);
        Set<Integer> leftOut = new HashSet<>();
        for (int epoch = 0; epoch < 20; epoch++) {
            Set<Integer> seen = new HashSet<>(Arrays.stream(s.order(4, true, rng)).boxed().toList());
            for (int i = 5; i < 11; i++) {
                if (!seen.contains(i)) {
                    leftOut.add(i);
                }
            }
        }
        assertTrue(leftOut.size() > 1, "the sample left out is drawn anew: " + leftOut);
    }
}
