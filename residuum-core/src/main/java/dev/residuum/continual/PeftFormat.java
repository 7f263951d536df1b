package dev.residuum.continual;

import dev.residuum.io.AtomicFile;
import dev.residuum.io.Json;
import dev.residuum.io.JsonObject;
import dev.residuum.io.Safetensors;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One adapter alone on disk, in PEFT's format ({@code save_pretrained} /
 * {@code PeftModel.from_pretrained}): a folder with
 * <ul>
 *   <li>{@value #WEIGHTS}: {@code base_model.model.<module>.lora_A.weight} and
 *       {@code ...lora_B.weight} per adapted module (the adapter's name stripped), float32,
 *       metadata {@code {"format": "pt"}};</li>
 *   <li>{@value #CONFIG}: {@code peft_type "LORA"}, {@code r}, {@code lora_alpha},
 *       {@code lora_dropout}, {@code target_modules} (a list of names, or one regular expression
 *       as a string), {@code use_rslora}, {@code bias "none"}, {@code fan_in_fan_out false} and
 *       PEFT's other fields at their neutral values.</li>
 * </ul>
 * Reading is strict: a field Residuum does not implement at a value that changes the adapter
 * (DoRA, a bias other than "none", rank or alpha patterns, {@code modules_to_save}, ...) and a
 * field it does not know are errors, never ignored.
 */
public final class PeftFormat {
    /** The weights file's name. */
    public static final String WEIGHTS = "adapter_model.safetensors";
    /** The configuration file's name. */
    public static final String CONFIG = "adapter_config.json";
    private static final String PREFIX = "base_model.model.";

    /** Fields whose value only describes the run (any value is accepted). */
    private static final Set<String> DESCRIPTIVE = Set.of("base_model_name_or_path", "revision", "task_type",
            "inference_mode", "auto_mapping", "megatron_core", "layers_pattern", "peft_version", "init_lora_weights",
            "runtime_config", "eva_config", "corda_config");

    /** Fields Residuum does not implement, and the values that leave the adapter plain LoRA. */
    private static final Map<String, Predicate<Object>> NEUTRAL = Map.ofEntries(
            Map.entry("bias", v -> "none".equals(v)),
            Map.entry("fan_in_fan_out", v -> Boolean.FALSE.equals(v)),
            Map.entry("use_dora", v -> Boolean.FALSE.equals(v)),
            Map.entry("lora_bias", v -> Boolean.FALSE.equals(v)),
            Map.entry("use_qalora", v -> Boolean.FALSE.equals(v)),
            Map.entry("rank_pattern", PeftFormat::nullOrEmpty),
            Map.entry("alpha_pattern", PeftFormat::nullOrEmpty),
            Map.entry("modules_to_save", PeftFormat::nullOrEmpty),
            Map.entry("exclude_modules", PeftFormat::nullOrEmpty),
            Map.entry("layers_to_transform", Objects::isNull),
            Map.entry("layer_replication", Objects::isNull),
            Map.entry("loftq_config", PeftFormat::nullOrEmpty),
            Map.entry("megatron_config", Objects::isNull),
            Map.entry("trainable_token_indices", Objects::isNull),
            Map.entry("target_parameters", PeftFormat::nullOrEmpty));

    private PeftFormat() {
    }

    /** PEFT's saved name of a tensor of the adapter on module {@code path}: {@code base_model.model.<path>.<which>.weight}. */
    static String key(String path, String which) {
        return PREFIX + (path.isEmpty() ? "" : path + ".") + which + ".weight";
    }

    /**
     * Writes adapter {@code name} of {@code store} into {@code dir} (created if absent; both files
     * replaced atomically).
     */
    public static void save(AdapterStore store, String name, Path dir) throws IOException {
        LoraConfig config = store.config(name);
        Files.createDirectories(dir);
        Safetensors.write(dir.resolve(WEIGHTS), store.peftState(name), Map.of("format", "pt"));
        byte[] json = (Json.write(toJson(config), Json.Style.INDENTED) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(dir.resolve(CONFIG), out -> out.write(json));
    }

    /**
     * Reads the adapter in {@code dir} and adds it to {@code store} as {@code name}: created on the
     * modules its {@code target_modules} select, then filled from the weights file.
     *
     * @return its configuration
     * @throws IllegalArgumentException if the configuration is not a LoRA Residuum can apply, or the
     *     weights do not fit the model (nothing is added then)
     */
    public static LoraConfig load(AdapterStore store, String name, Path dir) throws IOException {
        LoraConfig config = readConfig(dir.resolve(CONFIG));
        Map<String, Tensor> weights = Safetensors.read(dir.resolve(WEIGHTS));
        store.add(name, config);
        try {
            store.loadPeftState(name, weights);
        } catch (IllegalArgumentException e) {
            store.delete(name);
            throw new IllegalArgumentException(dir.resolve(WEIGHTS) + ": " + e.getMessage(), e);
        }
        return config;
    }

    /** {@code config} as PEFT's {@value #CONFIG}. */
    public static JsonObject toJson(LoraConfig config) {
        JsonObject o = new JsonObject();
        o.put("alpha_pattern", new JsonObject());
        o.put("base_model_name_or_path", null);
        o.put("bias", "none");
        o.put("fan_in_fan_out", false);
        o.put("inference_mode", true);
        o.put("init_lora_weights", true);
        o.put("layers_pattern", null);
        o.put("layers_to_transform", null);
        o.put("lora_alpha", config.alpha());
        o.put("lora_dropout", config.dropout());
        o.put("modules_to_save", null);
        o.put("peft_type", "LORA");
        o.put("r", config.r());
        o.put("rank_pattern", new JsonObject());
        o.put("revision", null);
        TargetModules t = config.targets();
        o.put("target_modules", t.regex() != null ? t.regex() : t.names());
        o.put("task_type", null);
        o.put("use_dora", false);
        o.put("use_rslora", config.useRslora());
        return o;
    }

    /**
     * Reads PEFT's {@value #CONFIG}.
     *
     * @throws IllegalArgumentException naming the file and the field, for anything but a plain LoRA
     */
    public static LoraConfig readConfig(Path file) throws IOException {
        String text = dev.residuum.io.TextFiles.read(file, "a PEFT adapter_config.json");
        try {
            return fromJson(Json.parseObject(text));
        } catch (IllegalArgumentException e) { // JsonException included
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #readConfig}, from the parsed object. */
    public static LoraConfig fromJson(JsonObject o) {
        if (!o.has("peft_type") || !"LORA".equals(o.get("peft_type"))) {
            throw new IllegalArgumentException("peft_type must be \"LORA\", got " + Json.show(o.get("peft_type")));
        }
        List<String> unknown = new ArrayList<>(), unsupported = new ArrayList<>();
        for (String k : o.names()) {
            Set<String> read = Set.of("peft_type", "r", "lora_alpha", "lora_dropout", "target_modules", "use_rslora");
            if (NEUTRAL.containsKey(k)) {
                if (!NEUTRAL.get(k).test(o.get(k))) {
                    unsupported.add(k + " = " + Json.show(o.get(k)));
                }
            } else if (!read.contains(k) && !DESCRIPTIVE.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException("unsupported LoRA options " + unsupported + ": Residuum applies plain LoRA"
                    + " only (bias \"none\", no DoRA, no rank or alpha pattern, no modules_to_save)");
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown fields " + unknown + " in a LoRA adapter_config.json");
        }
        long r = o.integer("r");
        if (r < 1 || r > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("r must be a positive int, got " + r);
        }
        Object t = o.get("target_modules");
        TargetModules targets;
        if (t instanceof String s) {
            targets = TargetModules.matching(s);
        } else if (t instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
            targets = new TargetModules(list.stream().map(String.class::cast).toList(), null);
        } else {
            throw new IllegalArgumentException("target_modules must be a non-empty list of module names or a regular"
                    + " expression, got " + Json.show(t));
        }
        double dropout = o.has("lora_dropout") && o.get("lora_dropout") != null ? o.number("lora_dropout") : 0;
        boolean rslora = o.has("use_rslora") && o.get("use_rslora") != null && o.bool("use_rslora");
        return new LoraConfig((int) r, o.number("lora_alpha"), dropout, targets, rslora);
    }

    private static boolean nullOrEmpty(Object v) {
        return v == null || (v instanceof JsonObject j && j.size() == 0) || (v instanceof List<?> l && l.isEmpty());
    }
}
