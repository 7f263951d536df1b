package dev.residuum.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Residuum's own worker threads. Kernels split large work (rows of a matrix product, images of
 * a batch, long element-wise loops) into contiguous chunks and run them here, each chunk calling
 * single-threaded BLAS; small work stays on the calling thread.
 *
 * <p>Parallel sections do not nest: work started from inside a chunk (a matrix product inside a
 * convolution's per-image loop, say) runs on the thread that started it. Splitting it again would
 * put more threads than cores to work and leave each chunk waiting for the one that got the least
 * CPU (W1 at two threads spent a fifth of its time in such waits).
 *
 * <p>The thread count is process-wide: {@link #setThreads(int)} from the API, {@code --threads}
 * from the CLI, default 1 (deterministic and best for small models on a shared 2-core host).
 * Chunk boundaries depend only on the work size and the thread count, so results are identical
 * run to run at a fixed thread count.
 */
public final class Parallel {
    /** A range body: handles indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** A chunk body: handles chunk number {@code chunk}, indices {@code [from, to)}. */
    @FunctionalInterface
    public interface ChunkBody {
        void run(int chunk, int from, int to);
    }

    private static volatile int threads = 1;
    private static volatile ForkJoinPool pool;
    /** Whether this thread is running a chunk (the pool's workers always are). */
    private static final ThreadLocal<boolean[]> IN_CHUNK = ThreadLocal.withInitial(() -> new boolean[1]);

    private Parallel() {
    }

    /** Current thread count (at least 1). */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of worker threads used by kernels.
     *
     * @param n between 1 and 256
     * @throws IllegalArgumentException otherwise
     */
    public static synchronized void setThreads(int n) {
        if (n < 1 || n > 256) {
            throw new IllegalArgumentException("threads must be between 1 and 256, got " + n);
        }
        if (n != threads) {
            ForkJoinPool old = pool;
            pool = null;
            threads = n;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(Math.max(1, threads - 1)); // the caller runs chunk 0
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * How many chunks {@link #forChunks} would use: 1 when {@code work} (a cost estimate in
     * flops) is below {@code minWork}, one thread is configured, or the caller is itself running
     * a chunk; else {@code min(threads, n)}.
     */
    public static int chunkCount(int n, long work, long minWork) {
        int t = Math.min(threads, n);
        return t <= 1 || work < minWork || inChunk() ? 1 : t;
    }

    /** Whether the calling thread is running a chunk of a parallel section. */
    public static boolean inChunk() {
        return IN_CHUNK.get()[0];
    }

    /**
     * Runs {@code body} over {@code [0, n)} in at most {@link #threads()} contiguous chunks; on the
     * calling thread alone when {@code work} (a cost estimate in flops) is below {@code minWork} or
     * one thread is configured.
     */
    public static void forRange(int n, long work, long minWork, RangeBody body) {
        forChunks(n, chunkCount(n, work, minWork), (chunk, from, to) -> body.run(from, to));
    }

    /**
     * Runs {@code body} on {@code chunks} contiguous parts of {@code [0, n)}, chunk 0 on the calling
     * thread; boundaries depend only on {@code n} and {@code chunks}. Returns when all are done,
     * also when one throws: then the first chunk's error (in chunk order) is thrown, after every
     * chunk has finished, with the others' errors suppressed in it.
     */
    public static void forChunks(int n, int chunks, ChunkBody body) {
        if (chunks <= 1) {
            body.run(0, 0, n);
            return;
        }
        boolean[] inChunk = IN_CHUNK.get();
        if (inChunk[0]) { // nested: the same chunks, one after another on this thread
            for (int c = 0; c < chunks; c++) {
                body.run(c, (int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
            }
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int chunk = c;
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            tasks[c - 1] = pool().submit(new RecursiveAction() {
                @Override
                protected void compute() {
                    boolean[] flag = IN_CHUNK.get();
                    flag[0] = true; // pool workers only ever run chunks
                    body.run(chunk, from, to);
                }
            });
        }
        Throwable failure = null;
        inChunk[0] = true;
        try {
            body.run(0, 0, (int) ((long) n / chunks));
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            inChunk[0] = false;
        }
        // Every chunk is waited for, even after one failed: the caller must not go on (and reuse the
        // buffers the chunks write) while another chunk is still running.
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                } else if (failure != e) {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }
}
