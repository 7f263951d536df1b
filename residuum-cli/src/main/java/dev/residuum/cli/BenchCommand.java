package dev.residuum.cli;

import dev.residuum.bench.Bench;
import dev.residuum.bench.BenchOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code residuum bench}: the reference workloads, printing the reference script's JSON lines. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the workloads of shared/bench/pytorch_reference.py in Residuum "
                + "(one JSON line per measurement on stdout; value = median of the repeats).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--threads", defaultValue = "2", description = "Worker threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--only", defaultValue = "", paramLabel = "W4,W6,...",
            description = "Comma list of workloads (W1-W7; default all).")
    String only;

    @Option(names = "--quick", description = "Few steps and one repeat (smoke test).")
    boolean quick;

    @Option(names = "--repeats", description = "Timed repeats per workload (default 3, 1 with --quick).")
    Integer repeats;

    @Option(names = "--data", description = "Fashion-MNIST folder (default: Debian's dataset-fashion-mnist folder).")
    Path data;

    @Option(names = "--wait-idle", paramLabel = "SECONDS", defaultValue = "0",
            description = "Before each repeat wait up to SECONDS for other processes to leave the CPUs idle.")
    double waitIdle;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        int r = repeats != null ? repeats : (quick ? 1 : 3);
        BenchOptions options = new BenchOptions(threads, BenchOptions.parseOnly(only), quick, r,
                data == null ? BenchOptions.DEFAULT_DATA : data, waitIdle, seed);
        Bench.run(options, System.out, System.err);
        return 0;
    }
}
