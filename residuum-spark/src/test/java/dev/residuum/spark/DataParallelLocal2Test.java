package dev.residuum.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * {@link DataParallel} in {@code local[2,2]} (two task threads, a failed task tried once more):
 * the single-process result with as many micro-batches, and a retried task changes nothing.
 */
class DataParallelLocal2Test {
    private static JavaSparkContext sc;
    private static final AtomicInteger INJECTED = new AtomicInteger();

    @BeforeAll
    static void start() {
        sc = Spark.start("local[2,2]", "DataParallelLocal2Test");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void batchNormModelEqualsSingleProcessTwoMicroBatches() {
        Module twoMicroBatches = DataParallelCase.local(DataParallelCase::resnet8, 2, 2);
        DataParallelCase.assertClose(twoMicroBatches,
                DataParallelCase.spark(sc, DataParallelCase::resnet8, 2, FailureInjection.NONE), 1e-5);
        // the tolerance tells the rules apart: one micro-batch (statistics over the whole batch) in the
        // same order is elsewhere
        assertThrows(AssertionFailedError.class, () -> DataParallelCase.assertClose(twoMicroBatches,
                DataParallelCase.local(DataParallelCase::resnet8, 2, 1), 1e-5));
    }

    @Test
    void modelWithoutBatchNormEqualsPlainSingleProcessTrainingInTheSameOrder() {
        DataParallelCase.assertClose(DataParallelCase.local(DataParallelCase::softmax, 2, 1),
                DataParallelCase.spark(sc, DataParallelCase::softmax, 2, FailureInjection.NONE), 1e-5);
    }

    @Test
    void aTaskThatFailsIsRecomputedAndTheResultIsUnchanged() {
        Module clean = DataParallelCase.spark(sc, DataParallelCase::resnet8, 2, FailureInjection.NONE);
        INJECTED.set(0);
        Module retried = DataParallelCase.spark(sc, DataParallelCase::resnet8, 2, (version, part, attempt) -> {
            boolean fail = version == 3 && part == 1 && attempt == 0;
            if (fail) {
                INJECTED.incrementAndGet(); // local mode: the executor is this JVM
            }
            return fail;
        });
        assertEquals(1, INJECTED.get(), "the injected failure happened once");
        Map<String, Tensor> a = clean.stateDict(), b = retried.stateDict();
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).data(), b.get(k).data(), k); // the same computation, run again
        }
        assertTrue(a.containsKey("bn.running_mean"));
    }
}
