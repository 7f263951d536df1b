package dev.residuum.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Sequential} runs a linear layer and the tanh after it as one fused primitive; the
 * output and every gradient must be those of the two layers run one after the other, bit for
 * bit (the fused op does the same float operations in the same order).
 */
class SequentialFusionTest extends SeededTest {
    @Test
    void linearThenTanhGivesTheBitsOfTheTwoLayers() {
        Sequential model = new Sequential(new Linear(3, 64, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(64, 64, false, rng), new Activation(Activation.Kind.TANH), new Linear(64, 2, true, rng));
        Tensor x = randn(256, 3);
        Tensor seed = randn(256, 2);

        Tensor xf = x.copy().requiresGrad(true);
        Tensor fused = model.forward(xf, true);
        fused.backward(seed);
        List<float[]> fusedGrads = grads(model);

        model.zeroGrad();
        Tensor xs = x.copy().requiresGrad(true);
        Tensor h = xs;
        for (int i = 0; i < model.size(); i++) {
            h = model.get(i).forward(h, true); // each layer on its own: no fusion
        }
        h.backward(seed);

        assertArrayEquals(h.data(), fused.data(), 0f, "output");
        assertArrayEquals(xs.grad().data(), xf.grad().data(), 0f, "input gradient");
        List<float[]> separate = grads(model);
        assertTrue(separate.size() == 5, "parameters with gradients: " + separate.size());
        for (int i = 0; i < separate.size(); i++) {
            assertArrayEquals(separate.get(i), fusedGrads.get(i), 0f, "parameter " + i);
        }
    }

    private static List<float[]> grads(Module model) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            out.add(p.value().grad().data().clone());
        }
        return out;
    }
}
