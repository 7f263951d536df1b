package dev.residuum.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link Trainer} run stands between two steps: everything besides the weights and
 * optimizer buffers that a resumed run needs to continue bit for bit.
 *
 * @param model the model's name as the run was started (a resume must build the same one)
 * @param epoch the epoch in progress (0-based; equal to the run's epochs when finished)
 * @param stepInEpoch batches of {@code epoch} already done
 * @param globalStep optimizer steps since the start of the run
 * @param epochRngState state of the data generator at the start of {@code epoch}, before the
 *     epoch's shuffle (the shuffle is redone from it on resume)
 * @param augmentRngState state of the data generator after the last batch done in this epoch
 *     (after the shuffle when no batch is done yet); augmentation draws from it
 * @param lossSum sum over the epoch's done batches of batch loss times batch size
 * @param correct training samples of the epoch classified correctly so far (0 when not classifying)
 * @param seen training samples of the epoch seen so far
 * @param lr learning rate of the last step
 */
public record TrainingState(String model, int epoch, int stepInEpoch, long globalStep, long epochRngState,
                            long augmentRngState, double lossSum, long correct, long seen, double lr) {
    public TrainingState {
        Objects.requireNonNull(model, "model");
        if (epoch < 0 || stepInEpoch < 0 || globalStep < 0 || seen < 0 || correct < 0 || correct > seen) {
            throw new IllegalArgumentException("TrainingState: counters must be non-negative with correct <= seen,"
                    + " got epoch " + epoch + ", step " + stepInEpoch + ", global step " + globalStep + ", correct "
                    + correct + " of " + seen);
        }
    }

    /** The state at the start of a run whose data generator starts at {@code rngState}. */
    public static TrainingState start(String model, long rngState, double lr) {
        return new TrainingState(model, 0, 0, 0, rngState, rngState, 0, 0, 0, lr);
    }

    /** As string pairs (safetensors metadata; checkpoint JSON), keys in a fixed order. */
    public Map<String, String> toStrings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("epoch", Integer.toString(epoch));
        m.put("step_in_epoch", Integer.toString(stepInEpoch));
        m.put("global_step", Long.toString(globalStep));
        m.put("epoch_rng_state", Long.toString(epochRngState));
        m.put("augment_rng_state", Long.toString(augmentRngState));
        m.put("loss_sum", Double.toString(lossSum));
        m.put("correct", Long.toString(correct));
        m.put("seen", Long.toString(seen));
        m.put("lr", Double.toString(lr));
        return m;
    }

    /**
     * Parses {@link #toStrings()}.
     *
     * @param where names the source in messages
     * @throws IllegalArgumentException naming the missing or malformed key
     */
    public static TrainingState fromStrings(Map<String, String> m, String where) {
        try {
            return new TrainingState(need(m, "model", where), Integer.parseInt(need(m, "epoch", where)),
                    Integer.parseInt(need(m, "step_in_epoch", where)), Long.parseLong(need(m, "global_step", where)),
                    Long.parseLong(need(m, "epoch_rng_state", where)), Long.parseLong(need(m, "augment_rng_state", where)),
                    Double.parseDouble(need(m, "loss_sum", where)), Long.parseLong(need(m, "correct", where)),
                    Long.parseLong(need(m, "seen", where)), Double.parseDouble(need(m, "lr", where)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": malformed training state: " + e.getMessage());
        }
    }

    private static String need(Map<String, String> m, String key, String where) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException(where + ": training state lacks '" + key + "'; not a Residuum checkpoint");
        }
        return v;
    }
}
