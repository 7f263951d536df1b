package dev.residuum.spark;

import dev.residuum.data.Augmentation;
import dev.residuum.data.BatchLoader;
import dev.residuum.data.ImageSet;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.Gradients;
import dev.residuum.train.ImageClassification;
import dev.residuum.train.MicroBatches;
import dev.residuum.train.TrainerConfig;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The task of partition {@code k} at one step, run on an executor over the partition's cached
 * {@link ImageShard}: its share of the global batch ({@link MicroBatches#from}), all of whose
 * samples lie in the shard (the trainer's order is {@link dev.residuum.data.Shards}'s), prepared
 * and augmented exactly as the single-process loader would (the augmentation generator moved on
 * to the share's first image), then forward and backward on a {@link Replicas replica} holding
 * the step's weights. A task run again (after a failure) starts from the same broadcast weights,
 * plan and shard, so it returns the same result. The task itself is small: the plan (the global
 * batch's sample indices) and two broadcast handles (the run's {@link TaskSetup} and the step's
 * {@link Weights}).
 */
final class ShareTask implements Function2<Integer, Iterator<ImageShard>, Iterator<PartialGradient>> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<TaskSetup> setup;
    private final Broadcast<Weights> weights;
    private final StepPlan plan;

    ShareTask(Broadcast<TaskSetup> setup, Broadcast<Weights> weights, StepPlan plan) {
        this.setup = setup;
        this.weights = weights;
        this.plan = plan;
    }

    @Override
    public Iterator<PartialGradient> call(Integer part, Iterator<ImageShard> partition) {
        int k = part;
        ImageShard shard = partition.next();
        if (shard.part() != k || partition.hasNext()) {
            throw new IllegalStateException("ShareTask: partition " + k + " holds shard " + shard.part()
                    + (partition.hasNext() ? " and more" : "") + "; one shard per partition expected");
        }
        return List.of(compute(k, shard)).iterator();
    }

    private PartialGradient compute(int k, ImageShard shard) {
        int size = plan.samples().length;
        int from = MicroBatches.from(k, size, plan.parts()), to = MicroBatches.from(k + 1, size, plan.parts());
        if (from == to) {
            return new PartialGradient(k, plan.version(), null, null, 0, 0, 0, 0);
        }
        int n = to - from;
        int[] local = new int[n];
        for (int i = 0; i < n; i++) {
            local[i] = plan.samples()[from + i] - shard.first();
            if (local[i] < 0 || local[i] >= shard.size()) {
                throw new IllegalStateException("ShareTask: sample " + plan.samples()[from + i] + " of share " + k
                        + " at step " + plan.version() + " is not in shard " + k + " [" + shard.first() + ", "
                        + (shard.first() + shard.size()) + "); train in the order of " + plan.parts()
                        + " shards (TrainerConfig.withShards)");
            }
        }
        Weights w = weights.value();
        if (w.version() != plan.version()) {
            throw new IllegalStateException("ShareTask: weights of step " + w.version() + " for the plan of step "
                    + plan.version());
        }
        TaskSetup run = setup.value();
        Augmentation augmentation = run.augmentation();
        ImageSet train = shard.toImageSet();
        Replicas.Replica replica = Replicas.take(run.run(), run.factory(), train, augmentation);
        long t0 = System.nanoTime();
        w.loadInto(replica.model());
        int[] d = shard.dims();
        float[] images = new float[n * d[1] * d[2] * d[3]];
        int[] labels = new int[n];
        Rng rng = new Rng(plan.rngBefore());
        rng.skip((long) from * augmentation.drawsPerImage());
        BatchLoader.fill(train, local, 0, n, augmentation, rng, images, labels);
        Gradients g = replica.trainer().computeGradients(new ImageClassification.ImageBatch(
                new BatchLoader.Batch(plan.batchIndex(), images, labels, n, rng.state())));
        PartialGradient result = flatten(k, g, replica.model().namedBuffers().values(), System.nanoTime() - t0);
        TaskContext task = TaskContext.get();
        if (run.failures().fails(plan.version(), k, task == null ? 0 : task.attemptNumber())) {
            throw new IllegalStateException("ShareTask: injected failure at step " + plan.version() + ", partition " + k);
        }
        Replicas.give(run.run(), replica);
        return result;
    }

    /** The gradients and buffers in one array ({@link PartialGradient#values()}). */
    private PartialGradient flatten(int k, Gradients g, Collection<Tensor> buffers, long nanos) {
        int count = g.parameters().size();
        boolean[] has = new boolean[count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            has[i] = g.get(i) != null;
            total += has[i] ? g.get(i).length : 0;
        }
        for (Tensor b : buffers) {
            total += b.numel();
        }
        float[] values = new float[Math.toIntExact(total)];
        int at = 0;
        for (int i = 0; i < count; i++) {
            if (has[i]) {
                System.arraycopy(g.get(i), 0, values, at, g.get(i).length);
                at += g.get(i).length;
            }
        }
        for (Tensor b : buffers) {
            System.arraycopy(b.data(), 0, values, at, b.numel());
            at += b.numel();
        }
        return new PartialGradient(k, plan.version(), values, has, g.loss(), g.samples(), g.correct(), nanos);
    }
}
