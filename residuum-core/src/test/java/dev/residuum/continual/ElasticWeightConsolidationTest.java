package dev.residuum.continual;

import static dev.residuum.testing.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.SeededTest;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EWC against hand computations: the Fisher diagonal is the mean of squared per-sample gradients
 * (computed here sample by sample with backward), the penalty is (lambda / 2) sum F (theta -
 * theta*)^2 and its gradient lambda F (theta - theta*); and it holds an earlier task better than
 * fine-tuning does.
 */
class ElasticWeightConsolidationTest extends SeededTest {
    private RowClassificationTask task(int n) {
        Tensor x = randn(n, 4);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = x.data()[i * 4] + x.data()[i * 4 + 1] > 0 ? 1 : (x.data()[i * 4 + 2] > 0 ? 2 : 0);
        }
        return new RowClassificationTask("t", x, y, x, y);
    }

    @Test
    void fisherIsTheMeanSquaredPerSampleGradientAndThePenaltyItsQuadraticForm() {
        Linear net = new Linear(4, 3, true, rng);
        RowClassificationTask t = task(12);
        ElasticWeightConsolidation ewc = new ElasticWeightConsolidation(7.5);
        ewc.consolidate(t.objective(net), 100, 1); // more samples than rows: all 12
        List<Parameter> ps = net.parameters();
        double[][] fisher = new double[ps.size()][];
        for (int k = 0; k < ps.size(); k++) {
            fisher[k] = new double[ps.get(k).numel()];
        }
        for (int i = 0; i < 12; i++) {
            net.zeroGrad();
            Tensor loss = net.forward(t.x().indexSelect(0, i), true).crossEntropy(new int[] {t.labels()[i]});
            loss.backward();
            for (int k = 0; k < ps.size(); k++) {
                float[] g = ps.get(k).grad().data();
                for (int j = 0; j < g.length; j++) {
                    fisher[k][j] += (double) g[j] * g[j] / 12;
                }
            }
        }
        float[][] theta = new float[ps.size()][];
        double expected = 0;
        for (int k = 0; k < ps.size(); k++) {
            theta[k] = ps.get(k).value().toArray();
            float[] v = ps.get(k).value().data();
            for (int j = 0; j < v.length; j++) {
                v[j] += (float) (0.3 * rng.nextGaussian());
                double d = (double) v[j] - theta[k][j];
                expected += 7.5 / 2 * fisher[k][j] * d * d;
            }
        }
        net.zeroGrad();
        Tensor penalty = ewc.penalty();
        assertEquals(expected, penalty.item(), 1e-5 * Math.max(1, expected));
        assertTrue(expected > 1e-3, "the test exercises a non-zero penalty: " + expected);
        penalty.backward();
        for (int k = 0; k < ps.size(); k++) {
            float[] v = ps.get(k).value().data();
            float[] want = new float[v.length];
            for (int j = 0; j < v.length; j++) {
                want[j] = (float) (7.5 * fisher[k][j] * (v[j] - theta[k][j]));
            }
            assertClose("d penalty / d parameter " + k, want, ps.get(k).grad().data(), 1e-6, 1e-4);
        }
    }

    @Test
    void thePenalisedObjectiveSplitsIntoMicroBatchesWithThePenaltyCountedOnce() {
        // Each micro-batch's loss carries the whole penalty and the trainer weights micro-batches by their share, so
        // one step's gradients split in 3 equal those of the whole batch, penalty included.
        Linear net = new Linear(4, 3, true, rng);
        RowClassificationTask first = task(24), second = task(24);
        ElasticWeightConsolidation ewc = new ElasticWeightConsolidation(50);
        ewc.consolidate(first.objective(net), 24, 1);
        for (Parameter p : net.parameters()) {
            float[] v = p.value().data();
            for (int j = 0; j < v.length; j++) {
                v[j] += (float) (0.5 * rng.nextGaussian());
            }
        }
        TrainerConfig config = TrainerConfig.adam(1e-2, 1, 24, 3);
        var penalised = ewc.penalised(second.objective(net));
        float[][] whole = gradients(new Trainer<>(penalised, config), penalised);
        float[][] split = gradients(new Trainer<>(penalised, config.withMicroBatches(3)), penalised);
        net.zeroGrad();
        Tensor penalty = ewc.penalty();
        penalty.backward();
        double penaltyGrad = 0;
        for (int k = 0; k < whole.length; k++) {
            assertClose("d loss / d parameter " + k + ", 3 micro-batches against 1", whole[k], split[k], 1e-5, 1e-4);
            for (float g : net.parameters().get(k).grad().data()) {
                penaltyGrad += Math.abs(g);
            }
        }
        assertTrue(penaltyGrad > 1e-2, "the step's gradients include a non-zero penalty gradient: " + penaltyGrad);
    }

    /** The gradients of the trainer's first batch of epoch 0 (samples in order), copied. */
    private static <B extends dev.residuum.train.Batch> float[][] gradients(Trainer<B> trainer,
                                                                          dev.residuum.train.Objective<B> objective) {
        int[] order = new int[objective.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        try (var batches = objective.batches(order, order.length, 0, 0L)) {
            dev.residuum.train.Gradients g = trainer.computeGradients(batches.next());
            float[][] copy = new float[g.parameters().size()][];
            for (int k = 0; k < copy.length; k++) {
                copy[k] = g.get(k).clone();
            }
            return copy;
        }
    }

    @Test
    void ewcHoldsAnEarlierTaskBetterThanFineTuning() {
        // Two tasks one network can hold together: labels by the sign of coordinate 0 around the origin, then by the
        // sign of coordinate 1 around 3 e_3. Fine-tuning on the second moves the boundary the first relied on.
        Tensor x = randn(256, 4), xTest = randn(256, 4);
        Tensor x2 = shifted(randn(256, 4)), x2Test = shifted(randn(256, 4));
        List<RowClassificationTask> tasks = List.of(
                new RowClassificationTask("x0", x, sign(x, 0), xTest, sign(xTest, 0)),
                new RowClassificationTask("x1", x2, sign(x2, 1), x2Test, sign(x2Test, 1)));
        TrainerConfig train = TrainerConfig.adam(1e-2, 20, 32, 1);
        AccuracyMatrix ft = ContinualRun.fineTuning(mlp(), tasks, train).accuracy();
        AccuracyMatrix ewc = ContinualRun.ewc(mlp(), tasks, new ElasticWeightConsolidation(1000), 256, train,
                ContinualRun.Listener.NONE).accuracy();
        System.out.println("EWC " + ewc + "\nfine-tuning " + ft);
        assertTrue(ewc.get(1, 0) > ft.get(1, 0) + 0.1, "EWC keeps task 0: " + ewc + " vs fine-tuning " + ft);
        assertTrue(ewc.backwardTransfer() > ft.backwardTransfer() + 0.1, ewc + " vs " + ft);
    }

    private static Tensor shifted(Tensor x) {
        for (int i = 0; i < x.shape().dim(0); i++) {
            x.data()[i * 4 + 3] += 3;
        }
        return x;
    }

    private static int[] sign(Tensor x, int c) {
        int n = x.shape().dim(0);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = x.data()[i * 4 + c] > 0 ? 1 : 0;
        }
        return y;
    }

    private static Module mlp() {
        dev.residuum.kernel.Rng r = new dev.residuum.kernel.Rng(2);
        return new dev.residuum.nn.Sequential(new Linear(4, 32, true, r), new dev.residuum.nn.Activation(
                dev.residuum.nn.Activation.Kind.RELU), new Linear(32, 2, true, r));
    }
}
