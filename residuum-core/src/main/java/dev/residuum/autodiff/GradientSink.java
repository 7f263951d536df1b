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
    private final IdentityHashMap<Tensor, Tensor> grads = new IdentityHashMap<>();
    private final IdentityHashMap<Tensor, Boolean> wanted = new IdentityHashMap<>();

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
