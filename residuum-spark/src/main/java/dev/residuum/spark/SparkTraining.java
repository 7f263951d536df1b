package dev.residuum.spark;

import dev.residuum.data.Augmentation;
import dev.residuum.data.ImageSet;
import java.io.IOException;
import dev.residuum.nn.Module;
import dev.residuum.train.SampleBatch;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One image-classification run on Spark, for the CLI and the spark-submit entry point: a context
 * ({@link Spark#start}), the training set read by the executors into cached partitions
 * ({@link TrainingSet#read}), a {@link DataParallel} over them and the driver's
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
     * Starts the context and reads the training split of {@code files} into the cached partitions
     * (each executor reads its shards).
     *
     * @param master {@code local[N]}, {@code local[N,RETRIES]}, a master URL, or null for the one
     *     spark-submit set
     * @param parts partitions per step, or null for the local master's threads (a cluster's
     *     default parallelism)
     * @param limit the first {@code limit} training samples ({@link dev.residuum.data.Idx#ALL} for all)
     * @param model the driver's model; modified by training
     * @param test evaluated on the driver after each epoch, or null
     * @throws IllegalArgumentException if {@code master} is a malformed local master,
     *     {@code parts} is below 1 or above the training samples
     */
    public static SparkTraining start(String master, Integer parts, ModelFactory factory, Module model,
                                      ImageFiles files, int limit, ImageSet test, Augmentation augmentation,
                                      int evalBatch) throws IOException {
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
            TrainingSet data = TrainingSet.read(sc, files, limit, p).load();
            DataParallel dp = new DataParallel(sc, data, factory, model, augmentation);
            return new SparkTraining(sc, dp, new SparkImageClassification(model, data.shards().samples(), test,
                    augmentation, evalBatch));
        } catch (RuntimeException | IOException e) {
            sc.stop();
            throw e;
        }
    }

    /**
     * A trainer whose gradients come from the partitions.
     *
     * @param config reads the data in the order of {@link #parts()} shards ({@link TrainerConfig#withShards})
     * @throws IllegalArgumentException if it does not
     */
    public Trainer<SampleBatch> trainer(TrainerConfig config) {
        if (config.shards() != parallel.parts()) {
            throw new IllegalArgumentException("SparkTraining: the trainer reads " + config.shards() + " shards, the"
                    + " training set has " + parallel.parts() + " partitions; use TrainerConfig.withShards("
                    + parallel.parts() + ")");
        }
        return new Trainer<>(objective, config, parallel);
    }

    /** Samples in the training set. */
    public int trainingSamples() {
        return objective.size();
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
