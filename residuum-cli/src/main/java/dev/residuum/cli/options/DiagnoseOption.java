package dev.residuum.cli.options;

import dev.residuum.data.ImageSet;
import dev.residuum.nn.Module;
import dev.residuum.run.MetricsRecord;
import dev.residuum.stability.IterationOptions;
import dev.residuum.stability.TrainingProbe;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.TrainingListener;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * {@code --diagnose-every STEPS}, {@code --diagnose LIST}, {@code --diagnose-batch B}: the stability
 * instruments measured during training ({@link TrainingProbe}), on the process that holds the
 * model being trained (the driver, on Spark), with one default and one check each.
 */
public final class DiagnoseOption {
    /** The instruments of {@code --diagnose-every} unless {@code --diagnose}. */
    public static final String DEFAULT_INSTRUMENTS = "flow,fighting,alpha";
    /** Power iterations per block of the spectral instrument. */
    public static final int PROBE_ITERATIONS = 10;

    @Option(names = "--diagnose-every", defaultValue = "0", paramLabel = "STEPS",
            description = "Measure the stability instruments every STEPS steps into metrics.jsonl and the report;"
                    + " 0: never (default ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--diagnose", defaultValue = DEFAULT_INSTRUMENTS, paramLabel = "flow,fighting,alpha,spectral",
            description = "Which instruments --diagnose-every records (default ${DEFAULT-VALUE}; spectral costs two"
                    + " power iterations per block).")
    String instruments = DEFAULT_INSTRUMENTS;

    @Option(names = "--diagnose-batch", defaultValue = "32", paramLabel = "B",
            description = "The instruments run on the first B test images, in training mode (default ${DEFAULT-VALUE}).")
    int batch = 32;

    /**
     * Checks the three options.
     *
     * @throws IllegalArgumentException one line naming the option, the value and what it must be
     */
    public void check() {
        Require.nonNegative("--diagnose-every", every);
        Require.atLeast("--diagnose-batch", batch, 1);
        instruments();
    }

    /** The parsed {@code --diagnose}. */
    public Set<TrainingProbe.Instrument> instruments() {
        try {
            return TrainingProbe.Instrument.parseList(instruments);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--diagnose: " + e.getMessage());
        }
    }

    /**
     * The listener: the instruments on the first {@code --diagnose-batch} test images every
     * {@code --diagnose-every} steps, each record handed to {@code sink}; {@link TrainingListener#NONE} when off.
     *
     * @param model the model being trained; read (the probe runs in training mode on it)
     * @param test not modified
     * @param seed the start vectors of the spectral instrument's power iterations
     */
    public TrainingListener probe(Module model, ImageSet test, long seed, Consumer<MetricsRecord.Probe> sink) {
        if (every == 0) {
            return TrainingListener.NONE;
        }
        int b = Math.min(batch, test.size());
        Tensor x = test.images().slice(0, 0, b).detach();
        int[] labels = Arrays.copyOf(test.labels(), b);
        return new TrainingProbe(null, model, x, y -> y.crossEntropy(labels), true, every, instruments(),
                new IterationOptions(IterationOptions.DEFAULT_TOLERANCE, PROBE_ITERATIONS, seed), sink);
    }
}
