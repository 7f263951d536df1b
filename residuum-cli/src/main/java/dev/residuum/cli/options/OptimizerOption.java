package dev.residuum.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code --batch N}, {@code --lr}: the minibatch optimizer of a command that fits a model (samples per
 * step and learning rate), spelt, described and checked the same in every such command. Each command
 * gives its own defaults (the optimizer and the model differ: SGD, Adagrad or Adam; images, windows or
 * points) and says in its own description which optimizer it runs.
 */
public final class OptimizerOption {
    @Option(names = "--batch", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    /**
     * @param batch {@code --batch} when not given
     * @param lr {@code --lr} when not given
     */
    public OptimizerOption(int batch, double lr) {
        this.batch = batch;
        this.lr = lr;
    }

    /**
     * Checks both options.
     *
     * @throws IllegalArgumentException "--batch must be at least 1, got 0", "--lr must be a positive number, got -1.0"
     */
    public void check() {
        Require.atLeast("--batch", batch, 1);
        Require.positive("--lr", lr);
    }

    /** {@code --batch}. */
    public int batch() {
        return batch;
    }

    /** {@code --lr}. */
    public double lr() {
        return lr;
    }
}
