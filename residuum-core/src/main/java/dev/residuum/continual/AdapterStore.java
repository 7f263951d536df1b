package dev.residuum.continual;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.AdaptableLayer;
import dev.residuum.nn.LayerAdapter;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Named low-rank adapters on one model, PEFT's LoRA model: the backbone frozen (bias "none"),
 * adapters added by name on the modules their {@link LoraConfig#targets()} select, one or several
 * of them active, the rest kept but frozen and skipped.
 *
 * <ul>
 *   <li>{@link #add}: a new adapter (B = 0, so the model's output is unchanged bit for bit); the
 *       first one added becomes active.</li>
 *   <li>{@link #select}: the active adapters; only they are trainable. Several at once are
 *       <em>stacked</em>, as PEFT's {@code set_adapter([...])}: each active adapter's
 *       {@code scaling * B A x} is added to the layer's output.</li>
 *   <li>{@link #disable} / {@link #enable}: the base model alone, and back.</li>
 *   <li>{@link #merge} / {@link #unmerge}: the active adapters folded into the base weights
 *       ({@code W + scaling * B A}) and taken out again. Merge keeps a copy of each merged layer's
 *       weight, so unmerge restores it bit for bit (subtracting would leave float32 rounding).</li>
 *   <li>{@link #delete}: an adapter removed from every layer.</li>
 * </ul>
 *
 * Adapter parameters are sub-modules of the layers they adapt, named as in a PEFT model's
 * state_dict without {@code base_layer}: {@code fc.lora_A.task1.weight}; the backbone's names do
 * not change. Train with the one {@code Trainer} over the model: frozen parameters get no update.
 */
public final class AdapterStore {
    private final Module model;
    private final Rng rng;
    private final Map<String, LoraConfig> configs = new LinkedHashMap<>();
    private final Map<String, List<String>> targets = new LinkedHashMap<>();
    private final Map<String, LoraLayer> layers = new LinkedHashMap<>();
    private List<String> active = List.of();
    private boolean disabled;
    private boolean merged;

    /**
     * A store on {@code model}, whose every parameter is frozen now.
     *
     * @param model modified: parameters frozen, adapters attached to its layers later
     * @param seed draws the adapters' A matrices and their dropout masks
     * @throws IllegalArgumentException if a layer of the model already has an adapter
     */
    public AdapterStore(Module model, long seed) {
        this.model = Objects.requireNonNull(model, "model");
        model.namedModules().forEach((path, m) -> {
            if (m instanceof AdaptableLayer l && l.adapter() != null) {
                throw new IllegalArgumentException("AdapterStore: module '" + path + "' already has an adapter; one store"
                        + " per model");
            }
        });
        model.freeze();
        this.rng = new Rng(seed);
    }

    /** The adapted model. */
    public Module model() {
        return model;
    }

    /**
     * Adds adapter {@code name} on every module {@code config} targets.
     *
     * @param name non-empty, without '.', not yet used
     * @throws IllegalArgumentException if no module matches, a matched module is neither Linear nor
     *     Conv2d, or the name is invalid or taken
     * @throws IllegalStateException while merged
     */
    public void add(String name, LoraConfig config) {
        Objects.requireNonNull(config, "config");
        checkNotMerged("add");
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("AdapterStore.add: an adapter name is non-empty and has no '.', got '"
                    + name + "'");
        }
        if (configs.containsKey(name)) {
            throw new IllegalArgumentException("AdapterStore.add: adapter '" + name + "' exists; delete it first");
        }
        Map<String, AdaptableLayer> matched = new LinkedHashMap<>();
        List<String> adaptable = new ArrayList<>();
        Set<Module> internal = adapterModules();
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            if (internal.contains(e.getValue())) {
                continue;
            }
            if (e.getValue() instanceof AdaptableLayer l) {
                adaptable.add(e.getKey());
                if (config.targets().matches(e.getKey())) {
                    matched.put(e.getKey(), l);
                }
            } else if (config.targets().matches(e.getKey())) {
                throw new IllegalArgumentException("LoRA: target module '" + e.getKey() + "' is a "
                        + e.getValue().getClass().getSimpleName() + "; only Linear and Conv2d take an adapter");
            }
        }
        if (matched.isEmpty()) {
            throw new IllegalArgumentException("LoRA: target modules " + config.targets() + " match no module; the"
                    + " Linear and Conv2d modules are " + adaptable);
        }
        Rng draw = rng.split();
        matched.forEach((path, layer) -> {
            LoraLayer ll = layers.get(path);
            if (ll == null) {
                ll = new LoraLayer(layer);
                layer.attachAdapter(ll);
                layers.put(path, ll);
            }
            LowRankAdapter a = LowRankAdapter.create(path, layer, config, draw);
            a.trainable(false);
            ll.add(name, a);
        });
        configs.put(name, config);
        targets.put(name, List.copyOf(matched.keySet()));
        select(active.isEmpty() ? List.of(name) : active);
    }

    private Set<Module> adapterModules() {
        Set<Module> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (LoraLayer ll : layers.values()) {
            for (Module dict : ll.modules().values()) {
                out.addAll(dict.namedModules().values());
            }
        }
        return out;
    }

    /** Makes {@code names} the active adapters (stacked), trainable; every other adapter frozen. */
    public void select(String... names) {
        select(List.of(names));
    }

    /**
     * As {@link #select(String...)}.
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws IllegalStateException while merged
     */
    public void select(List<String> names) {
        checkNotMerged("select");
        for (String n : names) {
            config(n);
        }
        active = List.copyOf(names);
        for (LoraLayer ll : layers.values()) {
            ll.setActive(active);
        }
        for (String n : configs.keySet()) {
            boolean on = active.contains(n);
            for (String path : targets.get(n)) {
                layers.get(path).adapter(n).trainable(on);
            }
        }
    }

    /** The active adapters, in order. */
    public List<String> active() {
        return active;
    }

    /** The adapters' names, in the order added. */
    public List<String> names() {
        return List.copyOf(configs.keySet());
    }

    /** @throws IllegalArgumentException if there is no adapter {@code name} */
    public LoraConfig config(String name) {
        LoraConfig c = configs.get(name);
        if (c == null) {
            throw new IllegalArgumentException("AdapterStore: no adapter '" + name + "' (have " + configs.keySet() + ")");
        }
        return c;
    }

    /** The dotted paths of the modules adapter {@code name} is on. */
    public List<String> targets(String name) {
        config(name);
        return targets.get(name);
    }

    /** Adapter {@code name} on module {@code path}. */
    public LowRankAdapter adapter(String name, String path) {
        config(name);
        LoraLayer ll = layers.get(path);
        LowRankAdapter a = ll == null ? null : ll.adapter(name);
        if (a == null) {
            throw new IllegalArgumentException("AdapterStore: adapter '" + name + "' is not on module '" + path
                    + "' (it is on " + targets.get(name) + ")");
        }
        return a;
    }

    /** Runs the base model alone (adapters kept; unmerges first if merged, as PEFT does). */
    public void disable() {
        if (merged) {
            unmerge();
        }
        setDisabled(true);
    }

    /** Undoes {@link #disable}. */
    public void enable() {
        setDisabled(false);
    }

    private void setDisabled(boolean off) {
        disabled = off;
        layers.values().forEach(ll -> ll.setDisabled(off));
    }

    /** Whether {@link #disable} is in force. */
    public boolean isDisabled() {
        return disabled;
    }

    /**
     * Removes adapter {@code name} from every layer (the active set loses it; a layer left without
     * adapters is returned to its plain form).
     *
     * @throws IllegalStateException while merged
     */
    public void delete(String name) {
        checkNotMerged("delete");
        config(name);
        for (String path : targets.get(name)) {
            LoraLayer ll = layers.get(path);
            ll.remove(name);
            if (ll.isEmpty()) {
                LayerAdapter detached = ll.layer().detachAdapter();
                assert detached == ll;
                layers.remove(path);
            }
        }
        configs.remove(name);
        targets.remove(name);
        List<String> rest = new ArrayList<>(active);
        rest.remove(name);
        select(rest);
    }

    /**
     * Folds the active adapters into the base weights: each adapted weight becomes
     * {@code W + sum scaling * B A}, and the adapters stop adding their term. A copy of each weight
     * is kept for {@link #unmerge}.
     *
     * @throws IllegalStateException if already merged or disabled
     */
    public void merge() {
        checkNotMerged("merge");
        if (disabled) {
            throw new IllegalStateException("AdapterStore.merge: the adapters are disabled; enable them first");
        }
        layers.values().forEach(LoraLayer::merge);
        merged = true;
    }

    /** Restores the base weights saved by {@link #merge}, bit for bit; the adapters add their term again. */
    public void unmerge() {
        layers.values().forEach(LoraLayer::unmerge);
        merged = false;
    }

    /** Whether {@link #merge} is in force. */
    public boolean isMerged() {
        return merged;
    }

    private void checkNotMerged(String what) {
        if (merged) {
            throw new IllegalStateException("AdapterStore." + what + ": the adapters are merged into the weights;"
                    + " unmerge first");
        }
    }

    /** Scalars the model would train now: the active adapters'. */
    public long trainableParameterCount() {
        return model.trainableParameterCount();
    }

    /** Scalars of the model, backbone and every adapter. */
    public long totalParameterCount() {
        return model.parameterCount();
    }

    /** Scalars of adapter {@code name}, over all its layers. */
    public long parameterCount(String name) {
        long n = 0;
        for (String path : targets(name)) {
            n += layers.get(path).adapter(name).parameterCount();
        }
        return n;
    }

    /**
     * Adapter {@code name}'s tensors under PEFT's saved names, the adapter name stripped:
     * {@code base_model.model.<module>.lora_A.weight} and {@code ...lora_B.weight}.
     *
     * @return live tensors, in module order
     */
    public Map<String, Tensor> peftState(String name) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String path : targets(name)) {
            LowRankAdapter a = layers.get(path).adapter(name);
            out.put(PeftFormat.key(path, "lora_A"), a.a().weight().value());
            out.put(PeftFormat.key(path, "lora_B"), a.b().weight().value());
        }
        return out;
    }

    /**
     * Copies {@code state} (PEFT's names, as {@link #peftState}) into adapter {@code name}.
     *
     * @param state not modified
     * @throws IllegalArgumentException listing every missing, unexpected and mis-shaped name
     */
    public void loadPeftState(String name, Map<String, Tensor> state) {
        Map<String, Tensor> own = peftState(name);
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), misshaped = new ArrayList<>();
        own.forEach((k, t) -> {
            Tensor given = state.get(k);
            if (given == null) {
                missing.add(k);
            } else if (!given.shape().equals(t.shape())) {
                misshaped.add(k + " (model " + t.shape() + ", file " + given.shape() + ")");
            }
        });
        state.keySet().stream().filter(k -> !own.containsKey(k)).forEach(unexpected::add);
        if (!missing.isEmpty() || !unexpected.isEmpty() || !misshaped.isEmpty()) {
            throw new IllegalArgumentException("LoRA adapter '" + name + "': the weights do not fit the model: missing "
                    + missing + ", unexpected " + unexpected + ", mis-shaped " + misshaped);
        }
        own.forEach((k, t) -> System.arraycopy(state.get(k).data(), 0, t.data(), 0, t.numel()));
    }
}
