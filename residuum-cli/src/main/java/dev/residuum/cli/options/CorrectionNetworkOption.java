package dev.residuum.cli.options;

import dev.residuum.delta.DeltaModel;
import dev.residuum.nn.Activation;
import dev.residuum.optim.Adam;
import dev.residuum.optim.LrSchedule;
import dev.residuum.train.OptimizerFactory;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --hidden}, {@code --activation}, {@code --epochs}, {@code --batch}, {@code --lr},
 * {@code --weight-decay}: the correction network of a Δ-learning command and its training budget
 * (Adam or AdamW, learning rate cosine-annealed to 0), shared by every model the command compares.
 */
public final class CorrectionNetworkOption {
    /** Samples per step unless {@code --batch} says otherwise. */
    public static final int DEFAULT_BATCH = 32;

    @Option(names = "--hidden", split = ",", splitSynopsisLabel = ",", defaultValue = "64,64", paramLabel = "W",
            description = "Hidden widths (default ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--activation", defaultValue = "tanh", description = "Activation (default ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--epochs", defaultValue = "200", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Samples per step (default " + DEFAULT_BATCH + ").")
    Integer batch;

    @Option(names = "--micro-batches", paramLabel = "N", defaultValue = "1",
            description = "Split each batch into N micro-batches, their gradients summed in order before one update;"
                    + " with --threads 2 or more they run side by side on the workers, the same result as in turn"
                    + " (default ${DEFAULT-VALUE}).")
    int microBatches;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate, cosine-annealed to 0 "
            + "(default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "0", description = "AdamW decoupled weight decay "
            + "(default ${DEFAULT-VALUE}: plain Adam).")
    double weightDecay;

    /**
     * The network and training configuration, the options checked.
     *
     * @param seed the trainer's shuffling seed
     * @throws IllegalArgumentException one line naming the option at fault
     */
    public DeltaModel.Config config(long seed) {
        Require.atLeast("--epochs", epochs, 1);
        Require.atLeast("--batch", batch(), 1);
        Require.atLeast("--micro-batches", microBatches, 1);
        if (!(lr > 0) || Double.isInfinite(lr) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("--lr must be a positive number and --weight-decay >= 0, got " + lr + " and "
                    + weightDecay);
        }
        if (hidden.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("--hidden widths must be at least 1, got " + hidden);
        }
        Activation.Kind kind;
        try {
            kind = Activation.Kind.parse(activation);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--activation: " + e.getMessage());
        }
        Adam.Config adam = weightDecay > 0 ? Adam.Config.adamW(lr).withWeightDecay(weightDecay) : Adam.Config.adam(lr);
        TrainerConfig training = new TrainerConfig(epochs, batch(), OptimizerFactory.adam(adam),
                new LrSchedule.Cosine(epochs, 0), seed, true).withMicroBatches(microBatches);
        return new DeltaModel.Config(hidden.stream().mapToInt(Integer::intValue).toArray(), kind, training);
    }

    /**
     * Takes the batch size from an older spelling of {@code --batch} that a command still accepts.
     *
     * @param spelling the old option, e.g. {@code "--batch-size"}
     * @param value its value, or null when not given
     * @throws IllegalArgumentException if both spellings were given
     */
    public void batchAlias(String spelling, Integer value) {
        batch = Require.oneSpelling("--batch", batch, spelling, value);
    }

    /** {@code --hidden}. */
    public List<Integer> hidden() {
        return List.copyOf(hidden);
    }

    /** {@code --activation}, as typed. */
    public String activation() {
        return activation;
    }

    /** {@code --epochs}. */
    public int epochs() {
        return epochs;
    }

    /** The batch size in effect. */
    public int batch() {
        return batch != null ? batch : DEFAULT_BATCH;
    }

    /** {@code --lr}. */
    public double lr() {
        return lr;
    }

    /** {@code --weight-decay}. */
    public double weightDecay() {
        return weightDecay;
    }

    /** One line for a report: {@code hidden [64, 64], tanh, 200 epochs, batch 32, lr 0.001, Adam}. */
    public String describe() {
        return String.format(Locale.ROOT, "hidden %s, %s, %d epochs, batch %d, lr %g, %s", hidden, activation, epochs, batch(),
                lr, weightDecay > 0 ? "AdamW weight decay " + weightDecay : "Adam");
    }
}
