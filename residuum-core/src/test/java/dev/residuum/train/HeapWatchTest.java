package dev.residuum.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The after-collection figure arrives from the JVM's notifications and is a plausible heap size. */
class HeapWatchTest {
    @Test
    void reportsTheHeapAfterACollection() throws InterruptedException {
        HeapWatch.start();
        float[][] keep = new float[8][];
        for (int i = 0; i < keep.length; i++) keep[i] = new float[1 << 20]; // 32 MB that must survive
        long before = HeapWatch.collections();
        System.gc();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (HeapWatch.collections() == before && System.nanoTime() < deadline) {
            Thread.sleep(10); // notifications arrive on another thread
        }
        long bytes = HeapWatch.bytesAfterLastGc();
        assertTrue(bytes >= 32L << 20, "at least the 32 MB kept alive, got " + bytes);
        assertTrue(bytes <= Runtime.getRuntime().maxMemory(), "at most the heap, got " + bytes);
        assertTrue(keep[7].length > 0);
    }
}
