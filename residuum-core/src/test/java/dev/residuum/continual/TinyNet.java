package dev.residuum.continual;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Conv2d;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;

/**
 * The model of {@code scripts/fixtures/lora_fixture.py}: conv1 Conv2d(2, 4, 3, 1, 1) -> relu ->
 * conv2 Conv2d(4, 4, 3, 2, 1) -> relu -> flatten -> fc Linear(16, 3), on {@code [N, 2, 4, 4]}.
 */
final class TinyNet extends Module {
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Linear fc;

    TinyNet(Rng rng) {
        conv1 = child("conv1", new Conv2d(2, 4, 3, 1, 1, true, rng));
        conv2 = child("conv2", new Conv2d(4, 4, 3, 2, 1, true, rng));
        fc = child("fc", new Linear(16, 3, true, rng));
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor h = conv2.forward(conv1.forward(x, training).relu(), training).relu();
        return fc.forward(h.reshape(h.shape().dim(0), 16), training);
    }
}
