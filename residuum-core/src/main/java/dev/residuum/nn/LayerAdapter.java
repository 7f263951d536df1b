package dev.residuum.nn;

import dev.residuum.tensor.Tensor;
import java.util.Map;

/**
 * A correction an {@link AdaptableLayer} applies to its own output, computed from its input:
 * {@code y = layer(x)} becomes {@code adapt(x, y)}. Low-rank adapters
 * ({@code dev.residuum.continual}) attach this way; their modules are registered under the layer,
 * so they appear among the model's parameters and in its state_dict (for example
 * {@code fc.lora_A.task1.weight}) while the layer's own names stay as they were.
 */
public interface LayerAdapter {
    /** The modules to register under the layer, by name; fixed for the adapter's lifetime (their contents may change). */
    Map<String, ? extends Module> modules();

    /** Whether {@link #adapt} changes anything now (false: the layer's output is used as is). */
    boolean isActive();

    /**
     * The corrected output.
     *
     * @param x the layer's input; not modified
     * @param y the layer's output for {@code x}; not modified
     * @param training true in training (dropout), false in evaluation
     */
    Tensor adapt(Tensor x, Tensor y, boolean training);

    /**
     * The correction alone, the sum of what {@link #adapt} adds to the layer's output (null when
     * nothing is active), for a caller that folds the layer's output into what follows: batch norm
     * in evaluation applies its per-channel scale to it and adds it in the convolution's epilogue,
     * so a correction of zero leaves the folded output exactly as it was without the adapter.
     *
     * @param x the layer's input; not modified
     * @param training true in training (dropout), false in evaluation
     */
    Tensor correction(Tensor x, boolean training);
}
