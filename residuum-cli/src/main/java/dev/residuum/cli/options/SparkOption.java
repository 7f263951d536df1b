package dev.residuum.cli.options;

import dev.residuum.data.Augmentation;
import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.data.Shards;
import dev.residuum.nn.Module;
import dev.residuum.spark.ImageFiles;
import dev.residuum.spark.ModelFactory;
import dev.residuum.spark.Spark;
import dev.residuum.spark.SparkTraining;
import dev.residuum.train.ImageClassification;
import java.io.IOException;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code --spark MASTER} and {@code --micro-batches N}: data-parallel training, on Apache Spark or
 * in turn in one process, with the same data order ({@code data.Shards}) and the same result.
 * With {@code --spark} the executors read the training split themselves from {@code --data}
 * ({@link ImageFiles}: an IDX folder or CSV tables of images, a local path or any Hadoop URI such
 * as {@code hdfs://} or {@code file://}); the driver reads the test split.
 */
public final class SparkOption {
    @Option(names = "--micro-batches", paramLabel = "N",
            description = "Split each batch into N fixed micro-batches (each with its own batch-norm statistics, the"
                    + " running statistics averaged), sum their gradients in order, then one update; with --spark, the"
                    + " partitions per step (default 1; with --spark, the local master's threads).")
    Integer microBatches;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train data-parallel on Apache Spark: local[N], local[N,RETRIES] or a master URL; gives the"
                    + " result of --micro-batches N on one machine.")
    String master;

    /**
     * Checks {@code --micro-batches} and that a local master is well formed (before a run folder appears).
     *
     * @throws IllegalArgumentException one line naming the option and the value
     */
    public void check() {
        Require.atLeastIfGiven("--micro-batches", microBatches, 1);
        if (master != null) {
            Spark.localThreads(master);
        }
    }

    /**
     * What a run trains and evaluates on.
     *
     * @param name the data as named ({@code sample}, {@code fashion-mnist}, the folder or URI)
     * @param folder where it is
     * @param train the training split in this process, or null on Spark (the executors read {@code files})
     * @param test the test split, read here
     * @param files the folder as the executors read it, or null in this process
     * @param limit {@code --limit}, or {@link Idx#ALL}
     */
    public record Inputs(String name, String folder, ImageSet train, ImageSet test, ImageFiles files, int limit) {
    }

    /**
     * Reads the data of {@code images} ({@code --data}, {@code --limit}): both splits here, or on
     * Spark the test split here and only the location of the training split.
     *
     * @throws java.nio.file.NoSuchFileException one line saying what is missing
     * @throws IllegalArgumentException in this process, if {@code --batch} does not split into
     *     {@code --micro-batches} equal local batches ({@link Shards#batchSize})
     */
    public Inputs read(ImageTrainingOption images) throws IOException {
        int limit = images.limit == null ? Idx.ALL : images.limit;
        if (master == null) {
            ImageTrainingOption.Images local = images.read();
            // a batch that the shards cannot share evenly is refused now, before a run folder appears
            new Shards(local.train().size(), localParts()).batchSize(images.batch());
            return new Inputs(local.source().name(), local.source().dir().toString(), local.train(), local.test(), null,
                    limit);
        }
        String spec = images.data.spec().trim();
        String folder = Set.of(DataSource.SAMPLE, DataSource.FASHION_MNIST).contains(spec)
                ? DataSource.resolve(spec).dir().toAbsolutePath().toString() : spec;
        ImageFiles files = ImageFiles.locate(folder);
        ImageSet test = files.read(Idx.TEST, 0, Math.min(limit, files.count(Idx.TEST)));
        return new Inputs(spec, folder, null, test, files, limit);
    }

    /**
     * Starts Spark ({@code --spark}) with {@code --micro-batches} partitions (the local master's
     * threads when absent) and the training split read into them.
     *
     * @param factory the executors' model (the driver's architecture)
     * @param model the driver's model; modified by training
     * @param data from {@link #read}
     */
    public SparkTraining start(ModelFactory factory, Module model, Inputs data, Augmentation augmentation)
            throws IOException {
        return SparkTraining.start(master, microBatches, factory, model, data.files(), data.limit(), data.test(),
                augmentation, ImageClassification.EVAL_BATCH);
    }

    /** {@code --spark}, or null for a run in this process. */
    public String master() {
        return master;
    }

    /** {@code --micro-batches}, or null. */
    public Integer microBatches() {
        return microBatches;
    }

    /** The micro-batches (and shards) of a run in this process: {@code --micro-batches}, 1 when absent. */
    public int localParts() {
        return microBatches == null ? 1 : microBatches;
    }
}
