package dev.residuum.nn;

import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Modules applied in order, named {@code 0, 1, 2, ...} as in PyTorch's {@code nn.Sequential}. */
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

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor h = x;
        for (Module m : layers) {
            h = m.forward(h, training);
        }
        return h;
    }
}
