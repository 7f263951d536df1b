package dev.residuum.train;

import dev.residuum.data.Shards;
import dev.residuum.optim.Adam;
import dev.residuum.optim.LrSchedule;
import dev.residuum.optim.Sgd;
import java.util.Objects;

/**
 * How a {@link Trainer} trains: epochs, batch, optimizer and schedule, seed and order, checkpoints, micro-batches and shards.
 *
 * @param epochs passes over the data (at least 1)
 * @param batchSize samples per step (at least 1; a batch never exceeds the data; the last
 *     batch of an epoch may be smaller)
 * @param optimizer makes the optimizer; its initial learning rate is the schedule's base rate
 * @param schedule learning rate by (fractional) epoch; compose {@link LrSchedule.Warmup} for warm-up
 * @param schedulePerStep set the rate before every step at {@code epoch + step / stepsPerEpoch}
 *     (He et al.'s recipe), or once per epoch at the integer epoch (PyTorch's schedulers
 *     stepped per epoch)
 * @param seed fixes the data order and the data generator (the model's initialisation is the caller's)
 * @param shuffle shuffle each epoch (otherwise samples go in index order); a single batch
 *     holding every sample always goes in index order (same mean, bit-identical sums)
 * @param checkpointEvery with a run folder, also checkpoint every this many steps (0: at
 *     epoch ends only)
 * @param microBatches split each batch into this many fixed micro-batches, each with its own
 *     forward and backward (and batch-norm statistics), their gradients summed in order before
 *     one update ({@link MicroBatches} has the rules); 1 (the default) is plain training. At
 *     more than one {@link dev.residuum.kernel.Parallel#threads() thread} they run side by side on the workers
 *     ({@link ParallelMicroBatches}, the same bits) if the objective
 *     {@link Objective#slicesRunConcurrently allows it} and the model has no buffers
 * @param shards read each epoch in the order of this many fixed shards ({@link Shards}: each
 *     shard shuffled on its own, share {@code k} of every batch from shard {@code k}, the batch
 *     a multiple of the count, {@code n mod shards} samples left out per epoch), the order of
 *     data-parallel training on as many workers; 1 (the default) is one shuffle of the whole
 *     set, plain training's order
 */
public record TrainerConfig(int epochs, int batchSize, OptimizerFactory optimizer, LrSchedule schedule,
                     boolean schedulePerStep, long seed, boolean shuffle, int checkpointEvery, int microBatches,
                     int shards) {
    public TrainerConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        if (epochs < 1) {
            throw new IllegalArgumentException("Trainer: epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Trainer: batch size must be at least 1, got " + batchSize);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("Trainer: checkpointEvery must be >= 0, got " + checkpointEvery);
        }
        if (microBatches < 1) {
            throw new IllegalArgumentException("Trainer: microBatches must be at least 1, got " + microBatches);
        }
        if (shards < 1) {
            throw new IllegalArgumentException("Trainer: shards must be at least 1, got " + shards);
        }
    }

    /** The whole set's order (one shard). */
    public TrainerConfig(int epochs, int batchSize, OptimizerFactory optimizer, LrSchedule schedule,
                  boolean schedulePerStep, long seed, boolean shuffle, int checkpointEvery, int microBatches) {
        this(epochs, batchSize, optimizer, schedule, schedulePerStep, seed, shuffle, checkpointEvery, microBatches, 1);
    }

    /** One micro-batch (plain training). */
    public TrainerConfig(int epochs, int batchSize, OptimizerFactory optimizer, LrSchedule schedule,
                  boolean schedulePerStep, long seed, boolean shuffle, int checkpointEvery) {
        this(epochs, batchSize, optimizer, schedule, schedulePerStep, seed, shuffle, checkpointEvery, 1);
    }

    /** Per-epoch schedule, checkpoints at epoch ends only. */
    public TrainerConfig(int epochs, int batchSize, OptimizerFactory optimizer, LrSchedule schedule, long seed,
                  boolean shuffle) {
        this(epochs, batchSize, optimizer, schedule, false, seed, shuffle, 0);
    }

    /** Adam at a constant learning rate, shuffled. */
    public static TrainerConfig adam(double lr, int epochs, int batchSize, long seed) {
        return new TrainerConfig(epochs, batchSize, OptimizerFactory.adam(Adam.Config.adam(lr)), new LrSchedule.Constant(),
                seed, true);
    }

    /** AdamW (decoupled weight decay) with a cosine decay to 0 over the run, shuffled. */
    public static TrainerConfig adamW(double lr, double weightDecay, int epochs, int batchSize, long seed) {
        return new TrainerConfig(epochs, batchSize, OptimizerFactory.adam(Adam.Config.adamW(lr).withWeightDecay(weightDecay)),
                new LrSchedule.Cosine(epochs, 0), seed, true);
    }

    /** He et al.'s CIFAR recipe: SGD 0.1 ({@link Sgd.Config#heEtAl}), batch 128, rate / 10 at 50% and 75%, set per step. */
    public static TrainerConfig heEtAl(int epochs, long seed) {
        return new TrainerConfig(epochs, 128, OptimizerFactory.sgd(Sgd.Config.heEtAl(0.1)), LrSchedule.MultiStep.heEtAl(epochs),
                true, seed, true, 0);
    }

    /** This configuration with {@code e} epochs. */
    public TrainerConfig withEpochs(int e) { return new TrainerConfig(e, batchSize, optimizer, schedule, schedulePerStep, seed, shuffle, checkpointEvery, microBatches, shards); }
    /** This configuration with batches of {@code b} samples. */
    public TrainerConfig withBatchSize(int b) { return new TrainerConfig(epochs, b, optimizer, schedule, schedulePerStep, seed, shuffle, checkpointEvery, microBatches, shards); }
    /** This configuration with the optimizer that {@code o} makes for the parameters. */
    public TrainerConfig withOptimizer(OptimizerFactory o) { return new TrainerConfig(epochs, batchSize, o, schedule, schedulePerStep, seed, shuffle, checkpointEvery, microBatches, shards); }
    /** This configuration with learning-rate schedule {@code s}, set every step ({@code perStep}) or every epoch. */
    public TrainerConfig withSchedule(LrSchedule s, boolean perStep) { return new TrainerConfig(epochs, batchSize, optimizer, s, perStep, seed, shuffle, checkpointEvery, microBatches, shards); }
    /** This configuration with seed {@code s} for the data order (and whatever else the objective draws). */
    public TrainerConfig withSeed(long s) { return new TrainerConfig(epochs, batchSize, optimizer, schedule, schedulePerStep, s, shuffle, checkpointEvery, microBatches, shards); }
    /** This configuration with a checkpoint every {@code c} steps as well as at epoch ends (0: epoch ends only). */
    public TrainerConfig withCheckpointEvery(int c) { return new TrainerConfig(epochs, batchSize, optimizer, schedule, schedulePerStep, seed, shuffle, c, microBatches, shards); }
    /** This configuration splitting each batch into {@code m} fixed micro-batches whose gradients are summed in order. */
    public TrainerConfig withMicroBatches(int m) { return new TrainerConfig(epochs, batchSize, optimizer, schedule, schedulePerStep, seed, shuffle, checkpointEvery, m, shards); }
    /** Reads the data in the order of {@code s} shards ({@link Shards}), the micro-batches unchanged. */
    public TrainerConfig withShards(int s) { return new TrainerConfig(epochs, batchSize, optimizer, schedule, schedulePerStep, seed, shuffle, checkpointEvery, microBatches, s); }
    /**
     * Data-parallel training on one machine: {@code n} shards and {@code n} micro-batches, the
     * order and the result of training on {@code n} workers (what {@code --micro-batches n} does).
     */
    public TrainerConfig withDataParallel(int n) { return withShards(n).withMicroBatches(n); }
}
