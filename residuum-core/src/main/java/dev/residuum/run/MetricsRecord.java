package dev.residuum.run;

import dev.residuum.train.EpochMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a run's {@code metrics.jsonl}: a finished epoch, one step (experiments that
 * chart every iteration), or a probe of the model's blocks (stability instruments every K steps). Fractions are accuracies, named as in the commands' summaries
 * ({@code test_accuracy}); a value that does not apply is written as {@code null} and read back
 * as NaN.
 */
public sealed interface MetricsRecord permits MetricsRecord.Epoch, MetricsRecord.Step, MetricsRecord.Probe {
    /** The record's fields in file order (Double NaN for null). */
    Map<String, Object> fields();

    /** The 1-based epoch the record belongs to. */
    int epoch();

    /** The start of a record's fields: the model's name when there is one. */
    private static Map<String, Object> named(String model) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (model != null) {
            f.put("model", model);
        }
        return f;
    }

    /** The start of a per-step record's fields ({@link Step}, {@link Probe}): model, iteration, epoch. */
    private static Map<String, Object> atStep(String model, long iteration, int epoch) {
        Map<String, Object> f = named(model);
        f.put("iteration", iteration);
        f.put("epoch", epoch);
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
            Map<String, Object> f = atStep(model, iteration, epoch);
            f.put("loss", loss);
            f.put("train_accuracy", trainAccuracy);
            f.put("lr", lr);
            return f;
        }
    }

    /**
     * Quantities measured per block at one step (the stability instruments of a training run): for
     * each quantity name ({@code grad_input_norm}, {@code jacobian_spectral_norm}, {@code alpha}, ...)
     * one value per block, NaN where it does not apply.
     *
     * @param model the model's name, or null in a single-model run
     * @param iteration optimizer steps since the start
     * @param epoch 1-based epoch of the step
     * @param loss the loss at the probe batch
     * @param blocks the blocks' {@code state_dict} prefixes, in order
     * @param values quantity name to one value per block (copied; iteration order kept)
     */
    record Probe(String model, long iteration, int epoch, double loss, List<String> blocks,
                 Map<String, double[]> values) implements MetricsRecord {
        public Probe {
            blocks = List.copyOf(blocks);
            Map<String, double[]> copy = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : values.entrySet()) {
                if (e.getValue().length != blocks.size()) {
                    throw new IllegalArgumentException("MetricsRecord.Probe: '" + e.getKey() + "' has "
                            + e.getValue().length + " values for " + blocks.size() + " blocks");
                }
                copy.put(Objects.requireNonNull(e.getKey(), "name"), e.getValue().clone());
            }
            values = java.util.Collections.unmodifiableMap(copy);
        }

        /** The values of {@code quantity}, one per block (a copy), or null when not measured. */
        public double[] values(String quantity) {
            double[] v = values.get(quantity);
            return v == null ? null : v.clone();
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = atStep(model, iteration, epoch);
            f.put("probe_loss", loss);
            f.put("blocks", new ArrayList<>(blocks));
            Map<String, Object> v = new LinkedHashMap<>();
            values.forEach((k, a) -> v.put(k, a.clone()));
            f.put("values", v);
            return f;
        }
    }
}
