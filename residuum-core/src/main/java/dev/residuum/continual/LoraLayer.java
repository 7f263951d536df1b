package dev.residuum.continual;

import dev.residuum.nn.AdaptableLayer;
import dev.residuum.nn.LayerAdapter;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The adapters of one layer (PEFT's {@code LoraLayer}): {@code lora_A} and {@code lora_B} hold
 * one module per adapter name; the output is {@code base(x) + sum over the active, unmerged
 * adapters of scaling * B(A(dropout(x)))}. Driven by {@link AdapterStore}, which owns the choice
 * of active adapters.
 */
final class LoraLayer implements LayerAdapter {
    private final AdaptableLayer layer;
    private final ModuleDict loraA = new ModuleDict();
    private final ModuleDict loraB = new ModuleDict();
    private final Map<String, Module> modules = new LinkedHashMap<>();
    private final Map<String, LowRankAdapter> adapters = new LinkedHashMap<>();
    private final Set<String> merged = new LinkedHashSet<>();
    private List<String> active = List.of();
    private boolean disabled;
    private float[] original;

    LoraLayer(AdaptableLayer layer) {
        this.layer = layer;
        modules.put("lora_A", loraA);
        modules.put("lora_B", loraB);
    }

    @Override
    public Map<String, ? extends Module> modules() {
        return modules;
    }

    AdaptableLayer layer() {
        return layer;
    }

    void add(String name, LowRankAdapter adapter) {
        loraA.put(name, adapter.a());
        loraB.put(name, adapter.b());
        adapters.put(name, adapter);
    }

    void remove(String name) {
        loraA.remove(name);
        loraB.remove(name);
        adapters.remove(name);
    }

    boolean isEmpty() {
        return adapters.isEmpty();
    }

    LowRankAdapter adapter(String name) {
        return adapters.get(name);
    }

    void setActive(List<String> names) {
        active = List.copyOf(names);
    }

    void setDisabled(boolean off) {
        disabled = off;
    }

    @Override
    public boolean isActive() {
        if (disabled) {
            return false;
        }
        for (String n : active) {
            if (adapters.containsKey(n) && !merged.contains(n)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Tensor adapt(Tensor x, Tensor y, boolean training) {
        Tensor out = y;
        for (String n : active) {
            LowRankAdapter a = adapters.get(n);
            if (a != null && !merged.contains(n)) {
                out = out.add(a.forward(x, training));
            }
        }
        return out;
    }

    @Override
    public Tensor correction(Tensor x, boolean training) {
        Tensor sum = null;
        for (String n : active) {
            LowRankAdapter a = adapters.get(n);
            if (a != null && !merged.contains(n)) {
                Tensor c = a.forward(x, training);
                sum = sum == null ? c : sum.add(c);
            }
        }
        return disabled ? null : sum;
    }

    /** Adds {@code scaling * B A} of each active adapter to the weight, after keeping a copy of the weight. */
    void merge() {
        List<String> todo = new ArrayList<>();
        for (String n : active) {
            if (adapters.containsKey(n) && !merged.contains(n)) {
                todo.add(n);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        float[] w = layer.weight().value().data();
        if (original == null) {
            original = w.clone();
        }
        for (String n : todo) {
            float[] d = adapters.get(n).deltaWeight();
            for (int i = 0; i < w.length; i++) {
                w[i] += d[i];
            }
            merged.add(n);
        }
    }

    /** Restores the weight saved by the first {@link #merge} (bit for bit). */
    void unmerge() {
        if (original != null) {
            System.arraycopy(original, 0, layer.weight().value().data(), 0, original.length);
            original = null;
        }
        merged.clear();
    }

    boolean isMerged() {
        return !merged.isEmpty();
    }
}
