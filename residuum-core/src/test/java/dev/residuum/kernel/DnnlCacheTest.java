package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The oneDNN binding's handle cache is bounded by the native memory it holds: the least recently
 * used handles are freed beyond the bound, {@link Dnnl#release()} frees them all, and a call never
 * runs on a freed handle, even when another thread evicts it meanwhile (issue 18).
 */
class DnnlCacheTest {
    private static final int SLOT = 9_000; // apart from the slots the rest of the suite uses

    @BeforeEach
    void needsTheBinding() {
        assumeTrue(Dnnl.available(), "oneDNN binding not available");
        Dnnl.release();
    }

    @AfterEach
    void restoreTheBound() {
        if (Dnnl.available()) {
            Dnnl.setCapacityBytes((long) Dnnl.DEFAULT_CAPACITY_MB << 20);
            Dnnl.release();
        }
    }

    /** A 3x3 convolution of a seeded [n, 4, 8, 8] input into 4 channels, by the binding. */
    private static float[] conv(int n, int slot) {
        Rng rng = new Rng(n);
        float[] x = new float[n * 4 * 8 * 8];
        float[] w = new float[4 * 4 * 3 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        float[] y = new float[n * 4 * 8 * 8];
        Dnnl.forward(slot, x, 0, n, 4, 8, 8, w, 4, 3, 1, 1, false, y, 0);
        return y;
    }

    @Test
    void handlesBeyondTheBoundAreFreedAndComeBackTheSame() {
        float[] first = conv(1, SLOT);
        long one = Dnnl.heldBytes();
        assertEquals(1, Dnnl.handles());
        assertTrue(one > 0, "bytes of one handle: " + one);
        // room for about three of the larger shapes below
        Dnnl.setCapacityBytes(3 * 10 * one);
        for (int n = 2; n <= 10; n++) {
            conv(n, SLOT);
            assertTrue(Dnnl.heldBytes() <= 3 * 10 * one, "held " + Dnnl.heldBytes());
        }
        assertTrue(Dnnl.handles() < 9, "handles alive: " + Dnnl.handles());
        assertArrayEquals(first, conv(1, SLOT), "the shape's first handle was freed; a new one gives the same result");
        Dnnl.release();
        assertEquals(0, Dnnl.handles());
        assertEquals(0, Dnnl.heldBytes());
        assertArrayEquals(first, conv(1, SLOT));
    }

    @Test
    void aCallNeverRunsOnAHandleAnotherThreadFreed() throws Exception {
        float[] small = conv(2, SLOT);
        float[] large = conv(3, SLOT + 1);
        Dnnl.setCapacityBytes(1); // every new handle frees the other one
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    boolean same = true;
                    for (int i = 0; i < 100; i++) {
                        boolean even = (i + thread) % 2 == 0;
                        float[] y = even ? conv(2, SLOT) : conv(3, SLOT + 1);
                        same &= java.util.Arrays.equals(y, even ? small : large);
                    }
                    return same;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(), "every result equals the one computed before the evictions");
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, Dnnl.handles(), "the bound keeps only the newest handle");
    }
}
