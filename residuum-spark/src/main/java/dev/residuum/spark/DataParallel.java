package dev.residuum.spark;

import dev.residuum.data.Augmentation;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.GradientSource;
import dev.residuum.train.Gradients;
import dev.residuum.train.MicroBatches;
import dev.residuum.train.SampleBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel SGD on Spark, as the driver's {@link GradientSource}: at each step
 * the driver broadcasts the weights (a {@link Weights} snapshot numbered by the step), runs one
 * task per partition of the cached {@link TrainingSet} (partition {@code k} holds shard
 * {@code k} and computes share {@code k} of the global batch), collects the
 * {@link PartialGradient}s, sums them in partition order with {@link MicroBatches.Sum} and writes
 * the averaged buffers into the driver's model; the {@link dev.residuum.train.Trainer} then
 * applies the optimizer. The trainer reads the data in the order of {@code P} shards
 * ({@link dev.residuum.data.Shards}, {@link dev.residuum.train.TrainerConfig#withShards}), so
 * share {@code k} of every batch lies in shard {@code k}; with {@code P} partitions the result is
 * single-process training with {@link dev.residuum.train.TrainerConfig#withDataParallel
 * withDataParallel(P)} (the same order, the same split, the same ordered sum, the same batch-norm
 * rule); whichever task finishes first, the sum is the same. Spark's task retry is the fault
 * tolerance: a failed task is run again from the same broadcast weights, plan and shard.
 *
 * <pre>{@code
 * TrainingSet data = TrainingSet.of(sc, train, 2).load();
 * try (DataParallel dp = new DataParallel(sc, data, factory, net, Augmentation.STANDARD)) {
 *     var objective = new SparkImageClassification(net, data.shards().samples(), test, Augmentation.STANDARD, 256);
 *     new Trainer<>(objective, config.withShards(2), dp).fit(runDir, name, false, listener);
 * }
 * }</pre>
 */
public final class DataParallel implements GradientSource<SampleBatch>, AutoCloseable {
    private final JavaSparkContext sc;
    private final int parts;
    private final ModelFactory factory;
    private final Module model;
    private final Augmentation augmentation;
    private final String run = UUID.randomUUID().toString();
    private final TrainingSet data;
    private final int[] parameterSizes;
    private final List<Tensor> buffers;
    private FailureInjection failures = FailureInjection.NONE;
    private Broadcast<TaskSetup> setup;
    private long version;
    private StepTimes times = StepTimes.NONE;

    /**
     * Training over the partitions of {@code data}.
     *
     * @param data the cached training set: one task per partition and step; released by {@link #close}
     * @param factory builds the executors' models (the driver model's architecture)
     * @param model the driver's model: its weights are broadcast, its buffers updated; modified
     */
    public DataParallel(JavaSparkContext sc, TrainingSet data, ModelFactory factory, Module model,
                        Augmentation augmentation) {
        this.sc = Objects.requireNonNull(sc, "sc");
        this.data = Objects.requireNonNull(data, "data");
        this.parts = data.shards().count();
        this.factory = Objects.requireNonNull(factory, "factory");
        this.model = Objects.requireNonNull(model, "model");
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
        this.buffers = List.copyOf(model.namedBuffers().values());
        this.parameterSizes = model.parameters().stream().mapToInt(p -> p.value().numel()).toArray();
    }

    /** Partitions, i.e. shares per global batch. */
    public int parts() {
        return parts;
    }

    /** Makes the chosen task attempts fail (for tests of fault tolerance). */
    public DataParallel withFailures(FailureInjection f) {
        this.failures = Objects.requireNonNull(f, "failures");
        if (setup != null) {
            setup.destroy(false);
            setup = null;
        }
        return this;
    }

    /** The time split of the steps so far. */
    public StepTimes times() {
        return times;
    }

    /**
     * One step's gradients, computed by the partitions; the driver model's buffers are set to
     * the partitions' average.
     *
     * @param batch the global batch: its sample indices, and the augmentation generator's state
     *     after it (as {@link SparkImageClassification} makes them)
     */
    @Override
    public Gradients gradients(SampleBatch batch) {
        long t0 = System.nanoTime();
        long step = ++version;
        Weights w = Weights.of(step, model);
        Broadcast<Weights> bw = sc.broadcast(w);
        long t1 = System.nanoTime();
        Rng before = new Rng(batch.rngAfter());
        before.skip(-(long) batch.size() * augmentation.drawsPerImage());
        StepPlan plan = new StepPlan(step, batch.index(), batch.samples(), before.state(), parts);
        if (setup == null) {
            setup = sc.broadcast(new TaskSetup(run, factory, failures, augmentation.padding(), augmentation.flip()));
        }
        List<PartialGradient> results = data.partitions().mapPartitionsWithIndex(new ShareTask(setup, bw, plan), true)
                .collect();
        long t2 = System.nanoTime();
        List<PartialGradient> ordered = new ArrayList<>(results);
        ordered.sort((a, b) -> Integer.compare(a.part(), b.part()));
        MicroBatches.Sum sum = new MicroBatches.Sum(model.parameters(), buffers, batch.size());
        long slowest = 0;
        for (int k = 0; k < ordered.size(); k++) {
            PartialGradient p = ordered.get(k);
            if (p.part() != k || p.version() != step) {
                throw new IllegalStateException("DataParallel: partition " + k + " returned the result of partition "
                        + p.part() + " at step " + p.version() + " (step " + step + " expected)");
            }
            if (p.samples() > 0) {
                add(sum, p);
                slowest = Math.max(slowest, p.computeNanos());
            }
        }
        sum.writeBuffers(buffers);
        Gradients g = sum.gradients();
        bw.destroy(false);
        long t3 = System.nanoTime();
        times = times.plus((t1 - t0) / 1e9, slowest / 1e9, Math.max(0, t2 - t1 - slowest) / 1e9, (t3 - t2) / 1e9,
                w.bytes());
        return g;
    }

    /** Adds one partition's result to the sum: its flat values cut back into gradients and buffers. */
    private void add(MicroBatches.Sum sum, PartialGradient p) {
        float[][] grads = new float[parameterSizes.length][];
        int at = 0;
        for (int i = 0; i < grads.length; i++) {
            if (p.hasGradient()[i]) {
                grads[i] = Arrays.copyOfRange(p.values(), at, at + parameterSizes[i]);
                at += parameterSizes[i];
            }
        }
        float[][] after = new float[buffers.size()][];
        for (int i = 0; i < after.length; i++) {
            after[i] = Arrays.copyOfRange(p.values(), at, at + buffers.get(i).numel());
            at += buffers.get(i).numel();
        }
        if (at != p.values().length) {
            throw new IllegalStateException("DataParallel: partition " + p.part() + " returned " + p.values().length
                    + " values, " + at + " expected; the model factory builds another architecture");
        }
        sum.add(Gradients.wrap(model.parameters(), grads, p.loss(), p.samples(), p.correct()), after);
    }

    /** Drops the executors' replicas of this run and the cached training set. */
    @Override
    public void close() {
        String key = run;
        data.partitions().foreachPartition(it -> Replicas.release(key));
        data.release();
        if (setup != null) {
            setup.destroy(false);
        }
    }
}
