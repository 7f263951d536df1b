package dev.residuum.nn;

import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A layer or a model: parameters, buffers and sub-modules registered in order, and a forward
 * function. Names follow PyTorch's state_dict: {@code layers.4.conv1.weight}.
 *
 * <p>Subclasses register everything in their constructor, through {@link #parameter},
 * {@link #buffer} and {@link #child}; training or evaluation is an argument of
 * {@link #forward}, not a mode stored in the module.
 */
public abstract class Module {
    private final LinkedHashMap<String, Parameter> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();

    /**
     * Runs the layer.
     *
     * @param x the input; not modified
     * @param training true in training (batch statistics, dropout), false in evaluation
     */
    public abstract Tensor forward(Tensor x, boolean training);

    /** Registers a parameter under {@code name}; returns it. */
    protected final Parameter parameter(String name, Tensor initial) {
        checkName(name);
        Parameter p = new Parameter(initial);
        parameters.put(name, p);
        return p;
    }

    /** Registers a buffer (state saved with the model but not learned, such as running statistics). */
    protected final Tensor buffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, Objects.requireNonNull(value, "value"));
        return value;
    }

    /** Registers a sub-module under {@code name}; returns it. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, Objects.requireNonNull(module, "module"));
        return module;
    }

    /**
     * Unregisters the sub-module {@code name} (the reverse of {@link #child}): for layers whose
     * attachments come and go after construction, such as a low-rank adapter.
     *
     * @throws IllegalArgumentException if no sub-module has that name
     */
    protected final void removeChild(String name) {
        if (children.remove(Objects.requireNonNull(name, "name")) == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no sub-module '" + name + "' (has "
                    + children.keySet() + ")");
        }
    }

    private void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("invalid name '" + name + "': names are non-empty and contain no '.'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is already registered in "
                    + getClass().getSimpleName());
        }
    }

    /** Direct sub-modules in registration order. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** All parameters of this module and its descendants, by dotted name, in registration order. */
    public final Map<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, m -> m.parameters);
        return out;
    }

    /** Puts {@code own(m)} of this module and of every descendant m into {@code out}, by dotted name. */
    private <T> void collect(String prefix, Map<String, T> out, java.util.function.Function<Module, Map<String, T>> own) {
        own.apply(this).forEach((n, v) -> out.put(prefix + n, v));
        children.forEach((n, m) -> m.collect(prefix + n + ".", out, own));
    }

    /** All parameters in registration order. */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** All buffers of this module and its descendants, by dotted name. */
    public final Map<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, m -> m.buffers);
        return out;
    }

    /** Every module in the tree, depth first, this one first, by dotted path ("" for this). */
    public final Map<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String path, Map<String, Module> out) {
        out.put(path, this);
        children.forEach((n, m) -> m.collectModules(path.isEmpty() ? n : path + "." + n, out));
    }

    /** Parameters then buffers, by name, as live tensors (PyTorch's {@code state_dict()}). */
    public final Map<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> out.put(n, p.value()));
        out.putAll(namedBuffers());
        return out;
    }

    /**
     * Copies values into the parameters and buffers (PyTorch's strict {@code load_state_dict}).
     *
     * @param state not modified
     * @throws IllegalArgumentException listing every missing, unexpected and mis-shaped name at once
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), misshaped = new ArrayList<>();
        for (String name : own.keySet()) {
            if (!state.containsKey(name)) {
                missing.add(name);
            } else if (!own.get(name).shape().equals(state.get(name).shape())) {
                misshaped.add(name + " (model " + own.get(name).shape() + ", given " + state.get(name).shape() + ")");
            }
        }
        for (String name : state.keySet()) {
            if (!own.containsKey(name)) {
                unexpected.add(name);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !misshaped.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict: missing " + missing + ", unexpected " + unexpected
                    + ", mis-shaped " + misshaped);
        }
        own.forEach((name, t) -> System.arraycopy(state.get(name).data(), 0, t.data(), 0, t.numel()));
    }

    /** Zeroes every parameter's gradient (keeping the buffers). */
    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** The parameters that are not {@link Parameter#isFrozen() frozen}, in registration order. */
    public final List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : parameters()) {
            if (!p.isFrozen()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Freezes every parameter of this module and its descendants ({@link Parameter#freeze()}). */
    public final void freeze() {
        for (Parameter p : parameters()) {
            p.freeze();
        }
    }

    /** Unfreezes every parameter of this module and its descendants. */
    public final void unfreeze() {
        for (Parameter p : parameters()) {
            p.unfreeze();
        }
    }

    /** Total number of scalars in the parameters, frozen ones included. */
    public final long parameterCount() {
        return count(parameters());
    }

    /** Number of scalars in the parameters that are not frozen. */
    public final long trainableParameterCount() {
        return count(trainableParameters());
    }

    private static long count(List<Parameter> params) {
        long n = 0;
        for (Parameter p : params) {
            n += p.numel();
        }
        return n;
    }
}
