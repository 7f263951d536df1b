package dev.residuum.spark;

import dev.residuum.data.Augmentation;
import dev.residuum.data.ImageSet;
import dev.residuum.nn.Module;
import dev.residuum.optim.Sgd;
import dev.residuum.train.ImageClassification;
import dev.residuum.train.OptimizerFactory;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The executor's copies of a run's model, one per task running at once, kept between steps (a
 * model and its scratch buffers are built once, not per step). Each task takes one, loads the
 * step's weights into it, computes, and hands it back; a replica whose task failed is dropped.
 */
final class Replicas {
    /** One model with the trainer whose forward and backward computes its gradients. */
    record Replica(Module model, ImageClassification objective, Trainer<ImageClassification.ImageBatch> trainer) {
    }

    private static final Map<String, ConcurrentLinkedQueue<Replica>> POOLS = new ConcurrentHashMap<>();

    private Replicas() {
    }

    /** A free replica of run {@code run}, built when none is free. */
    static Replica take(String run, ModelFactory factory, ImageSet train, Augmentation augmentation) {
        Replica r = POOLS.computeIfAbsent(run, k -> new ConcurrentLinkedQueue<>()).poll();
        if (r != null) {
            return r;
        }
        Module model = factory.create();
        ImageClassification objective = new ImageClassification(model, train, null, augmentation,
                ImageClassification.EVAL_BATCH);
        // the optimizer of this trainer never steps: the driver applies the summed gradients
        Trainer<ImageClassification.ImageBatch> trainer = new Trainer<>(objective,
                new TrainerConfig(1, 1, OptimizerFactory.sgd(Sgd.Config.of(0.1)), new dev.residuum.optim.LrSchedule.Constant(), 0, false));
        return new Replica(model, objective, trainer);
    }

    /** Hands a replica back after a task that succeeded. */
    static void give(String run, Replica r) {
        POOLS.computeIfAbsent(run, k -> new ConcurrentLinkedQueue<>()).offer(r);
    }

    /** Drops the replicas of a finished run (on this executor). */
    static void release(String run) {
        POOLS.remove(run);
    }
}
