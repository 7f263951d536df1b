package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** {@link BufferPool} hands out exact lengths, reuses what was given back (last in, first out) and never mixes lengths. */
class BufferPoolTest {
    @Test
    void reusesBuffersOfTheSameLength() {
        BufferPool pool = new BufferPool();
        float[] a = pool.take(12), b = pool.take(12), c = pool.take(7);
        assertEquals(12, a.length);
        assertEquals(7, c.length);
        assertNotSame(a, b);
        pool.giveBack(a);
        pool.giveBack(b);
        pool.giveBack(c);
        assertSame(b, pool.take(12));
        assertSame(a, pool.take(12));
        assertNotSame(a, pool.take(12), "the free list of 12 is empty again");
        assertSame(c, pool.take(7));
    }

    @Test
    void keepsManyLengthsApart() {
        BufferPool pool = new BufferPool();
        float[][] given = new float[40][];
        for (int n = 0; n < given.length; n++) { // more lengths than the pool starts with room for
            given[n] = pool.take(n + 1);
            pool.giveBack(given[n]);
        }
        for (int n = given.length - 1; n >= 0; n--) {
            assertSame(given[n], pool.take(n + 1), "length " + (n + 1));
        }
    }
}
