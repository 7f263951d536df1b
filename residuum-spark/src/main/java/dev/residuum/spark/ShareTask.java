package dev.residuum.spark;

import dev.residuum.data.Augmentation;
import dev.residuum.data.BatchLoader;
import dev.residuum.data.ImageSet;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.Gradients;
import dev.residuum.train.ImageClassification;
import dev.residuum.train.MicroBatches;
import java.util.Collection;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * The task of partition {@code k} at one step, run on an executor: its share of the global batch
 * ({@link MicroBatches#from}), prepared and augmented exactly as the single-process loader would
 * (the augmentation generator moved on to the share's first image), then forward and backward on
 * a {@link Replicas replica} holding the step's weights. A task run again (after a failure)
 * starts from the same broadcast weights and plan, so it returns the same result.
 */
final class ShareTask implements Function<Integer, PartialGradient> {
    private static final long serialVersionUID = 1L;

    private final String run;
    private final ModelFactory factory;
    private final Broadcast<TrainingImages> data;
    private final Broadcast<Weights> weights;
    private final StepPlan plan;
    private final int padding;
    private final boolean flip;
    private final FailureInjection failures;

    ShareTask(String run, ModelFactory factory, Broadcast<TrainingImages> data, Broadcast<Weights> weights,
              StepPlan plan, Augmentation augmentation, FailureInjection failures) {
        this.run = run;
        this.factory = factory;
        this.data = data;
        this.weights = weights;
        this.plan = plan;
        this.padding = augmentation.padding();
        this.flip = augmentation.flip();
        this.failures = failures;
    }

    @Override
    public PartialGradient call(Integer part) {
        int k = part;
        int size = plan.samples().length;
        int from = MicroBatches.from(k, size, plan.parts()), to = MicroBatches.from(k + 1, size, plan.parts());
        if (from == to) {
            return new PartialGradient(k, plan.version(), null, null, 0, 0, 0, 0);
        }
        Weights w = weights.value();
        if (w.version() != plan.version()) {
            throw new IllegalStateException("ShareTask: weights of step " + w.version() + " for the plan of step "
                    + plan.version());
        }
        Augmentation augmentation = new Augmentation(padding, flip);
        ImageSet train = data.value().toImageSet();
        Replicas.Replica replica = Replicas.take(run, factory, train, augmentation);
        long t0 = System.nanoTime();
        w.loadInto(replica.model());
        int[] d = train.images().shape().dims();
        int n = to - from;
        float[] images = new float[n * d[1] * d[2] * d[3]];
        int[] labels = new int[n];
        Rng rng = new Rng(plan.rngBefore());
        rng.skip((long) from * augmentation.drawsPerImage());
        BatchLoader.fill(train, plan.samples(), from, n, augmentation, rng, images, labels);
        Gradients g = replica.trainer().computeGradients(new ImageClassification.ImageBatch(
                new BatchLoader.Batch(plan.batchIndex(), images, labels, n, rng.state())));
        float[][] grads = new float[g.parameters().size()][];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = g.get(i) == null ? null : g.get(i).clone();
        }
        Collection<Tensor> buffers = replica.model().namedBuffers().values();
        float[][] after = new float[buffers.size()][];
        int i = 0;
        for (Tensor b : buffers) {
            after[i++] = b.data().clone();
        }
        long nanos = System.nanoTime() - t0;
        TaskContext task = TaskContext.get();
        if (failures.fails(plan.version(), k, task == null ? 0 : task.attemptNumber())) {
            throw new IllegalStateException("ShareTask: injected failure at step " + plan.version() + ", partition " + k);
        }
        Replicas.give(run, replica);
        return new PartialGradient(k, plan.version(), grads, after, g.loss(), g.samples(), g.correct(), nanos);
    }
}
