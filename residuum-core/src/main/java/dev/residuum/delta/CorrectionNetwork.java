package dev.residuum.delta;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The learned part of a Δ-model: an MLP {@code inputs -> hidden... -> 1} with the activation
 * between layers, whose last layer starts at zero (weight and bias), so that the network outputs
 * exactly 0 until it is trained. Parameters: {@code layers.0.weight}, {@code layers.0.bias},
 * {@code layers.2.weight}, ...
 */
public final class CorrectionNetwork extends Module {
    private final Sequential layers;
    private final int inputs;

    /**
     * @param inputs input features (at least 1)
     * @param hidden widths of the hidden layers (each at least 1; none for a linear correction)
     * @param activation between layers
     * @param rng initialisation of every layer but the last
     */
    public CorrectionNetwork(int inputs, int[] hidden, Activation.Kind activation, Rng rng) {
        Objects.requireNonNull(hidden, "hidden");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(rng, "rng");
        if (inputs < 1) {
            throw new IllegalArgumentException("CorrectionNetwork: inputs must be at least 1, got " + inputs);
        }
        List<Module> list = new ArrayList<>();
        int width = inputs;
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("CorrectionNetwork: hidden widths must be at least 1, got "
                        + Arrays.toString(hidden));
            }
            list.add(new Linear(width, h, true, rng));
            list.add(new Activation(activation));
            width = h;
        }
        Linear last = new Linear(width, 1, true, rng);
        last.zeroInit();
        list.add(last);
        this.inputs = inputs;
        this.layers = child("layers", new Sequential(list));
    }

    /** Number of input features. */
    public int inputs() {
        return inputs;
    }

    /** @param x {@code [M, inputs]}; returns {@code [M, 1]} */
    @Override
    public Tensor forward(Tensor x, boolean training) {
        return layers.forward(x, training);
    }
}
