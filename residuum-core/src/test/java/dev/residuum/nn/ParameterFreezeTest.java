package dev.residuum.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.optim.Adam;
import dev.residuum.optim.Sgd;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A frozen parameter gets no gradient and no update; modules count trainable and total parameters. */
class ParameterFreezeTest {
    private static final Tensor X = Tensor.randn(new Rng(3), 5, 4);

    @Test
    void aFrozenParameterGetsNoGradientUntilUnfrozen() {
        Linear l = new Linear(4, 2, true, new Rng(1));
        l.forward(X, true).sum().backward();
        assertNotNull(l.weight().grad());
        l.weight().freeze();
        assertTrue(l.weight().isFrozen());
        assertFalse(l.weight().value().requiresGrad());
        assertNull(l.weight().grad(), "freezing clears the gradient");
        l.zeroGrad();
        l.forward(X, true).sum().backward();
        assertNull(l.weight().grad(), "no gradient while frozen");
        assertNotNull(l.bias().grad(), "the bias still learns");
        l.weight().unfreeze();
        l.zeroGrad();
        l.forward(X, true).sum().backward();
        assertNotNull(l.weight().grad());
    }

    @Test
    void optimizersSkipFrozenParametersEvenWithAGradientSet() {
        for (String kind : List.of("sgd", "adam")) {
            Linear l = new Linear(4, 2, true, new Rng(2));
            var opt = kind.equals("sgd") ? new Sgd(l.parameters(), Sgd.Config.of(0.1).withMomentum(0.9))
                    : new Adam(l.parameters(), Adam.Config.adam(0.1));
            l.forward(X, true).sum().backward();
            l.weight().freeze();
            l.weight().value().setGrad(Tensor.randn(new Rng(4), 2, 4)); // a stale gradient from elsewhere
            float[] w = l.weight().value().toArray(), b = l.bias().value().toArray();
            opt.step();
            assertArrayEquals(w, l.weight().value().data(), kind + ": frozen weight unchanged");
            assertFalse(java.util.Arrays.equals(b, l.bias().value().data()), kind + ": bias updated");
            assertEquals(List.of("1"), opt.exportState().buffers().keySet().stream().map(k -> k.split("\\.")[0])
                    .distinct().toList(), kind + ": buffers only for the parameter that was updated");
        }
    }

    @Test
    void modulesCountTrainableAndTotalParametersAndFreezeWhole() {
        Linear a = new Linear(4, 3, true, new Rng(5));
        Linear b = new Linear(3, 2, false, new Rng(6));
        Sequential net = new Sequential(a, b);
        assertEquals(4 * 3 + 3 + 3 * 2, net.parameterCount());
        assertEquals(net.parameterCount(), net.trainableParameterCount());
        a.freeze();
        assertEquals(4 * 3 + 3 + 3 * 2, net.parameterCount(), "frozen parameters still count in the total");
        assertEquals(3 * 2, net.trainableParameterCount());
        assertEquals(List.of(b.weight()), net.trainableParameters());
        net.unfreeze();
        assertEquals(net.parameterCount(), net.trainableParameterCount());
    }
}
