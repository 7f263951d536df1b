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
 */
public record BenchOptions(int threads, List<String> only, boolean quick, int repeats, Path data, double waitIdle,
                           long seed) {
    /** The manifold workloads of {@code scripts/bench_manifold.py} (run only when asked for). */
    public static final List<String> MANIFOLD = List.of("M1", "M2", "M3");
    /** Every workload id the reference scripts know. */
    public static final List<String> ALL = List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7", "E1", "E2", "M1", "M2",
            "M3");
    /** The ones residuum-bench runs by default (the manifold ones are on request). */
    public static final List<String> IMPLEMENTED = List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7");
    /** Default data folder, as the reference. */
    public static final Path DEFAULT_DATA = FashionMnist.DEFAULT_DIR;

    /** Checks the thread and repeat counts (at least 1) and that every workload named is known and implemented. */
    public BenchOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be at least 1, got " + repeats);
        }
        Objects.requireNonNull(only, "only");
        only = List.copyOf(only);
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
