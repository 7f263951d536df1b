package dev.residuum.cli.options;

import dev.residuum.kernel.Parallel;
import picocli.CommandLine.Option;

/** {@code --threads N}: the worker threads of a command (one default for every command). */
public final class ThreadsOption {
    /** Worker threads unless {@code --threads} says otherwise: 1, the safe choice on a shared machine. */
    public static final int DEFAULT = 1;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "" + DEFAULT,
            description = "Worker threads (default ${DEFAULT-VALUE}).")
    int threads = DEFAULT;

    /**
     * The thread count.
     *
     * @throws IllegalArgumentException when below 1
     */
    public int threads() {
        return Require.atLeast("--threads", threads, 1);
    }

    /** Sets the worker pool to {@link #threads()} threads and returns the count. */
    public int apply() {
        int n = threads();
        Parallel.setThreads(n);
        return n;
    }
}
