package dev.residuum.stability;

import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The buffers of a model (BatchNorm running statistics), saved before instruments run it in
 * training mode and put back afterwards: measuring must not change the model.
 */
final class BufferSnapshot implements AutoCloseable {
    private final List<Tensor> live = new ArrayList<>();
    private final List<float[]> saved = new ArrayList<>();

    /** Saves every buffer when {@code training} (evaluation-mode passes change none). */
    BufferSnapshot(Module model, boolean training) {
        if (training) {
            for (Tensor b : model.namedBuffers().values()) {
                live.add(b);
                saved.add(b.toArray());
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < live.size(); i++) {
            System.arraycopy(saved.get(i), 0, live.get(i).data(), 0, saved.get(i).length);
        }
    }
}
