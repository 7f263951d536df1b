package dev.residuum.train;

import dev.residuum.io.AtomicFile;
import dev.residuum.io.Json;
import dev.residuum.io.JsonException;
import dev.residuum.io.JsonObject;
import dev.residuum.io.Safetensors;
import dev.residuum.io.TextFiles;
import dev.residuum.nn.Module;
import dev.residuum.optim.Optimizer;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's checkpoint in its folder: {@value #WEIGHTS} (the model's {@code state_dict} under
 * PyTorch's names, the optimizer's buffers as {@code optimizer.<parameter index>.<buffer>}, and
 * the {@link TrainingState}, the optimizer's step count and rate, and the
 * {@link ComputeEnvironment} — thread count and kernels — in the safetensors metadata) and
 * {@value #STATE} (the same state, readable).
 *
 * <p>Format versions: 1 had no {@code format} entry and no environment; 2 adds
 * {@code "format": 2} and the environment. Both load; a saved file of each guards the format in
 * the tests.
 *
 * <p>The safetensors file is the commit point: it holds everything and is written first, atomically
 * ({@link AtomicFile}: temporary file, fsync, rename), so a write interrupted at any moment leaves
 * the previous checkpoint whole. The JSON is written after it, atomically too; a kill between the
 * two leaves a JSON one checkpoint behind, which {@link #load} accepts (the safetensors file wins).
 * A JSON <em>ahead</em> of the safetensors file cannot come from an interrupted write, so files
 * that do not belong together are refused.
 */
public final class Checkpoint {
    /** Weights, optimizer buffers and state. */
    public static final String WEIGHTS = "checkpoint.safetensors";
    /** The state as JSON, for people and scripts. */
    public static final String STATE = "checkpoint.json";
    /** The format this class writes. */
    public static final int FORMAT = 2;
    private static final String OPTIMIZER_PREFIX = "optimizer.";

    private Checkpoint() {
    }

    /** Whether {@code dir} holds a checkpoint to resume from. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(WEIGHTS));
    }

    /**
     * The state of the checkpoint in {@code dir} without loading its tensors (the header is still
     * validated).
     *
     * @throws NoSuchFileException if there is no checkpoint
     */
    public static TrainingState peek(Path dir) throws IOException {
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new NoSuchFileException(weights.toString(), null, "no checkpoint to resume from");
        }
        return TrainingState.fromStrings(Safetensors.readMetadata(weights), weights.toString());
    }

    /**
     * The thread count and kernels the checkpoint in {@code dir} was written with, or null for a
     * checkpoint of format 1 (which did not record them).
     *
     * @throws NoSuchFileException if there is no checkpoint
     */
    public static ComputeEnvironment environment(Path dir) throws IOException {
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new NoSuchFileException(weights.toString(), null, "no checkpoint to resume from");
        }
        return ComputeEnvironment.fromStrings(Safetensors.readMetadata(weights), weights.toString());
    }

    /** Writes a checkpoint of this process's {@link ComputeEnvironment#current() environment}. */
    public static void save(Path dir, Module model, Optimizer optimizer, TrainingState state) throws IOException {
        save(dir, model, optimizer, state, ComputeEnvironment.current());
    }

    /**
     * Writes a checkpoint into {@code dir} (created if missing).
     *
     * @param model not modified
     * @param optimizer not modified
     * @param environment recorded so that a resume can tell whether it will be bit-exact
     */
    public static void save(Path dir, Module model, Optimizer optimizer, TrainingState state,
                            ComputeEnvironment environment) throws IOException {
        Files.createDirectories(dir);
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        Optimizer.State opt = optimizer.exportState();
        for (Map.Entry<String, float[]> e : opt.buffers().entrySet()) {
            tensors.put(OPTIMIZER_PREFIX + e.getKey(), Tensor.wrap(e.getValue(), Shape.of(e.getValue().length)));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", Integer.toString(FORMAT));
        meta.putAll(state.toStrings());
        meta.put("optimizer_step", Long.toString(opt.step()));
        meta.put("optimizer_lr", Double.toString(opt.lr()));
        meta.putAll(environment.toStrings());
        Safetensors.write(dir.resolve(WEIGHTS), tensors, meta);
        byte[] bytes = (Json.write(stateJson(meta), Json.Style.INDENTED) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(dir.resolve(STATE), out -> out.write(bytes));
    }

    /**
     * Restores a checkpoint of {@code dir} into a freshly built model and optimizer of the same
     * architecture and kind.
     *
     * @param model modified: parameters and buffers (all or nothing, strict names)
     * @param optimizer modified: buffers, step count, rate
     * @return the state to continue from
     * @throws NoSuchFileException if there is no checkpoint
     * @throws IllegalArgumentException if the JSON does not belong to the safetensors file, or
     *     the saved state is malformed
     */
    public static TrainingState load(Path dir, Module model, Optimizer optimizer) throws IOException {
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new NoSuchFileException(weights.toString(), null, "no checkpoint to resume from");
        }
        Map<String, Tensor> all = Safetensors.read(weights);
        Map<String, String> meta = Safetensors.readMetadata(weights);
        String format = meta.getOrDefault("format", "1");
        if (!format.equals("1") && !format.equals(Integer.toString(FORMAT))) {
            throw new IllegalArgumentException(weights + ": checkpoint format " + format + " is newer than this Residuum"
                    + " reads (1 to " + FORMAT + "); resume it with a newer version");
        }
        TrainingState state = TrainingState.fromStrings(meta, weights.toString());
        Path json = dir.resolve(STATE);
        if (Files.isRegularFile(json)) {
            long jsonStep;
            try {
                jsonStep = Json.parseObject(TextFiles.read(json, "a checkpoint's JSON state")).integer("global_step");
            } catch (JsonException e) {
                throw new IllegalArgumentException(json + ": not a Residuum checkpoint's state (" + e.getMessage() + ")");
            }
            if (jsonStep > state.globalStep()) {
                throw new IllegalArgumentException(json + " is at step " + jsonStep + " but " + weights + " at step "
                        + state.globalStep() + "; the two files do not belong to the same checkpoint");
            }
        }
        Map<String, Tensor> modelPart = new LinkedHashMap<>();
        Map<String, float[]> buffers = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : all.entrySet()) {
            if (e.getKey().startsWith(OPTIMIZER_PREFIX)) {
                buffers.put(e.getKey().substring(OPTIMIZER_PREFIX.length()), e.getValue().data());
            } else {
                modelPart.put(e.getKey(), e.getValue());
            }
        }
        model.loadStateDict(modelPart);
        try {
            optimizer.importState(new Optimizer.State(Long.parseLong(meta.getOrDefault("optimizer_step", "0")),
                    Double.parseDouble(meta.getOrDefault("optimizer_lr", Double.toString(state.lr()))), buffers));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(weights + ": malformed optimizer state: " + e.getMessage());
        }
        return state;
    }

    /** The metadata as the readable JSON: text entries as strings, the others as numbers. */
    private static JsonObject stateJson(Map<String, String> meta) {
        JsonObject json = new JsonObject();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            String key = e.getKey(), value = e.getValue();
            boolean text = key.equals("model") || ComputeEnvironment.isText(key);
            json.put(key, text ? value : number(value));
        }
        return json;
    }

    private static Number number(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return Double.parseDouble(value);
        }
    }
}
