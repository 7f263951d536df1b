package dev.residuum.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link DataParallel} in {@code local[4]}: the single-process result with four micro-batches. */
class DataParallelLocal4Test {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = Spark.start("local[4]", "DataParallelLocal4Test");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void batchNormModelEqualsSingleProcessFourMicroBatches() {
        DataParallelCase.assertClose(DataParallelCase.local(DataParallelCase::resnet8, 4),
                DataParallelCase.spark(sc, DataParallelCase::resnet8, 4, FailureInjection.NONE), 1e-5);
    }
}
