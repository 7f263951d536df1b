package dev.residuum.run;

import dev.residuum.train.EpochMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of a run's {@code metrics.jsonl}: a finished epoch, or one step (experiments that
 * chart every iteration). Fractions are accuracies, named as in the commands' summaries
 * ({@code test_accuracy}); a value that does not apply is written as {@code null} and read back
 * as NaN.
 */
public sealed interface MetricsRecord permits MetricsRecord.Epoch, MetricsRecord.Step {
    /** The record's fields in file order (Double NaN for null). */
    Map<String, Object> fields();

    /** The start of a record's fields: the model's name when there is one. */
    private static Map<String, Object> named(String model) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (model != null) {
            f.put("model", model);
        }
        return f;
    }

    /**
     * A finished epoch ({@link EpochMetrics} plus, in a file of several models, the model's name).
     *
     * @param model the model's name, or null in a single-model run
     */
    record Epoch(String model, int epoch, long step, double lr, double trainLoss, double trainAccuracy, double testLoss,
                 double testAccuracy, double samplesPerSecond, double seconds, double heapAfterGcMb)
            implements MetricsRecord {
        /** The record of {@code m}, for the model named {@code model} (or null). */
        public static Epoch of(String model, EpochMetrics m) {
            return new Epoch(model, m.epoch(), m.globalStep(), m.lr(), m.trainLoss(), m.trainAccuracy(), m.testLoss(),
                    m.testAccuracy(), m.samplesPerSecond(), m.seconds(), m.heapAfterGcMb());
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = named(model);
            f.put("epoch", epoch);
            f.put("step", step);
            f.put("lr", lr);
            f.put("train_loss", trainLoss);
            f.put("train_accuracy", trainAccuracy);
            f.put("test_loss", testLoss);
            f.put("test_accuracy", testAccuracy);
            f.put("images_per_s", samplesPerSecond);
            f.put("seconds", seconds);
            f.put("heap_after_gc_mb", heapAfterGcMb);
            return f;
        }
    }

    /**
     * One optimizer step.
     *
     * @param model the model's name, or null in a single-model run
     * @param iteration optimizer steps since the start (1 for the first)
     * @param epoch 1-based epoch of the step
     * @param loss the step's batch loss
     * @param trainAccuracy the step's batch accuracy (NaN when not classifying)
     */
    record Step(String model, long iteration, int epoch, double loss, double trainAccuracy, double lr)
            implements MetricsRecord {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = named(model);
            f.put("iteration", iteration);
            f.put("epoch", epoch);
            f.put("loss", loss);
            f.put("train_accuracy", trainAccuracy);
            f.put("lr", lr);
            return f;
        }
    }
}
