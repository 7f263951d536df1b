package dev.residuum.nn;

import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Modules applied in order, named {@code 0, 1, 2, ...} as in PyTorch's {@code nn.Sequential}. A
 * {@link Linear} followed by a tanh {@link Activation} runs as one fused primitive
 * ({@link Linear#forwardTanh}); the names, parameters and results are those of the two layers.
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /** @param layers at least one module; none null */
    public Sequential(Module... layers) {
        this(List.of(layers));
    }

    /** @param layers at least one module; none null */
    public Sequential(List<? extends Module> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential: needs at least one layer");
        }
        for (Module m : layers) {
            this.layers.add(child(String.valueOf(this.layers.size()), m));
        }
    }

    /** The layer at {@code index}. */
    public Module get(int index) {
        return layers.get(index);
    }

    /** Number of layers. */
    public int size() {
        return layers.size();
    }

    /**
     * The layers in order, keyed {@code prefix.0}, {@code prefix.1}, ...: their state_dict
     * prefixes when this sequence is the child {@code prefix} of its parent.
     */
    public Map<String, Module> byName(String prefix) {
        Map<String, Module> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            out.put(prefix + "." + i, layers.get(i));
        }
        return out;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor h = x;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (m instanceof Linear linear && i + 1 < layers.size() && layers.get(i + 1) instanceof Activation a
                    && a.kind() == Activation.Kind.TANH) {
                h = linear.forwardTanh(h, training);
                i++;
            } else {
                h = m.forward(h, training);
            }
        }
        return h;
    }
}
