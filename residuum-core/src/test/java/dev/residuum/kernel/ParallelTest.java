package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.tensor.Tensor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Parallel}: chunks cover the range exactly once; a section started inside a chunk is not
 * split again (it runs on the chunk's own thread, in chunk order); matrix products called inside
 * a chunk give the same result as outside.
 */
class ParallelTest {
    private int before;

    @BeforeEach
    void threads() {
        before = Parallel.threads();
        Parallel.setThreads(2);
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(before);
    }

    @Test
    void chunksCoverTheRangeOnce() {
        int[] hits = new int[1000];
        Parallel.forRange(hits.length, Long.MAX_VALUE, 1, (from, to) -> {
            for (int i = from; i < to; i++) hits[i]++;
        });
        for (int h : hits) assertEquals(1, h);
        assertFalse(Parallel.inChunk(), "the caller is out of the section again");
    }

    @Test
    void nestedSectionsRunOnTheChunksOwnThread() {
        ConcurrentHashMap<Integer, Thread> outer = new ConcurrentHashMap<>();
        AtomicInteger nestedOtherThread = new AtomicInteger(), nestedChunkCounts = new AtomicInteger();
        int[] order = new int[2 * 4];
        Parallel.forChunks(2, 2, (chunk, from, to) -> {
            Thread self = Thread.currentThread();
            outer.put(chunk, self);
            assertTrue(Parallel.inChunk());
            nestedChunkCounts.addAndGet(Parallel.chunkCount(100, Long.MAX_VALUE, 1));
            int[] next = {0};
            Parallel.forChunks(4, 4, (c, f, t) -> { // asked for 4 chunks: all run here, in order
                if (Thread.currentThread() != self) nestedOtherThread.incrementAndGet();
                order[chunk * 4 + next[0]++] = c;
            });
        });
        assertEquals(2, outer.size());
        assertEquals(0, nestedOtherThread.get(), "nested chunks ran on another thread");
        assertEquals(2, nestedChunkCounts.get(), "chunkCount inside a chunk is 1");
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 1, 2, 3}, order);
    }

    /**
     * When the caller's chunk throws, the call still waits for the other chunk before it throws:
     * the caller would otherwise go on while a chunk still writes its buffers.
     */
    @Test
    void aFailingChunkStillWaitsForTheOthers() {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
                Parallel.forChunks(2, 2, (chunk, from, to) -> {
                    if (chunk == 0) {
                        await(started); // chunk 1 is running on the pool
                        throw new IllegalStateException("chunk 0 fails");
                    }
                    started.countDown();
                    sleep(200);
                    finished.incrementAndGet();
                }));
        assertEquals("chunk 0 fails", thrown.getMessage());
        assertEquals(1, finished.get(), "forChunks returned before chunk 1 had finished");
        assertFalse(Parallel.inChunk());
    }

    @Test
    void bothChunksFailingGivesTheFirstWithTheOtherSuppressed() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () ->
                Parallel.forChunks(2, 2, (chunk, from, to) -> {
                    throw new IllegalArgumentException("chunk " + chunk);
                }));
        assertEquals("chunk 0", thrown.getMessage());
        assertEquals(1, thrown.getSuppressed().length);
        assertTrue(thrown.getSuppressed()[0].getMessage().contains("chunk 1"), thrown.getSuppressed()[0].toString());
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, java.util.concurrent.TimeUnit.SECONDS), "chunk 1 never started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * A product inside a chunk is not split again: it is the same single BLAS call as the product
     * at one thread, so the two agree bit for bit on every kernel. The product split by rows over
     * two threads is a different set of calls; OpenBLAS may round those differently (its AVX2
     * kernels do, under {@code OPENBLAS_CORETYPE=Haswell}), so it is compared within a tolerance.
     */
    @Test
    void productsInsideChunksAreTheUnsplitProduct() {
        Rng rng = new Rng(3);
        int m = 300, n = 200, k = 100; // above Gemm's threshold for splitting rows over threads
        float[] a = Tensor.randn(rng, m * k).data(), b = Tensor.randn(rng, k * n).data();
        float[] whole = new float[m * n];
        Parallel.setThreads(1);
        Gemm.gemm(false, false, m, n, k, 1f, a, b, 0f, whole);
        Parallel.setThreads(2);
        float[] split = new float[m * n];
        Gemm.gemm(false, false, m, n, k, 1f, a, b, 0f, split);
        float[][] got = new float[2][m * n];
        Parallel.forChunks(2, 2, (chunk, from, to) -> Gemm.gemm(false, false, m, n, k, 1f, a, b, 0f, got[chunk]));
        assertArrayEquals(whole, got[0]);
        assertArrayEquals(whole, got[1]);
        for (int i = 0; i < whole.length; i++) {
            // k = 100 products of unit normals: |c| ~ 10, float rounding ~ 1e-6 relative per term.
            assertEquals(whole[i], split[i], 1e-4f * (1f + Math.abs(whole[i])), "split product at " + i);
        }
    }
}
