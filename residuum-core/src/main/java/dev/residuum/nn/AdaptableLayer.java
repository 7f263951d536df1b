package dev.residuum.nn;

import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A layer with a weight (and optional bias) whose output an attached {@link LayerAdapter} may
 * correct: {@link Linear} and {@link Conv2d}. Without an adapter, or with an inactive one, the
 * layer computes exactly what it computed before; the layer's own parameter names never change.
 */
public abstract class AdaptableLayer extends Module implements ZeroInitializable {
    private LayerAdapter adapter;
    private Parameter weight;
    private Parameter bias;

    /**
     * Registers the layer's parameters, {@code weight} (of {@code shape}) and, when asked,
     * {@code bias} (one per output, {@code shape[0]}), both drawn as PyTorch's default
     * ({@link Init#linearDefault}) with {@code fanIn}, the weight first. Called once, by the
     * subclass's constructor.
     */
    protected final void initParameters(int[] shape, boolean withBias, int fanIn, Rng rng) {
        if (weight != null) {
            throw new IllegalStateException("the parameters are already registered");
        }
        weight = parameter("weight", Tensor.zeros(shape));
        Init.linearDefault(weight.value(), fanIn, rng);
        if (withBias) {
            bias = parameter("bias", Tensor.zeros(shape[0]));
            Init.linearDefault(bias.value(), fanIn, rng);
        }
    }

    /** The weight, {@code [out, in, ...]}. */
    public final Parameter weight() {
        return weight;
    }

    /** The bias {@code [out]}, or null. */
    public final Parameter bias() {
        return bias;
    }

    /** The bias's value, or null when the layer has none. */
    protected final Tensor biasValue() {
        return bias == null ? null : bias.value();
    }

    /** Sets the weight and the bias to zero (the adapter, if any, is left as it is). */
    @Override
    public void zeroInit() {
        Arrays.fill(weight.value().data(), 0f);
        if (bias != null) {
            Arrays.fill(bias.value().data(), 0f);
        }
    }

    /**
     * Attaches {@code adapter}, registering its {@link LayerAdapter#modules() modules} as
     * sub-modules of this layer.
     *
     * @throws IllegalStateException if an adapter is already attached
     */
    public final void attachAdapter(LayerAdapter adapter) {
        Objects.requireNonNull(adapter, "adapter");
        if (this.adapter != null) {
            throw new IllegalStateException(getClass().getSimpleName() + ": an adapter is already attached; detach it"
                    + " first");
        }
        for (Map.Entry<String, ? extends Module> e : adapter.modules().entrySet()) {
            child(e.getKey(), e.getValue());
        }
        this.adapter = adapter;
    }

    /** Detaches the adapter and its modules; returns it (null if none was attached). */
    public final LayerAdapter detachAdapter() {
        LayerAdapter a = adapter;
        if (a != null) {
            a.modules().keySet().forEach(this::removeChild);
            adapter = null;
        }
        return a;
    }

    /** The attached adapter, or null. */
    public final LayerAdapter adapter() {
        return adapter;
    }

    /** Whether an attached adapter changes the output ({@link LayerAdapter#isActive()}). */
    public final boolean isAdapted() {
        return adapter != null && adapter.isActive();
    }

    /**
     * The layer's output {@code y} as corrected by an active adapter, else {@code y} itself.
     *
     * @param x the layer's input; not modified
     * @param y the layer's own output for {@code x}; not modified
     */
    protected final Tensor adapted(Tensor x, Tensor y, boolean training) {
        return isAdapted() ? adapter.adapt(x, y, training) : y;
    }
}
