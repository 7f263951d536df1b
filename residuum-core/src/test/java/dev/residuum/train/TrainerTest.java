package dev.residuum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.optim.Adam;
import dev.residuum.optim.LrSchedule;
import dev.residuum.optim.Sgd;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest extends SeededTest {
    @Test
    void fitsALinearTargetExactly() {
        Tensor x = randn(64, 3);
        Tensor w = Tensor.of(new float[] {0.5f, -1.25f, 2f, 1f, 0f, -0.75f}, 3, 2);
        Tensor y = x.matmul(w).add(Tensor.of(new float[] {0.3f, -0.2f}, 2));
        Linear model = new Linear(3, 2, true, rng);
        Trainer<SampleBatch> trainer = new Trainer<>(new SupervisedObjective(model, x, y), new TrainerConfig(300, 16,
                OptimizerFactory.sgd(Sgd.Config.of(0.1).withMomentum(0.9)), new LrSchedule.Constant(), 0, true));
        TrainingResult h = trainer.fit();
        assertEquals(300, h.epochs().size());
        assertEquals(300 * 4, h.steps());
        assertTrue(h.finalTrainLoss() < 1e-10, "loss " + h.finalTrainLoss());
        float[] learned = model.weight().value().data(); // [2, 3] = w^T
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(w.get(i, j), learned[j * 3 + i], 1e-4);
            }
        }
        assertEquals(0.3f, model.bias().value().data()[0], 1e-4);
    }

    private TrainingResult run(long seed, List<float[]> params) {
        Rng init = new Rng(5);
        Module net = new Sequential(new Linear(4, 16, true, init), new Activation(Activation.Kind.TANH),
                new Linear(16, 1, true, init));
        Rng data = new Rng(6);
        Tensor x = Tensor.randn(data, 100, 4);
        Tensor y = x.matmul(Tensor.randn(data, 4, 1)).tanh();
        Tensor xv = Tensor.randn(data, 20, 4);
        Tensor yv = xv.matmul(Tensor.randn(data, 4, 1)).tanh();
        Trainer<SampleBatch> t = new Trainer<>(new SupervisedObjective(net, x, y, xv, yv),
                TrainerConfig.adamW(1e-2, 1e-2, 20, 8, seed));
        List<EpochMetrics> seen = new ArrayList<>();
        TrainingResult h = t.fit(new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                seen.add(m);
            }
        });
        assertEquals(h.epochs(), seen);
        for (var p : net.parameters()) {
            params.add(p.value().toArray());
        }
        return h;
    }

    @Test
    void seededRunsAreBitIdenticalAndTheSeedDecidesTheOrder() {
        List<float[]> a = new ArrayList<>(), b = new ArrayList<>(), c = new ArrayList<>();
        TrainingResult ha = run(1, a), hb = run(1, b), hc = run(2, c);
        assertEquals(ha.state(), hb.state());
        for (int i = 0; i < ha.epochs().size(); i++) {
            assertEquals(ha.epochs().get(i).trainLoss(), hb.epochs().get(i).trainLoss(), 0.0);
            assertEquals(ha.epochs().get(i).testLoss(), hb.epochs().get(i).testLoss(), 0.0);
        }
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        assertNotEquals(ha.finalTrainLoss(), hc.finalTrainLoss());
        assertTrue(Double.isFinite(ha.finalTestLoss()));
        assertTrue(Double.isNaN(ha.last().trainAccuracy()) && Double.isNaN(ha.last().testAccuracy()), "regression");
        assertTrue(ha.trainLoss()[19] < ha.trainLoss()[0]);
        // cosine schedule: full rate in epoch 0, lower at the end
        assertEquals(1e-2, ha.epochs().get(0).lr(), 0.0);
        assertTrue(ha.epochs().get(19).lr() < 1e-3);
    }

    @Test
    void aDivergingLossIsReportedWithItsEpoch() {
        Tensor x = randn(8, 2).mul(1e3f);
        Tensor y = randn(8, 1);
        Trainer<SampleBatch> t = new Trainer<>(new SupervisedObjective(new Linear(2, 1, true, rng), x, y),
                new TrainerConfig(50, 8, OptimizerFactory.sgd(Sgd.Config.of(10)), new LrSchedule.Constant(), 0, false));
        IllegalStateException e = assertThrows(IllegalStateException.class, t::fit);
        assertTrue(e.getMessage().contains("epoch"), e.getMessage());
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.adam(1e-3, 0, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.adam(1e-3, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SupervisedObjective(new Linear(2, 1, true, rng),
                randn(4, 2), randn(3, 1)));
        assertEquals(5e-4, OptimizerFactory.adam(Adam.Config.adam(5e-4)).create(new Linear(2, 1, true, rng).parameters()).lr());
    }
}
