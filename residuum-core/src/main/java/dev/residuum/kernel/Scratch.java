package dev.residuum.kernel;

/**
 * Per-thread scratch arrays for kernels that run on {@link Parallel} workers (which have no tensor
 * workspace of their own): each thread keeps its largest buffer of each slot and reuses it, so a
 * training step allocates nothing once warm. Contents are unspecified on return.
 */
public final class Scratch {
    /** Number of independent slots a kernel may hold at once. */
    public static final int SLOTS = 6;
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][]);

    private Scratch() {
    }

    /**
     * A buffer of at least {@code n} floats for this thread.
     *
     * @param slot in {@code [0, SLOTS)}; buffers of different slots never alias
     */
    public static float[] get(int slot, int n) {
        float[][] b = BUFFERS.get();
        float[] buf = b[slot];
        if (buf == null || buf.length < n) {
            buf = new float[n];
            b[slot] = buf;
        }
        return buf;
    }
}
