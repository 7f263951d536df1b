package dev.residuum.bench;

import dev.residuum.data.FashionMnist;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The options of {@code shared/bench/pytorch_reference.py}, with the same meaning.
 *
 * @param threads worker threads (Residuum's own; BLAS stays at one per worker)
 * @param only workloads to run, e.g. {@code [W4, W6]}
 * @param quick few steps, one repeat
 * @param repeats timed repeats per workload; the median is reported
 * @param data Fashion-MNIST folder (for the image workloads)
 * @param waitIdle seconds to wait for the machine to go quiet before each repeat (0: off)
 * @param seed seed of initialisation and data
 * @param w6Depths the depths W6 runs at (the reference's 100 and 1 000 by default; other depths
 *     give the cost curve of docs/BENCHMARKS.md)
 * @param w1Batches the batch sizes W1 runs at (the reference's 128 by default)
 * @param warmupSeconds after the reference's warm-up steps, keep stepping until this long has
 *     passed since the first (0: the reference's steps only). The JVM compiles the kernels while
 *     they run: the first seconds are interpreted code, which the timed repeats of a steady state
 *     should not see, as the reference's own warm-up steps keep PyTorch's first calls out.
 */
public record BenchOptions(int threads, List<String> only, boolean quick, int repeats, Path data, double waitIdle,
                           long seed, List<Integer> w6Depths, List<Integer> w1Batches, double warmupSeconds) {
    /** The CLI's default {@link #warmupSeconds()}: long enough for the JIT on every workload measured here. */
    public static final double DEFAULT_WARMUP_SECONDS = 3;
    /** W6's depths in {@code shared/bench/pytorch_reference.py}. */
    public static final List<Integer> REFERENCE_DEPTHS = List.of(100, 1000);
    /** W1's batch in {@code shared/bench/pytorch_reference.py}. */
    public static final List<Integer> REFERENCE_BATCHES = List.of(128);

    /** The manifold workloads of {@code scripts/bench_manifold.py} (run only when asked for). */
    public static final List<String> MANIFOLD = List.of("M1", "M2", "M3");
    /** Every workload id the reference scripts know. */
    public static final List<String> ALL = List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7", "E1", "E2", "M1", "M2",
            "M3");
    /** The ones residuum-bench runs by default (the manifold ones are on request). */
    public static final List<String> IMPLEMENTED = List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7");
    /** Default data folder, as the reference. */
    public static final Path DEFAULT_DATA = FashionMnist.DEFAULT_DIR;

    /** The reference workloads as {@code shared/bench/pytorch_reference.py} defines them. */
    public BenchOptions(int threads, List<String> only, boolean quick, int repeats, Path data, double waitIdle, long seed) {
        this(threads, only, quick, repeats, data, waitIdle, seed, REFERENCE_DEPTHS, REFERENCE_BATCHES,
                quick ? 0 : DEFAULT_WARMUP_SECONDS);
    }

    /**
     * Checks the thread and repeat counts (at least 1), that every workload named is known and
     * implemented, and that the depths and batches are positive.
     */
    public BenchOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be at least 1, got " + repeats);
        }
        if (!(warmupSeconds >= 0) || warmupSeconds > 600) {
            throw new IllegalArgumentException("--warmup must be between 0 and 600 seconds, got " + warmupSeconds);
        }
        Objects.requireNonNull(only, "only");
        only = List.copyOf(only);
        w6Depths = positive(w6Depths, "--w6-depths");
        w1Batches = positive(w1Batches, "--w1-batches");
        for (String w : only) {
            if (!ALL.contains(w)) {
                throw new IllegalArgumentException("unknown workload '" + w + "'; choose from " + ALL);
            }
            if (!IMPLEMENTED.contains(w) && !MANIFOLD.contains(w)) {
                throw new IllegalArgumentException("workload " + w + " is not implemented in residuum-bench yet"
                        + " (implemented: " + IMPLEMENTED + ")");
            }
        }
    }

    private static List<Integer> positive(List<Integer> values, String option) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException(option + " needs at least one value");
        }
        for (int v : values) {
            if (v < 1) {
                throw new IllegalArgumentException(option + " values must be at least 1, got " + v);
            }
        }
        return List.copyOf(values);
    }

    /** Parses a comma list such as {@code "w4, W6"}; empty means all implemented workloads. */
    public static List<String> parseOnly(String list) {
        List<String> out = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return IMPLEMENTED;
        }
        for (String w : list.split(",")) {
            if (!w.isBlank()) {
                out.add(w.trim().toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }
}
