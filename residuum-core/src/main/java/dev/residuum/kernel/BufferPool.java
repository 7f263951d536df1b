package dev.residuum.kernel;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Free lists of {@code float[]} by exact length, for reusing the buffers of a training step:
 * {@link #take} hands out a buffer of the length asked for (the one given back last, else a new
 * one), {@link #giveBack} returns a buffer for reuse. A step that asks for the lengths its
 * previous step gave back allocates nothing. The tensor workspace keeps its buffers here.
 *
 * <p>Not thread-safe: one thread at a time.
 */
public final class BufferPool {
    private int[] sizes = new int[16];
    @SuppressWarnings("unchecked")
    private ArrayDeque<float[]>[] free = new ArrayDeque[16];
    private int kinds;
    private int last;

    /** A buffer of exactly {@code n} floats with unspecified contents. */
    public float[] take(int n) {
        float[] buffer = freeList(n).poll();
        return buffer != null ? buffer : new float[n];
    }

    /**
     * Returns a buffer for reuse by a later {@link #take} of its length.
     *
     * @param buffer no longer used by the caller. Modified later, by whoever takes it.
     */
    public void giveBack(float[] buffer) {
        freeList(buffer.length).push(buffer);
    }

    private ArrayDeque<float[]> freeList(int n) {
        if (last < kinds && sizes[last] == n) {
            return free[last];
        }
        for (int i = 0; i < kinds; i++) {
            if (sizes[i] == n) {
                last = i;
                return free[i];
            }
        }
        if (kinds == sizes.length) {
            sizes = Arrays.copyOf(sizes, kinds * 2);
            free = Arrays.copyOf(free, kinds * 2);
        }
        sizes[kinds] = n;
        free[kinds] = new ArrayDeque<>();
        return free[kinds++];
    }
}
