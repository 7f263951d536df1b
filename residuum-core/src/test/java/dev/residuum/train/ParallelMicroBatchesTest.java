package dev.residuum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.kernel.Parallel;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.BatchNorm;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.nn.Sequential;
import dev.residuum.nn.residual.ResidualMlp;
import dev.residuum.nn.residual.ResidualScale;
import dev.residuum.optim.Adam;
import dev.residuum.optim.Optimizer;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Autodiff#gradInto} against {@code backward()}, and {@link ParallelMicroBatches} against
 * the micro-batches run in turn ({@link MicroBatches.Sum} over each part's {@code backward()}).
 */
class ParallelMicroBatchesTest {
    @AfterEach
    void oneThread() {
        Parallel.setThreads(1);
    }

    /** W6's block shape at width 64 (the Vector API products), 5 blocks, ReZero α away from 0. */
    private static Module residualMlp(Rng rng) {
        return ResidualMlp.builder().width(64).depth(5).bias(false).activation(Activation.Kind.TANH)
                .scale(ResidualScale.SCALAR).alphaInit(0.3f).build(rng);
    }

    private static Module tanhMlp(Rng rng) {
        return new Sequential(new Linear(16, 64, true, rng), new Activation(Activation.Kind.TANH),
                new Linear(64, 64, true, rng), new Activation(Activation.Kind.TANH), new Linear(64, 1, true, rng));
    }

    private static ParallelMicroBatches.SliceLoss mse(Module m, Tensor x, Tensor y) {
        return (from, to) -> BatchLoss.of(m.forward(x.slice(0, from, to), true).mse(y.slice(0, from, to)));
    }

    private static List<float[]> grads(List<Parameter> params) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : params) {
            out.add(p.grad() == null ? null : p.grad().data().clone());
        }
        return out;
    }

    /** The micro-batches in turn: each part's {@code backward()}, summed by {@link MicroBatches.Sum}. */
    private static Gradients inTurn(List<Parameter> params, int samples, int parts, ParallelMicroBatches.SliceLoss loss) {
        MicroBatches.Sum sum = new MicroBatches.Sum(params, List.of(), samples);
        for (int k = 0; k < parts; k++) {
            params.forEach(Parameter::zeroGrad);
            int from = MicroBatches.from(k, samples, parts), to = MicroBatches.from(k + 1, samples, parts);
            BatchLoss l = loss.loss(from, to);
            l.value().backward();
            sum.add(Gradients.of(params, l.value().item(), to - from, -1), new float[0][]);
        }
        return sum.gradients();
    }

    @Test
    void gradIntoWritesWhatBackwardLeavesInGrad() {
        List<Module> models = List.of(residualMlp(new Rng(1)), tanhMlp(new Rng(2)));
        int[] widths = {64, 16};
        for (int c = 0; c < models.size(); c++) {
            Module m = models.get(c);
            Rng rng = new Rng(3);
            Tensor x = Tensor.randn(rng, 24, widths[c]);
            Tensor y = Tensor.randn(rng, 24, c == 0 ? 64 : 1);
            List<Parameter> params = m.parameters();
            params.forEach(Parameter::zeroGrad);
            m.forward(x, true).mse(y).backward();
            List<float[]> expected = grads(params);

            Tensor[] inputs = params.stream().map(Parameter::value).toArray(Tensor[]::new);
            Tensor[] into = new Tensor[inputs.length];
            for (int i = 0; i < into.length; i++) {
                into[i] = Tensor.full(inputs[i].shape(), Float.NaN); // every element must be overwritten
            }
            Tensor[] got = Autodiff.gradInto(m.forward(x, true).mse(y), inputs, into);
            for (int i = 0; i < inputs.length; i++) {
                assertSame(into[i], got[i]);
                assertArrayEquals(expected.get(i), into[i].data(), "parameter " + i);
            }
        }
    }

    @Test
    void gradIntoLeavesAnInputTheOutputDoesNotReachAsItWas() {
        Rng rng = new Rng(4);
        Tensor a = Tensor.randn(rng, 3, 3).requiresGrad(true);
        Tensor b = Tensor.randn(rng, 3, 3).requiresGrad(true);
        Tensor out = a.mul(a).sum();
        Tensor[] into = {Tensor.zeros(a.shape()), Tensor.full(b.shape(), 7f)};
        Tensor[] got = Autodiff.gradInto(out, new Tensor[] {a, b}, into);
        assertSame(into[0], got[0]);
        assertNull(got[1]);
        assertArrayEquals(Tensor.full(b.shape(), 7f).data(), into[1].data());
        assertArrayEquals(a.mul(2f).data(), into[0].data());
        assertThrows(IllegalArgumentException.class,
                () -> Autodiff.gradInto(out, new Tensor[] {a}, new Tensor[] {Tensor.zeros(2, 2)}));
    }

    /**
     * At one thread the parts run in turn on this thread through the same kernels as
     * {@code backward()}: bit for bit {@link MicroBatches}' sum. At two, each part runs whole on
     * one worker (its kernels unsplit, as at one thread): the same bits again, whichever finishes first.
     */
    @Test
    void sideBySideIsTheSumOfTheMicroBatchesInTurnBitForBit() {
        for (int parts : new int[] {2, 3}) {
            Module m = residualMlp(new Rng(5));
            Rng rng = new Rng(6);
            Tensor x = Tensor.randn(rng, 20, 64), y = Tensor.randn(rng, 20, 64);
            List<Parameter> params = m.parameters();
            Gradients reference = inTurn(params, 20, parts, mse(m, x, y));
            List<float[]> expected = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                expected.add(reference.get(i).clone());
            }
            ParallelMicroBatches side = new ParallelMicroBatches(params, parts);
            for (int threads : new int[] {1, 2, 2}) {
                Parallel.setThreads(threads);
                params.forEach(Parameter::zeroGrad);
                Gradients g = side.compute(20, mse(m, x, y));
                assertEquals(reference.loss(), g.loss(), 1e-12 * Math.abs(reference.loss()));
                for (int i = 0; i < params.size(); i++) {
                    assertSame(params.get(i).grad().data(), g.get(i), "written into .grad");
                    assertArrayEquals(expected.get(i), g.get(i), parts + " parts, " + threads + " threads, parameter " + i);
                }
            }
        }
    }

    /**
     * The sum fused with the update gives the values, gradients and optimizer state of the sum and
     * then {@code step()}, bit for bit, step after step; a parameter outside the optimizer is summed
     * and not updated.
     */
    @Test
    void sumAndStepIsTheSumThenTheStepBitForBit() {
        Rng rng = new Rng(10);
        Tensor x = Tensor.randn(rng, 20, 64), y = Tensor.randn(rng, 20, 64);
        Module fused = residualMlp(new Rng(11)), separate = residualMlp(new Rng(11));
        List<Parameter> pf = fused.parameters(), ps = separate.parameters();
        Adam adamF = new Adam(pf.subList(1, pf.size()), Adam.Config.adam(1e-2));
        Adam adamS = new Adam(ps.subList(1, ps.size()), Adam.Config.adam(1e-2));
        ParallelMicroBatches sideF = new ParallelMicroBatches(pf, 2), sideS = new ParallelMicroBatches(ps, 2);
        Parallel.setThreads(2);
        for (int step = 0; step < 3; step++) {
            Gradients gf = sideF.passes(20, mse(fused, x, y)).sumAndStep(adamF);
            Gradients gs = sideS.compute(20, mse(separate, x, y));
            adamS.step();
            assertEquals(gs.loss(), gf.loss());
            for (int i = 0; i < pf.size(); i++) {
                assertArrayEquals(ps.get(i).value().data(), pf.get(i).value().data(), "value " + i + ", step " + step);
                assertArrayEquals(gs.get(i), gf.get(i), "gradient " + i + ", step " + step);
            }
            Optimizer.State sf = adamF.exportState(), ss = adamS.exportState();
            assertEquals(ss.buffers().keySet(), sf.buffers().keySet());
            for (String k : ss.buffers().keySet()) {
                assertArrayEquals(ss.buffers().get(k), sf.buffers().get(k), k + ", step " + step);
            }
        }
        assertTrue(Float.isFinite(pf.get(0).grad().data()[0]), "the parameter outside the optimizer has its sum");
        ParallelMicroBatches.Passes once = sideF.passes(20, mse(fused, x, y));
        once.sum();
        assertThrows(IllegalStateException.class, once::sum);
        ParallelMicroBatches.Passes stale = sideF.passes(20, mse(fused, x, y));
        sideF.passes(20, mse(fused, x, y));
        assertThrows(IllegalStateException.class, () -> stale.sumAndStep(adamF));
    }

    @Test
    void frozenParametersAreLeftAloneAndUnreachedOnesGetNoGradient() {
        Rng rng = new Rng(7);
        Module m = tanhMlp(rng);
        Linear unused = new Linear(3, 3, true, rng);
        List<Parameter> params = new ArrayList<>(m.parameters());
        params.addAll(unused.parameters());
        Parameter frozen = params.get(0);
        frozen.freeze();
        frozen.value().setGrad(Tensor.full(frozen.value().shape(), 5f));
        Tensor x = Tensor.randn(rng, 9, 16), y = Tensor.randn(rng, 9, 1);
        Parallel.setThreads(2);
        Gradients g = new ParallelMicroBatches(params, 2).compute(9, mse(m, x, y));
        assertNull(g.get(0));
        assertArrayEquals(Tensor.full(frozen.value().shape(), 5f).data(), frozen.grad().data());
        for (int i = params.size() - 2; i < params.size(); i++) {
            assertNull(g.get(i));
            assertNull(params.get(i).grad());
        }
        assertTrue(g.get(1) != null && g.get(2) != null);
    }

    @Test
    void aBatchSmallerThanThePartsHasOnePartPerSample() {
        Module m = tanhMlp(new Rng(8));
        Rng rng = new Rng(9);
        Tensor x = Tensor.randn(rng, 2, 16), y = Tensor.randn(rng, 2, 1);
        List<Parameter> params = m.parameters();
        Gradients reference = inTurn(params, 2, 2, mse(m, x, y));
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            expected.add(reference.get(i).clone());
        }
        Parallel.setThreads(2);
        Gradients g = new ParallelMicroBatches(params, 4).compute(2, mse(m, x, y));
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(expected.get(i), g.get(i));
        }
        assertThrows(IllegalArgumentException.class, () -> new ParallelMicroBatches(params, 0));
        assertThrows(IllegalArgumentException.class, () -> new ParallelMicroBatches(params, 2).compute(0, mse(m, x, y)));
    }

    @Test
    void modelsWithBuffersAreNotRunSideBySide() {
        assertFalse(ParallelMicroBatches.supports(new Sequential(new Linear(4, 4, true, new Rng(1)), new BatchNorm(4))));
        assertTrue(ParallelMicroBatches.supports(tanhMlp(new Rng(1))));
    }
}
