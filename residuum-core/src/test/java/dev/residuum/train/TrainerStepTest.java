package dev.residuum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.data.Permutation;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.Sequential;
import dev.residuum.optim.LrSchedule;
import dev.residuum.optim.Sgd;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The split step: gradients computed, inspected, summed, scaled, then applied. */
class TrainerStepTest {
    private static Module net(long seed) {
        Rng init = new Rng(seed);
        return new Sequential(new Linear(3, 8, true, init), new Activation(Activation.Kind.TANH),
                new Linear(8, 2, true, init));
    }

    private static final Rng DATA = new Rng(17);
    private static final Tensor X = Tensor.randn(DATA, 12, 3);
    private static final Tensor Y = Tensor.randn(DATA, 12, 2);

    private static TrainerConfig sgd(int epochs, int batch) {
        return new TrainerConfig(epochs, batch, OptimizerFactory.sgd(Sgd.Config.of(0.05).withMomentum(0.9)),
                new LrSchedule.Step(1, 0.5), 3, true);
    }

    private static void assertSameParameters(Module a, Module b) {
        List<Parameter> pa = a.parameters(), pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).value().data(), pb.get(i).value().data(), "parameter " + i);
        }
    }

    @Test
    void computeThenApplyByHandIsFit() {
        Module fitted = net(1), byHand = net(1);
        new Trainer<>(new SupervisedObjective(fitted, X, Y), sgd(3, 4)).fit();

        Trainer<SampleBatch> t = new Trainer<>(new SupervisedObjective(byHand, X, Y), sgd(3, 4));
        // the trainer's own data order: a shuffle per epoch from the generator the state carries
        long rngState = t.state().epochRngState();
        for (int epoch = 0; epoch < 3; epoch++) {
            Rng rng = new Rng(rngState);
            int[] order = Permutation.random(12, rng);
            rngState = rng.state();
            try (Batches<SampleBatch> batches = Batches.of(order, 4, 0, rngState)) {
                for (SampleBatch b; (b = batches.next()) != null; ) {
                    Gradients g = t.computeGradients(b);
                    assertEquals(4, g.samples());
                    assertEquals(-1, g.correct(), "regression counts nothing");
                    assertTrue(g.norm() > 0);
                    double lr = t.apply(g);
                    assertEquals(0.05 * Math.pow(0.5, epoch), lr, 1e-15, "the schedule, by epoch");
                    assertEquals(b.index() + 1, t.state().stepInEpoch());
                }
            }
        }
        assertEquals(9, t.state().globalStep());
        assertSameParameters(fitted, byHand);
    }

    @Test
    void theSumOfTwoHalvesScaledByAHalfIsTheWholeBatch() {
        Module m = net(2);
        Trainer<SampleBatch> t = new Trainer<>(new SupervisedObjective(m, X, Y), sgd(1, 12));
        int[] all = Permutation.identity(12);
        Gradients whole = t.computeGradients(new SampleBatch(0, all, 0)).copy();
        Gradients first = t.computeGradients(new SampleBatch(0, new int[] {0, 1, 2, 3, 4, 5}, 0)).copy();
        Gradients second = t.computeGradients(new SampleBatch(1, new int[] {6, 7, 8, 9, 10, 11}, 0)).copy();
        Gradients sum = first.scale(0.5).plus(second.scale(0.5));
        assertEquals(12, sum.samples());
        assertEquals(whole.loss(), sum.loss(), 1e-6);
        for (int i = 0; i < whole.parameters().size(); i++) {
            assertArrayEquals(whole.get(i), sum.get(i), 1e-6f, "parameter " + i);
        }
        assertNotSame(first.get(0), sum.get(0));
    }

    @Test
    void summedGradientsAppliedUpdateLikeTheWholeBatch() {
        Module a = net(3), b = net(3);
        Trainer<SampleBatch> ta = new Trainer<>(new SupervisedObjective(a, X, Y), sgd(1, 12));
        Trainer<SampleBatch> tb = new Trainer<>(new SupervisedObjective(b, X, Y), sgd(1, 12));
        ta.apply(ta.computeGradients(new SampleBatch(0, Permutation.identity(12), 0)));
        Gradients half1 = tb.computeGradients(new SampleBatch(0, new int[] {0, 1, 2, 3, 4, 5}, 0)).copy();
        Gradients half2 = tb.computeGradients(new SampleBatch(1, new int[] {6, 7, 8, 9, 10, 11}, 0)).copy();
        tb.apply(half1.scale(0.5).plus(half2.scale(0.5))); // as a data-parallel step over two workers
        List<Parameter> pa = a.parameters(), pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).value().data(), pb.get(i).value().data(), 1e-6f, "parameter " + i);
        }
    }

    @Test
    void gradientsOfAnotherModelAreRefused() {
        Trainer<SampleBatch> t = new Trainer<>(new SupervisedObjective(net(4), X, Y), sgd(1, 4));
        Trainer<SampleBatch> other = new Trainer<>(new SupervisedObjective(net(4), X, Y), sgd(1, 4));
        Gradients g = other.computeGradients(new SampleBatch(0, new int[] {0, 1}, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.apply(g));
        assertTrue(e.getMessage().contains("other parameters"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.plus(t.computeGradients(new SampleBatch(0, new int[] {0}, 0))));
    }

    @Test
    void aFrozenLayerGetsNoGradientAndKeepsItsValues() {
        Linear first = new Linear(3, 8, true, new Rng(5));
        Module m = new Sequential(first, new Activation(Activation.Kind.TANH), new Linear(8, 2, true, new Rng(6)));
        first.freeze();
        float[] before = first.weight().value().toArray();
        float[] headBefore = m.parameters().get(2).value().toArray();
        Trainer<SampleBatch> t = new Trainer<>(new SupervisedObjective(m, X, Y), sgd(2, 4));
        Gradients g = t.computeGradients(new SampleBatch(0, new int[] {0, 1, 2}, 0));
        assertNull(g.get(0), "frozen weight");
        assertNull(g.get(1), "frozen bias");
        assertTrue(g.get(2) != null && g.get(3) != null, "the head learns");
        t.fit();
        assertArrayEquals(before, first.weight().value().data(), "frozen weights unchanged");
        assertNull(first.weight().grad());
        assertTrue(!java.util.Arrays.equals(headBefore, m.parameters().get(2).value().data()), "the head moved");
        assertEquals(8 * 3 + 8 + 2 * 8 + 2, m.parameterCount());
        assertEquals(2 * 8 + 2, m.trainableParameterCount());
    }
}
