package dev.residuum.autodiff;

import dev.residuum.tensor.Tensor;
import java.util.IdentityHashMap;

/**
 * Where a functional reverse pass ({@link Autodiff#vjp}) keeps its gradients instead of the
 * tensors' {@code .grad}: one map from tensor to gradient, and the set of tensors that lie on a
 * path from the requested inputs to the outputs (only those get a gradient; a parameter off the
 * path costs nothing). Used by one thread, for one pass.
 */
final class GradientSink {
    private final IdentityHashMap<Tensor, Tensor> grads;
    private final IdentityHashMap<Tensor, Boolean> wanted;
    /** Caller-owned arrays for some tensors' gradients ({@link Autodiff#gradInto}); empty for most passes. */
    private final IdentityHashMap<Tensor, Tensor> provided;

    /**
     * @param expected about how many tensors the pass will see (the maps are sized for it once)
     * @param provided how many buffers will be {@link #provide provided} (0 for none)
     */
    GradientSink(int expected, int provided) {
        grads = new IdentityHashMap<>(expected);
        wanted = new IdentityHashMap<>(expected);
        this.provided = new IdentityHashMap<>(Math.max(1, provided));
    }

    /** The gradient of {@code t} is to be written into {@code buffer} (of its shape) instead of a new tensor. */
    void provide(Tensor t, Tensor buffer) {
        provided.put(t, buffer);
    }

    /** The buffer {@link #provide provided} for {@code t}, or null. */
    Tensor provided(Tensor t) {
        return provided.isEmpty() ? null : provided.get(t);
    }

    void want(Tensor t) {
        wanted.put(t, Boolean.TRUE);
    }

    boolean wants(Tensor t) {
        return wanted.containsKey(t);
    }

    Tensor get(Tensor t) {
        return grads.get(t);
    }

    void put(Tensor t, Tensor grad) {
        grads.put(t, grad);
    }

    Tensor remove(Tensor t) {
        return grads.remove(t);
    }
}
