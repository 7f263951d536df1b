package dev.residuum.cli;

import dev.residuum.bench.Bench;
import dev.residuum.bench.BenchOptions;
import dev.residuum.cli.options.QuietOption;
import dev.residuum.cli.options.SeedOption;
import dev.residuum.cli.options.ThreadsOption;
import dev.residuum.data.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code residuum bench}: the reference workloads, printing the reference script's JSON lines. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the workloads of shared/bench/pytorch_reference.py in Residuum "
                + "(one JSON line per measurement on stdout; value = median of the repeats).")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ThreadsOption threads;

    @Mixin
    QuietOption quiet;

    @Option(names = "--only", defaultValue = "", paramLabel = "W4,W6,...",
            description = "Comma list of workloads (W1-W7; default all).")
    String only;

    @Option(names = "--quick", description = "Few steps and one repeat (smoke test).")
    boolean quick;

    @Option(names = "--repeats", description = "Timed repeats per workload (default 3, 1 with --quick).")
    Integer repeats;

    /**
     * The images of W1-W3. Same spelling and values as {@link dev.residuum.cli.options.DataOption}, but the full
     * set by default: the workloads are defined on it (shared/bench/pytorch_reference.py reads it), and
     * shared/bench/peers/measure.sh runs {@code bench} without {@code --data}.
     */
    @Option(names = "--data", paramLabel = "sample|fashion-mnist|DIR", defaultValue = DataSource.FASHION_MNIST,
            description = "Images for W1-W3 (default ${DEFAULT-VALUE}: the workloads are defined on the full set).")
    String data;

    @Option(names = "--warmup", paramLabel = "SECONDS",
            description = "After the reference's warm-up steps, keep stepping until SECONDS have passed, so the timed "
                    + "repeats run compiled code (default 3, 0 with --quick; 0: the reference's steps only).")
    Double warmup;

    @Option(names = "--wait-idle", paramLabel = "SECONDS", defaultValue = "0",
            description = "Before each repeat wait up to SECONDS for other processes to leave the CPUs idle.")
    double waitIdle;

    @Mixin
    SeedOption seed;

    @Option(names = "--w6-depths", split = ",", paramLabel = "D,D,...", defaultValue = "100,1000",
            description = "Depths W6 runs at (default ${DEFAULT-VALUE}, the reference's; e.g. 10,100,1000,10000 for the "
                    + "cost curve).")
    List<Integer> w6Depths;

    @Option(names = "--w1-batches", split = ",", paramLabel = "B,B,...", defaultValue = "128",
            description = "Batch sizes W1 runs at (default ${DEFAULT-VALUE}, the reference's; the same images per repeat "
                    + "at every batch).")
    List<Integer> w1Batches;

    @Override
    public Integer call() throws IOException {
        int r = repeats != null ? repeats : (quick ? 1 : 3);
        List<String> workloads = BenchOptions.parseOnly(only);
        boolean images = workloads.stream().anyMatch(w -> w.equals("W1") || w.equals("W2") || w.equals("W3"));
        Path dir = images ? DataSource.resolve(data).dir() : Path.of(data);
        BenchOptions options = new BenchOptions(threads.threads(), workloads, quick, r, dir, waitIdle, seed.seed(),
                w6Depths, w1Batches, warmup != null ? warmup : quick ? 0 : BenchOptions.DEFAULT_WARMUP_SECONDS);
        Bench.run(options, System.out, quiet.progress());
        return 0;
    }
}
