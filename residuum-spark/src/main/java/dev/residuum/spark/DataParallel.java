package dev.residuum.spark;

import dev.residuum.data.Augmentation;
import dev.residuum.data.ImageSet;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.GradientSource;
import dev.residuum.train.Gradients;
import dev.residuum.train.MicroBatches;
import dev.residuum.train.SampleBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel SGD on Spark, as the driver's {@link GradientSource}: at each step
 * the driver broadcasts the weights (a {@link Weights} snapshot numbered by the step), runs one
 * task per partition (partition {@code k} always computes share {@code k} of
 * the global batch), collects the {@link PartialGradient}s, sums them in partition order with
 * {@link MicroBatches.Sum} and writes the averaged buffers into the driver's model; the
 * {@link dev.residuum.train.Trainer} then applies the optimizer. With {@code P} partitions the
 * result is single-process training with {@code P} micro-batches (the same split, the same
 * ordered sum, the same batch-norm rule); whichever task finishes first, the sum is the same.
 *
 * <p>The training images go to the executors once, as a broadcast (each executor deserialises
 * them once and its tasks share them): the run keeps single-process training's data order, in
 * which any sample may fall into any share, so every partition must reach every image (a
 * partition-local shard would mean partition-local sampling, another order). Spark's task retry
 * is the fault tolerance: a failed task is run again from the same broadcast weights and plan.
 *
 * <pre>{@code
 * try (DataParallel dp = new DataParallel(sc, 2, factory, net, train, Augmentation.STANDARD)) {
 *     var objective = new SparkImageClassification(net, train, test, Augmentation.STANDARD, 256);
 *     new Trainer<>(objective, config, dp).fit(runDir, name, false, listener);
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
    private final Broadcast<TrainingImages> data;
    private final JavaRDD<Integer> partitions;
    private final List<Tensor> buffers;
    private FailureInjection failures = FailureInjection.NONE;
    private long version;
    private StepTimes times = StepTimes.NONE;

    /**
     * Broadcasts the training images.
     *
     * @param parts partitions (tasks per step), at least 1
     * @param factory builds the executors' models (the driver model's architecture)
     * @param model the driver's model: its weights are broadcast, its buffers updated; modified
     * @param train the training images; not modified
     */
    public DataParallel(JavaSparkContext sc, int parts, ModelFactory factory, Module model, ImageSet train,
                        Augmentation augmentation) {
        this.sc = Objects.requireNonNull(sc, "sc");
        if (parts < 1) {
            throw new IllegalArgumentException("DataParallel: partitions must be at least 1, got " + parts);
        }
        this.parts = parts;
        this.factory = Objects.requireNonNull(factory, "factory");
        this.model = Objects.requireNonNull(model, "model");
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
        this.data = sc.broadcast(TrainingImages.of(train));
        this.partitions = sc.parallelize(IntStream.range(0, parts).boxed().toList(), parts);
        this.buffers = List.copyOf(model.namedBuffers().values());
    }

    /** Partitions, i.e. shares per global batch. */
    public int parts() {
        return parts;
    }

    /** Makes the chosen task attempts fail (for tests of fault tolerance). */
    public DataParallel withFailures(FailureInjection f) {
        this.failures = Objects.requireNonNull(f, "failures");
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
        List<PartialGradient> results = partitions.map(new ShareTask(run, factory, data, bw, plan, augmentation,
                failures)).collect();
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
                sum.add(Gradients.wrap(model.parameters(), p.gradients(), p.loss(), p.samples(), p.correct()),
                        p.buffers());
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

    /** Drops the executors' replicas of this run and the broadcast images. */
    @Override
    public void close() {
        String key = run;
        partitions.foreach(k -> Replicas.release(key));
        data.destroy(false);
    }
}
