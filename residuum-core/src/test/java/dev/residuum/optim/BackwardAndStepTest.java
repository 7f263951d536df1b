package dev.residuum.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.residuum.autodiff.Graph;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.Sequential;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Optimizer#backwardAndStep} against {@code backward(); step();}: the same parameters and
 * optimizer state, bit for bit (both run the same kernels in the same order on this thread; only
 * the time of each update differs), and the reverse pass's {@link Graph.GradientReady} told of
 * each leaf once, after its last use.
 */
class BackwardAndStepTest {
    /** A model and the loss of one step on it. */
    private record Case(List<Parameter> params, Function<Integer, Tensor> loss) {
    }

    private static Case residualMlp() { // W6's shape, small: ReZero α and tanh blocks without biases
        Rng rng = new Rng(11);
        Module m = ResidualMlp.builder().width(16).depth(6).bias(false).activation(Activation.Kind.TANH)
                .scale(ResidualScale.SCALAR).alphaInit(0.3f).build(rng);
        Tensor x = Tensor.randn(rng, 8, 16), y = Tensor.randn(rng, 8, 16);
        return new Case(m.parameters(), step -> m.forward(x, true).mse(y));
    }

    private static Case tanhMlp() { // W4's shape, small: biases, fused linear + tanh
        Rng rng = new Rng(12);
        Module m = new Sequential(new Linear(4, 16, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(16, 16, true, rng), new Activation(Activation.Kind.TANH), new Linear(16, 1, true, rng));
        Tensor[] xs = {Tensor.randn(rng, 8, 4), Tensor.randn(rng, 8, 4)};
        Tensor[] ys = {Tensor.randn(rng, 8, 1), Tensor.randn(rng, 8, 1)};
        return new Case(m.parameters(), step -> m.forward(xs[step % 2], true).mse(ys[step % 2]));
    }

    /**
     * A weight used twice ({@code tanh(x W) W}), a scale read by two operations, a parameter the
     * graph never reaches but whose gradient an earlier pass left (as {@code step()} does, it is
     * updated from it), and a frozen one.
     */
    private static Case shared() {
        Rng rng = new Rng(13);
        Parameter w = new Parameter(Tensor.randn(rng, 6, 6));
        Parameter s = new Parameter(Tensor.randn(rng, 6));
        Parameter unused = new Parameter(Tensor.randn(rng, 3));
        Parameter frozen = new Parameter(Tensor.randn(rng, 6));
        frozen.freeze();
        Tensor x = Tensor.randn(rng, 5, 6), y = Tensor.randn(rng, 5, 6);
        unused.value().mul(unused.value()).sum().backward(); // a gradient that no later pass touches
        return new Case(List.of(w, s, unused, frozen), step -> x.matmul(w.value()).tanh().mul(s.value())
                .matmul(w.value()).add(s.value()).add(frozen.value()).mse(y));
    }

    /** Every parameter's values and the optimizer's exported state after {@code steps} steps. */
    private static List<float[]> train(Supplier<Case> make, Function<List<Parameter>, Optimizer> optimizer,
                                       boolean fused, int steps) {
        Case c = make.get();
        Optimizer opt = optimizer.apply(c.params());
        for (int step = 0; step < steps; step++) {
            if (step > 0) { // the first pass adds onto the gradients left before (accumulation)
                opt.zeroGrad();
            }
            Tensor loss = c.loss().apply(step);
            if (fused) {
                opt.backwardAndStep(loss);
            } else {
                loss.backward();
                opt.step();
            }
        }
        List<float[]> out = new ArrayList<>();
        for (Parameter p : c.params()) {
            out.add(p.value().data().clone());
        }
        Optimizer.State state = opt.exportState();
        assertEquals(steps, state.step());
        for (Map.Entry<String, float[]> e : new TreeMap<>(state.buffers()).entrySet()) {
            out.add(e.getValue());
        }
        return out;
    }

    private static void assertSameTraining(Supplier<Case> make, Function<List<Parameter>, Optimizer> optimizer) {
        List<float[]> plain = train(make, optimizer, false, 4);
        List<float[]> fused = train(make, optimizer, true, 4);
        assertEquals(plain.size(), fused.size());
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), fused.get(i), "array " + i);
        }
        List<float[]> start = train(make, optimizer, false, 0);
        assertFalse(Arrays.equals(start.get(0), plain.get(0)), "the steps changed the first parameter");
    }

    @Test
    void adamMatchesBackwardThenStep() {
        Function<List<Parameter>, Optimizer> adam = ps -> new Adam(ps, Adam.Config.adam(1e-2));
        assertSameTraining(BackwardAndStepTest::residualMlp, adam);
        assertSameTraining(BackwardAndStepTest::tanhMlp, adam);
        assertSameTraining(BackwardAndStepTest::shared, adam);
        assertSameTraining(BackwardAndStepTest::shared, ps -> new Adam(ps, Adam.Config.adamW(1e-2)));
    }

    @Test
    void sgdWithMomentumMatchesBackwardThenStep() {
        Function<List<Parameter>, Optimizer> sgd = ps -> new Sgd(ps, Sgd.Config.heEtAl(0.05));
        assertSameTraining(BackwardAndStepTest::residualMlp, sgd);
        assertSameTraining(BackwardAndStepTest::shared, sgd);
    }

    @Test
    void eachLeafIsToldOnceWithItsGradientComplete() {
        Case c = shared();
        List<Parameter> ps = c.params();
        for (Parameter p : ps) {
            p.zeroGrad();
        }
        Tensor loss = c.loss().apply(0);
        IdentityHashMap<Tensor, float[]> seen = new IdentityHashMap<>();
        Graph.backward(loss, null, leaf -> {
            assertFalse(seen.containsKey(leaf), "told twice");
            seen.put(leaf, leaf.grad() == null ? null : leaf.grad().data().clone());
        });
        // w (used twice) and s (used twice) are told, with the gradient backward ends with;
        // the unused and the frozen parameter, and the inputs that need no gradient, are not
        assertEquals(2, seen.size());
        for (Parameter p : ps.subList(0, 2)) {
            assertNotNull(seen.get(p.value()));
            assertArrayEquals(p.grad().data(), seen.get(p.value()));
        }
    }

    @Test
    void aRefusedPassTakesNoStep() {
        Case c = tanhMlp();
        Adam adam = new Adam(c.params(), Adam.Config.adam(1e-2));
        Tensor noGrad;
        try (Graph.NoGradScope scope = Graph.noGrad()) {
            noGrad = c.loss().apply(0);
        }
        assertThrows(IllegalStateException.class, () -> adam.backwardAndStep(noGrad));
        assertEquals(0, adam.steps());
    }
}
