package dev.residuum.spark;

import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.data.Shards;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * The training set as an RDD of {@code P} partitions, partition {@code k} holding shard {@code k}
 * ({@link Shards}: samples {@code [floor(k n / P), floor((k + 1) n / P))}) as one
 * {@link ImageShard}, cached in memory: each partition is decoded once, and a partition lost
 * with its executor is decoded again from its source (Spark's lineage). Each step's task for
 * partition {@code k} reads its share of the global batch from there, so no image travels after
 * the first step.
 *
 * <p>Two sources: an {@link ImageSet} already in the driver's memory ({@link #of}: the driver
 * sends each shard once, to the executor that holds its partition) or a data folder read by the executors
 * themselves ({@link #read}: {@code hdfs://}, {@code file://}, ...; the driver reads only the
 * count).
 */
public final class TrainingSet {
    private final Shards shards;
    private final JavaRDD<ImageShard> partitions;
    private final List<Broadcast<ImageShard>> sent;

    private TrainingSet(Shards shards, JavaRDD<ImageShard> partitions, List<Broadcast<ImageShard>> sent) {
        this.shards = shards;
        this.partitions = partitions.persist(StorageLevel.MEMORY_ONLY());
        this.sent = sent;
    }

    /**
     * The shards of {@code train}, sent from the driver: one broadcast per shard, fetched only by
     * the executor whose partition reads it (and kept until {@link #release}, so that a lost
     * partition can be rebuilt). Not {@code parallelize} over the shards: a parallelized
     * collection's partition carries its data inside every task of every step.
     *
     * @param train not modified (each shard is copied out of it)
     * @param parts partitions, at least 1 and at most {@code train.size()}
     */
    public static TrainingSet of(JavaSparkContext sc, ImageSet train, int parts) {
        Shards shards = new Shards(train.size(), parts);
        List<Broadcast<ImageShard>> sent = new ArrayList<>(parts);
        for (int k = 0; k < parts; k++) {
            sent.add(sc.broadcast(ImageShard.of(train, shards, k)));
        }
        List<Broadcast<ImageShard>> handles = List.copyOf(sent);
        JavaRDD<ImageShard> rdd = sc.parallelize(IntStream.range(0, parts).boxed().toList(), parts)
                .map(k -> handles.get(k).value());
        return new TrainingSet(shards, rdd, handles);
    }

    /**
     * The shards of the training split of {@code files}, each read by the executor that holds it.
     *
     * @param limit the first {@code limit} samples ({@link Idx#ALL} for all)
     * @param parts partitions, at least 1 and at most the samples
     */
    public static TrainingSet read(JavaSparkContext sc, ImageFiles files, int limit, int parts) throws IOException {
        Objects.requireNonNull(files, "files");
        Shards shards = new Shards(Math.min(limit, files.count(Idx.TRAIN)), parts);
        int n = shards.samples(); // the task captures ints, not the (not serializable) Shards
        JavaRDD<ImageShard> rdd = sc.parallelize(IntStream.range(0, parts).boxed().toList(), parts).map(k -> {
            Shards own = new Shards(n, parts);
            int from = own.from(k), to = own.from(k + 1);
            ImageSet s = files.readUnchecked(Idx.TRAIN, from, to);
            return new ImageShard(k, from, s.images().shape().dims(), s.images().data(), s.labels());
        });
        return new TrainingSet(shards, rdd, List.of());
    }

    /** The shards: sizes and where each begins. */
    public Shards shards() {
        return shards;
    }

    /** The cached partitions, partition {@code k} holding shard {@code k}. */
    JavaRDD<ImageShard> partitions() {
        return partitions;
    }

    /** Decodes every partition now (so that a bad file fails before the first step, and step 1 is not slower). */
    public TrainingSet load() {
        long n = partitions.map(ImageShard::size).reduce(Integer::sum);
        if (n != shards.samples()) {
            throw new IllegalStateException("TrainingSet: the partitions hold " + n + " samples, " + shards.samples()
                    + " expected");
        }
        return this;
    }

    /** Drops the cached partitions (and the shards sent from the driver). */
    public void release() {
        partitions.unpersist(false);
        sent.forEach(b -> b.destroy(false));
    }
}
