package dev.residuum.train;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.optim.Adam;
import dev.residuum.optim.LrSchedule;
import dev.residuum.optim.Optimizer;
import dev.residuum.tensor.Tensor;
import dev.residuum.tensor.Workspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Minibatch training: for each epoch, set the learning rate from the schedule, shuffle the
 * sample indices with a seeded generator, and for each batch zero the gradients, compute the
 * loss and its gradient inside a {@link Workspace} scope, and step the optimizer. Two fits with
 * the same configuration, model initialisation and data give bit-identical parameters and
 * history (with the same thread count).
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(Trainer.Config.adam(1e-2, 200, 32, 0));
 * History h = trainer.fit(model, x, y);          // x [N, F], y [N, T]; model modified
 * }</pre>
 */
public final class Trainer {
    /**
     * How to train.
     *
     * @param epochs passes over the data (at least 1)
     * @param batchSize samples per step (at least 1; a batch never exceeds the data; the last
     *     batch of an epoch may be smaller)
     * @param optimizer makes the optimizer; its initial learning rate is the schedule's base rate
     * @param schedule learning rate by epoch, set at the start of each epoch
     * @param seed seed of the shuffling
     * @param shuffle whether to shuffle each epoch (otherwise samples go in index order)
     */
    public record Config(int epochs, int batchSize, OptimizerFactory optimizer, LrSchedule schedule, long seed,
                         boolean shuffle) {
        public Config {
            Objects.requireNonNull(optimizer, "optimizer");
            Objects.requireNonNull(schedule, "schedule");
            if (epochs < 1) {
                throw new IllegalArgumentException("Trainer: epochs must be at least 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("Trainer: batch size must be at least 1, got " + batchSize);
            }
        }

        /** Adam at a constant learning rate, shuffled. */
        public static Config adam(double lr, int epochs, int batchSize, long seed) {
            return new Config(epochs, batchSize, OptimizerFactory.adam(Adam.Config.adam(lr)), new LrSchedule.Constant(),
                    seed, true);
        }

        /** AdamW (decoupled weight decay) with a cosine decay to 0 over the run, shuffled. */
        public static Config adamW(double lr, double weightDecay, int epochs, int batchSize, long seed) {
            return new Config(epochs, batchSize, OptimizerFactory.adam(Adam.Config.adamW(lr).withWeightDecay(weightDecay)),
                    new LrSchedule.Cosine(epochs, 0), seed, true);
        }

        public Config withEpochs(int e) { return new Config(e, batchSize, optimizer, schedule, seed, shuffle); }
        public Config withBatchSize(int b) { return new Config(epochs, b, optimizer, schedule, seed, shuffle); }
        public Config withOptimizer(OptimizerFactory o) { return new Config(epochs, batchSize, o, schedule, seed, shuffle); }
        public Config withSchedule(LrSchedule s) { return new Config(epochs, batchSize, optimizer, s, seed, shuffle); }
        public Config withSeed(long s) { return new Config(epochs, batchSize, optimizer, schedule, s, shuffle); }
        public Config withShuffle(boolean s) { return new Config(epochs, batchSize, optimizer, schedule, seed, s); }
    }

    private final Config config;

    public Trainer(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /**
     * Fits {@code model} to {@code y} by mean squared error.
     *
     * @param model modified (its parameters)
     * @param x inputs {@code [N, F]}; not modified
     * @param y targets {@code [N, T]}; not modified
     */
    public History fit(Module model, Tensor x, Tensor y) {
        return fit(new SupervisedObjective(model, x, y), EpochListener.NONE);
    }

    /**
     * Minimises {@code objective}, reporting each epoch to {@code listener}.
     *
     * @param objective its parameters are modified
     * @throws IllegalStateException if a batch loss is not finite (naming the epoch and step)
     */
    public History fit(Objective objective, EpochListener listener) {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(listener, "listener");
        int n = objective.size();
        if (n < 1) {
            throw new IllegalArgumentException("Trainer: the objective has no samples");
        }
        Optimizer optimizer = config.optimizer().create(objective.parameters());
        double baseLr = optimizer.lr();
        Rng rng = new Rng(config.seed());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int batch = Math.min(config.batchSize(), n);
        int[] full = batch == n ? order.clone() : null;
        Workspace workspace = new Workspace();
        List<EpochMetrics> epochs = new ArrayList<>(config.epochs());
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            double lr = config.schedule().lr(baseLr, epoch);
            optimizer.setLr(lr);
            if (config.shuffle()) {
                shuffle(order, rng);
            }
            double lossSum = 0;
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                // a full batch in index order when there is one batch: the mean loss is the same
                // whatever the order, and index order keeps the sums bit-identical across epochs
                int[] indices = to - from == n ? full : Arrays.copyOfRange(order, from, to);
                optimizer.zeroGrad();
                double loss;
                try (Workspace.Scope scope = workspace.enter()) {
                    Tensor l = objective.batchLoss(indices);
                    loss = l.item();
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("Trainer: the loss is " + loss + " at epoch " + epoch
                                + ", step " + optimizer.steps() + "; lower the learning rate or check the data");
                    }
                    l.backward();
                }
                optimizer.step();
                lossSum += loss * (to - from);
            }
            EpochMetrics m = new EpochMetrics(epoch, lossSum / n, objective.validationLoss(), lr);
            epochs.add(m);
            listener.onEpoch(m);
        }
        return new History(epochs, optimizer.steps());
    }

    /** Fisher–Yates shuffle of {@code a} (modified) drawing from {@code rng}. */
    private static void shuffle(int[] a, Rng rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
