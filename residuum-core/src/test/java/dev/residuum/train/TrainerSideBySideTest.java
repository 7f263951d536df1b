package dev.residuum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.data.Permutation;
import dev.residuum.kernel.Parallel;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.BatchNorm;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.optim.Adam;
import dev.residuum.optim.LrSchedule;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.ModuleAssertions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Trainer} with {@link TrainerConfig#microBatches()} above 1 at two threads: side by side
 * ({@link ParallelMicroBatches}) where the objective allows it and the model has no buffers, in
 * turn otherwise, with the same bits.
 */
class TrainerSideBySideTest {
    @AfterEach
    void oneThread() {
        Parallel.setThreads(1);
    }

    /**
     * {@code inner} as it is, or claiming to be unsafe to run from two threads; records whether
     * any loss was computed off the thread that made it.
     */
    private static final class Declared extends ForwardingObjective<SampleBatch> {
        private final boolean concurrent;
        private final Thread owner = Thread.currentThread();
        private volatile boolean offThread;

        Declared(SampleObjective inner, boolean concurrent) {
            super(inner);
            this.concurrent = concurrent;
        }

        @Override
        public boolean slicesRunConcurrently() {
            return concurrent && delegate.slicesRunConcurrently();
        }

        @Override
        public BatchLoss loss(SampleBatch batch) {
            if (Thread.currentThread() != owner) {
                offThread = true;
            }
            return delegate.loss(batch);
        }
    }

    /**
     * How a fit went: the epochs' training losses, whether every step's gradients were the
     * {@code .grad} buffers, and whether a loss ran off the calling thread.
     */
    private record Run(double[] trainLoss, boolean viewsOfGrad, boolean offThread) {
    }

    private static Module mlp(boolean batchNorm) {
        Rng init = new Rng(11);
        List<Module> layers = new ArrayList<>(List.of(new Linear(16, 64, true, init)));
        if (batchNorm) {
            layers.add(new BatchNorm(64));
        }
        layers.addAll(List.of(new Activation(Activation.Kind.TANH), new Linear(64, 64, true, init),
                new Activation(Activation.Kind.TANH), new Linear(64, 2, true, init)));
        return new Sequential(layers.toArray(Module[]::new));
    }

    private static final Rng DATA = new Rng(12);
    private static final Tensor X = Tensor.randn(DATA, 48, 16);
    private static final Tensor Y = Tensor.randn(DATA, 48, 2);

    /** Two epochs of three steps of 16, Adam, split into {@code parts} micro-batches. */
    private static TrainerConfig config(int parts, boolean shuffle) {
        return new TrainerConfig(2, 16, OptimizerFactory.adam(Adam.Config.adam(1e-2)), new LrSchedule.Constant(), 5,
                shuffle).withMicroBatches(parts);
    }

    private static Run fit(Module model, Tensor y, TrainerConfig config, boolean concurrent) {
        Declared objective = new Declared(new SupervisedObjective(model, X, y), concurrent);
        boolean[] views = {true};
        TrainingResult r = new Trainer<>(objective, config).fit(new TrainingListener() {
            @Override
            public void onStep(TrainingState state, int stepsPerEpoch, Gradients g) {
                views[0] &= g.get(0) == model.parameters().get(0).grad().data();
            }
        });
        return new Run(r.trainLoss(), views[0], objective.offThread);
    }

    @Test
    void sideBySideTrainsBitForBitAsInTurn() {
        Parallel.setThreads(2);
        for (int parts : new int[] {2, 3}) { // shares 8 + 8, and 5 + 5 + 6
            Module side = mlp(false), turn = mlp(false);
            Run s = fit(side, Y, config(parts, true), true);
            Run t = fit(turn, Y, config(parts, true), false);
            assertTrue(s.viewsOfGrad(), "side by side: ParallelMicroBatches wrote the sum into .grad");
            assertFalse(t.viewsOfGrad(), "in turn: MicroBatches.Sum's arrays");
            assertFalse(t.offThread(), "in turn on the calling thread");
            assertArrayEquals(t.trainLoss(), s.trainLoss(), parts + " parts");
            ModuleAssertions.assertSameState(turn, side);
        }
    }

    /**
     * {@link Trainer#step} (the update fused into the reverse pass at one part, into the
     * micro-batches' sum side by side) against {@code apply(computeGradients(batch))}: the same
     * parameters, optimizer state, gradients and losses, under a per-step cosine schedule (the
     * rate must be set before the first parameter is updated).
     */
    @Test
    void aFusedStepIsComputeThenApplyBitForBit() {
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            int parts = threads;
            Module fused = mlp(false), separate = mlp(false);
            TrainerConfig c = config(parts, false).withSchedule(new LrSchedule.Cosine(2, 0), true);
            Trainer<SampleBatch> a = new Trainer<>(new SupervisedObjective(fused, X, Y), c);
            Trainer<SampleBatch> b = new Trainer<>(new SupervisedObjective(separate, X, Y), c);
            for (int step = 0; step < 5; step++) {
                SampleBatch batch = new SampleBatch(step % 3, Permutation.identity(48), 0);
                Gradients gf = a.step(batch);
                Gradients gs = b.computeGradients(batch);
                double lr = b.apply(gs);
                assertEquals(gs.loss(), gf.loss(), threads + " threads, step " + step);
                assertEquals(lr, a.optimizer().lr());
                assertEquals(b.state(), a.state());
                for (int i = 0; i < fused.parameters().size(); i++) {
                    assertArrayEquals(gs.get(i), gf.get(i), threads + " threads, step " + step + ", gradient " + i);
                }
                ModuleAssertions.assertSameState(separate, fused);
                assertEquals(b.optimizer().exportState().buffers().keySet(), a.optimizer().exportState().buffers().keySet());
                b.optimizer().exportState().buffers().forEach((k, v) ->
                        assertArrayEquals(v, a.optimizer().exportState().buffers().get(k), k));
            }
            assertTrue(a.optimizer().lr() < 1e-2, "the schedule moved the rate");
        }
    }

    /** Steps by hand with the first weight frozen, then unfrozen: the side-by-side split follows. */
    @Test
    void freezingBetweenStepsIsFollowedAsInTurn() {
        Parallel.setThreads(2);
        Module side = mlp(false), turn = mlp(false);
        List<Trainer<SampleBatch>> trainers = List.of(
                new Trainer<>(new Declared(new SupervisedObjective(side, X, Y), true), config(2, false)),
                new Trainer<>(new Declared(new SupervisedObjective(turn, X, Y), false), config(2, false)));
        for (boolean frozen : new boolean[] {true, true, false, false}) {
            for (Module m : List.of(side, turn)) {
                if (frozen) {
                    m.parameters().get(0).freeze();
                } else {
                    m.parameters().get(0).unfreeze();
                }
            }
            for (Trainer<SampleBatch> t : trainers) {
                t.apply(t.computeGradients(new SampleBatch(0, Permutation.identity(16), 0)));
            }
            ModuleAssertions.assertSameState(turn, side);
        }
        assertNotEquals(mlp(false).parameters().get(0).value().get(0, 0), side.parameters().get(0).value().get(0, 0));
    }

    @Test
    void aModelWithBatchNormRunsInTurn() {
        Module two = mlp(true), one = mlp(true);
        Parallel.setThreads(2);
        Run r = fit(two, Y, config(2, true), true);
        Parallel.setThreads(1);
        Run reference = fit(one, Y, config(2, true), true);
        assertFalse(r.viewsOfGrad());
        assertFalse(r.offThread());
        assertArrayEquals(reference.trainLoss(), r.trainLoss());
        ModuleAssertions.assertSameState(one, two); // running statistics averaged over the micro-batches as in turn
    }

    /** The first micro-batch whose loss is not finite is named, as in turn: not the step's mean (NaN here). */
    @Test
    void aDivergingMicroBatchIsReportedAsInTurn() {
        Tensor y = Tensor.of(Y.toArray(), 48, 2);
        y.data()[2 * 17] = Float.POSITIVE_INFINITY; // step 2 in order: micro-batch 0 holds samples 16..23
        y.data()[2 * 29] = Float.NaN; // micro-batch 1, 24..31
        Parallel.setThreads(2);
        String side = assertThrows(DivergenceException.class,
                () -> fit(mlp(false), y, config(2, false), true)).getMessage();
        String turn = assertThrows(DivergenceException.class,
                () -> fit(mlp(false), y, config(2, false), false)).getMessage();
        assertEquals(turn, side);
        assertTrue(side.startsWith("Trainer: the loss is Infinity at epoch 1, step 2;"), side);
    }
}
