package dev.residuum.spark;

import dev.residuum.data.Augmentation;
import dev.residuum.data.ImageSet;
import dev.residuum.nn.Module;
import dev.residuum.train.SampleBatch;
import dev.residuum.train.Trainer;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One image-classification run on Spark, for the CLI and the spark-submit entry point: a context
 * ({@link Spark#start}), a {@link DataParallel} over it and the driver's
 * {@link SparkImageClassification}; {@link #trainer} is a {@link Trainer} like a local run's
 * (same run folder, checkpoints, resume). Closing it stops the context.
 */
public final class SparkTraining implements AutoCloseable {
    private final JavaSparkContext sc;
    private final DataParallel parallel;
    private final SparkImageClassification objective;

    private SparkTraining(JavaSparkContext sc, DataParallel parallel, SparkImageClassification objective) {
        this.sc = sc;
        this.parallel = parallel;
        this.objective = objective;
    }

    /**
     * Starts the context and broadcasts the training images.
     *
     * @param master {@code local[N]}, {@code local[N,RETRIES]}, a master URL, or null for the one
     *     spark-submit set
     * @param parts partitions per step, or null for the local master's threads (a cluster's
     *     default parallelism)
     * @param model the driver's model; modified by training
     * @throws IllegalArgumentException if {@code master} is a malformed local master or
     *     {@code parts} is below 1
     */
    public static SparkTraining start(String master, Integer parts, ModelFactory factory, Module model, ImageSet train,
                                      ImageSet test, Augmentation augmentation, int evalBatch) {
        if (master != null) {
            Spark.localThreads(master); // a malformed local master is refused before anything starts
        }
        if (parts != null && parts < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + parts);
        }
        JavaSparkContext sc = Spark.start(master, "residuum train");
        try {
            int local = Spark.localThreads(sc.master());
            int p = parts != null ? parts : local > 0 ? local : sc.defaultParallelism();
            DataParallel dp = new DataParallel(sc, p, factory, model, train, augmentation);
            return new SparkTraining(sc, dp, new SparkImageClassification(model, train, test, augmentation, evalBatch));
        } catch (RuntimeException e) {
            sc.stop();
            throw e;
        }
    }

    /** A trainer whose gradients come from the partitions. */
    public Trainer<SampleBatch> trainer(Trainer.Config config) {
        return new Trainer<>(objective, Objects.requireNonNull(config, "config"), parallel);
    }

    /** The master URL. */
    public String master() {
        return sc.master();
    }

    /** Partitions per step. */
    public int parts() {
        return parallel.parts();
    }

    /** The step-time split so far. */
    public StepTimes times() {
        return parallel.times();
    }

    /** Releases the executors' replicas and stops the context. */
    @Override
    public void close() {
        try {
            parallel.close();
        } finally {
            sc.stop();
        }
    }
}
