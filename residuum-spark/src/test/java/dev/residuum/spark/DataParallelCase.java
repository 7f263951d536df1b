package dev.residuum.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.residuum.data.Augmentation;
import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.optim.LrSchedule;
import dev.residuum.optim.Sgd;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.ImageClassification;
import dev.residuum.train.OptimizerFactory;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import dev.residuum.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/** Shared by the Spark tests: small models, the shipped sample, the two ways of training and the comparison. */
final class DataParallelCase {
    static final ImageSet TRAIN;
    static final ImageSet TEST;

    static {
        try {
            DataSource sample = DataSource.resolve("sample");
            TRAIN = sample.read(Idx.TRAIN, 96);
            TEST = sample.read(Idx.TEST, 32);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DataParallelCase() {
    }

    /** 2 epochs of 6 steps of 16, momentum and weight decay, a cosine schedule set per step. */
    static TrainerConfig config() {
        return new TrainerConfig(2, 16, OptimizerFactory.sgd(new Sgd.Config(0.05, 0.9, 0, 1e-4, false)),
                new LrSchedule.Cosine(2, 0), true, 11, true, 0);
    }

    /** ResNet-8: batch norm everywhere. */
    static Module resnet8() {
        return new CifarResNet(CifarResNet.Config.of("resnet8"), new Rng(5));
    }

    /** Softmax regression on the flattened image: no batch norm. */
    static Module softmax() {
        return new FlatLinear(new Linear(28 * 28, 10, true, new Rng(5)));
    }

    /** A linear layer over the flattened image. */
    static final class FlatLinear extends Module {
        private final Linear linear;

        FlatLinear(Linear linear) {
            this.linear = child("fc", linear);
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            return linear.forward(x.reshape(x.shape().dim(0), x.numel() / x.shape().dim(0)), training);
        }
    }

    /** Single-process training in the order of {@code shards} shards with {@code microBatches}. */
    static Module local(ModelFactory factory, int shards, int microBatches) {
        Module m = factory.create();
        new Trainer<>(new ImageClassification(m, TRAIN, TEST, Augmentation.STANDARD, 64),
                config().withShards(shards).withMicroBatches(microBatches)).fit();
        return m;
    }

    /** Training on Spark with {@code parts} partitions, the data sent from the driver. */
    static Module spark(JavaSparkContext sc, ModelFactory factory, int parts, FailureInjection failures) {
        return spark(sc, factory, TrainingSet.of(sc, TRAIN, parts), failures);
    }

    /** Training on Spark over the partitions of {@code data}. */
    static Module spark(JavaSparkContext sc, ModelFactory factory, TrainingSet data, FailureInjection failures) {
        Module m = factory.create();
        try (DataParallel dp = new DataParallel(sc, data.load(), factory, m, Augmentation.STANDARD)
                .withFailures(failures)) {
            TrainingResult r = new Trainer<>(new SparkImageClassification(m, TRAIN.size(), TEST, Augmentation.STANDARD,
                    64), config().withShards(data.shards().count()), dp).fit();
            assertEquals(12, r.state().globalStep());
            assertEquals(12, dp.times().steps());
        }
        return m;
    }

    /** Every parameter and buffer within {@code tolerance} (relative above 1). */
    static void assertClose(Module want, Module got, double tolerance) {
        Map<String, Tensor> a = want.stateDict(), b = got.stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            float[] x = a.get(k).data(), y = b.get(k).data();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], tolerance * Math.max(1, Math.abs(x[i])), k + "[" + i + "]");
            }
        }
    }
}
