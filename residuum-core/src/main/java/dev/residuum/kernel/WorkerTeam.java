package dev.residuum.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The persistent worker threads behind {@link Parallel}: {@code size} daemon threads that, after
 * each section, spin on the published section for {@link #SPIN_NANOS} and then park. A section
 * handed to spinning workers starts on them within a fraction of a microsecond, which is what lets
 * a 64×64×64 product (~5 µs) be split in two; a fork/join pool's wake-up took longer than the
 * product. Idle workers cost nothing after the spin: they are parked until the next section.
 *
 * <p>One section at a time: {@link #tryRun} returns false, and the caller runs the chunks itself,
 * when another thread's section holds the team (a second caller never waits for the first, so
 * nothing can deadlock). Chunk {@code c} runs on participant {@code c % (size + 1)}, the caller
 * being participant 0; boundaries are those of {@link Parallel#forChunks}.
 */
final class WorkerTeam {
    /** How long a worker spins for the next section before it parks. */
    static final long SPIN_NANOS = 200_000;

    /** A section: immutable once published, so a worker that sees it sees all of it. */
    private static final class Section {
        final int n;
        final int chunks;
        final Parallel.ChunkBody body;
        /** Chunks of this section not run by the caller and not finished yet. */
        final AtomicInteger remaining;
        volatile Throwable failure;

        Section(int n, int chunks, Parallel.ChunkBody body, int workerChunks) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
            this.remaining = new AtomicInteger(workerChunks);
        }
    }

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Section section;
    private volatile boolean retiring;
    private volatile boolean retired;

    /** Starts {@code size >= 1} workers. */
    WorkerTeam(int size) {
        workers = new Worker[size];
        for (int w = 0; w < size; w++) {
            workers[w] = new Worker(w + 1);
            workers[w].start();
        }
    }

    /** Number of worker threads (the caller of a section is one more participant). */
    int size() {
        return workers.length;
    }

    /**
     * Runs the {@code chunks} chunks of {@code [0, n)} on the caller and the workers and returns
     * true when all are done, or returns false at once, having run nothing, when the team is
     * running another section or has retired (it then stays held for good). A failure of any chunk is rethrown here, after every
     * chunk has finished.
     *
     * @param inChunk the caller's in-chunk flag, set while it runs its own chunks
     */
    boolean tryRun(int n, int chunks, Parallel.ChunkBody body, boolean[] inChunk) {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            int participants = workers.length + 1;
            int own = (chunks + participants - 1) / participants; // chunks 0, participants, 2 participants, ...
            Section s = new Section(n, chunks, body, chunks - own);
            section = s;
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            Throwable failure = null;
            inChunk[0] = true;
            try {
                for (int c = 0; c < chunks; c += participants) {
                    Parallel.runChunk(body, n, c, chunks);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                inChunk[0] = false;
            }
            awaitWorkers(s);
            if (failure == null) {
                failure = s.failure;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException("parallel section failed", failure);
            }
            return true;
        } finally {
            busy.set(false);
            if (retiring) {
                tryRetire();
            }
        }
    }

    private static void awaitWorkers(Section s) {
        for (int spins = 0; s.remaining.get() > 0; spins++) {
            if (spins < 1 << 14) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // a worker lost its core to another process: let it have ours
            }
        }
    }

    /** Stops the workers once no section is running (now, or when the running one ends). */
    void retire() {
        retiring = true;
        tryRetire();
    }

    private void tryRetire() {
        if (busy.compareAndSet(false, true)) { // held for good: no section can start any more
            retired = true;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        }
    }

    private final class Worker extends Thread {
        private final int participant;
        /** Set before parking, so that a caller publishing a section knows to unpark. */
        volatile boolean parked;

        Worker(int participant) {
            super("residuum-worker-" + participant);
            this.participant = participant;
            setDaemon(true);
        }

        @Override
        public void run() {
            Parallel.markWorker();
            Section last = null;
            while (true) {
                Section s = next(last);
                if (s == null) {
                    return;
                }
                last = s;
                int participants = workers.length + 1;
                for (int c = participant; c < s.chunks; c += participants) {
                    try {
                        Parallel.runChunk(s.body, s.n, c, s.chunks);
                    } catch (Throwable t) {
                        s.failure = t;
                    } finally {
                        s.remaining.decrementAndGet();
                    }
                }
            }
        }

        /**
         * The next section after {@code last}, or null once the team retired. A worker cannot miss
         * a section it has chunks in: the caller does not publish another before they are done.
         */
        private Section next(Section last) {
            long start = 0;
            for (int spins = 0; ; spins++) {
                Section s = section;
                if (s != last) {
                    return s;
                }
                if (retired) {
                    return null;
                }
                if ((spins & 255) == 255) {
                    long now = System.nanoTime();
                    if (start == 0) {
                        start = now;
                    } else if (now - start > SPIN_NANOS) {
                        parked = true;
                        if (section == last && !retired) { // re-read after announcing: no lost unpark
                            LockSupport.park(WorkerTeam.this);
                        }
                        parked = false;
                        start = 0;
                        continue;
                    }
                }
                Thread.onSpinWait();
            }
        }
    }
}
