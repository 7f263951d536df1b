package dev.residuum.continual;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.GradCheck;
import dev.residuum.nn.AdaptableLayer;
import dev.residuum.nn.Conv2d;
import dev.residuum.nn.Linear;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import org.junit.jupiter.api.Test;

/**
 * The adapted forward {@code W x + b + s B(A x)} of Linear and Conv2d, differentiated in reverse
 * and forward mode against central differences ({@link GradCheck}), with respect to the input, A
 * and B (B non-zero, so A gets a gradient), and W with the backbone unfrozen.
 */
class LoraGradientTest extends SeededTest {
    /* The tolerances of PrimitiveGradientTest: float32 central differences with step 1e-2 on O(1) values. */
    private static final double EPS = 1e-2;
    private static final double ATOL = 2e-3;
    private static final double RTOL = 1e-2;

    private Tensor[] adapt(AdaptableLayer layer, Tensor x) {
        AdapterStore store = new AdapterStore(layer, 7);
        store.add("a", LoraConfig.of(2, 3, TargetModules.matching(".*")));
        LowRankAdapter a = store.adapter("a", "");
        float[] b = a.b().weight().value().data();
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextGaussian();
        }
        layer.weight().unfreeze();
        return new Tensor[] {x, a.a().weight().value(), a.b().weight().value(), layer.weight().value()};
    }

    private void check(AdaptableLayer layer, Tensor x) {
        Tensor[] inputs = adapt(layer, x);
        GradCheck.Report rev = GradCheck.check(in -> layer.forward(in[0], false), inputs, EPS, ATOL, RTOL, 3);
        assertTrue(rev.passed(), rev.worst());
        GradCheck.Report fwd = GradCheck.checkJvp(in -> layer.forward(in[0], false), inputs, EPS, ATOL, RTOL, 4);
        assertTrue(fwd.passed(), fwd.worst());
    }

    @Test
    void adaptedLinear() {
        check(new Linear(5, 4, true, rng), randn(3, 5));
    }

    @Test
    void adaptedConv2dWithStrideAndPadding() {
        check(new Conv2d(2, 3, 3, 2, 1, true, rng), randn(2, 2, 5, 5));
    }
}
