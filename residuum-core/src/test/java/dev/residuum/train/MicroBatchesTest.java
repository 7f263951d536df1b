package dev.residuum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.residuum.data.Augmentation;
import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.data.Permutation;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.optim.LrSchedule;
import dev.residuum.optim.Sgd;
import dev.residuum.tensor.Tensor;
import dev.residuum.testing.ModuleAssertions;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TrainerConfig#microBatches()}: the split, the ordered sum and the batch-norm rule of {@link MicroBatches}. */
class MicroBatchesTest {
    private static ImageSet train;

    @BeforeAll
    static void readSample() throws IOException {
        train = DataSource.resolve("sample").read(Idx.TRAIN, 96);
    }

    private static TrainerConfig config(int epochs, int batch) {
        return new TrainerConfig(epochs, batch, OptimizerFactory.sgd(new Sgd.Config(0.05, 0.9, 0, 1e-4, false)),
                new LrSchedule.Cosine(epochs, 0), true, 7, true, 0);
    }

    private static CifarResNet resnet8(long seed) {
        return new CifarResNet(CifarResNet.Config.of("resnet8"), new Rng(seed));
    }

    @Test
    void theSplitCoversTheBatchInFixedShares() {
        assertEquals(List.of(0, 16, 32), List.of(MicroBatches.from(0, 32, 2), MicroBatches.from(1, 32, 2),
                MicroBatches.from(2, 32, 2)));
        assertEquals(List.of(0, 2, 4, 7), List.of(MicroBatches.from(0, 7, 3), MicroBatches.from(1, 7, 3),
                MicroBatches.from(2, 7, 3), MicroBatches.from(3, 7, 3)));
        assertEquals(0, MicroBatches.from(1, 1, 4)); // fewer samples than parts: empty micro-batches
        assertThrows(IllegalArgumentException.class, () -> MicroBatches.from(3, 7, 2));
        assertThrows(IllegalArgumentException.class, () -> config(1, 4).withMicroBatches(0));
    }

    @Test
    void oneMicroBatchIsTodaysTrainingBitForBit() {
        CifarResNet plain = resnet8(1), one = resnet8(1);
        new Trainer<>(new ImageClassification(plain, train, null, Augmentation.STANDARD, 64), config(1, 32)).fit();
        new Trainer<>(new ImageClassification(one, train, null, Augmentation.STANDARD, 64),
                config(1, 32).withMicroBatches(1)).fit();
        ModuleAssertions.assertSameState(plain, one);
    }

    @Test
    void withoutBatchNormMicroBatchesGiveThePlainResult() {
        Rng data = new Rng(17);
        Tensor x = Tensor.randn(data, 30, 3), y = Tensor.randn(data, 30, 2);
        Module plain = mlp(), split = mlp();
        new Trainer<>(new SupervisedObjective(plain, x, y), config(3, 8)).fit();
        new Trainer<>(new SupervisedObjective(split, x, y), config(3, 8).withMicroBatches(3)).fit(); // shares 2, 3, 3 (and 2 of 6)
        for (int i = 0; i < plain.parameters().size(); i++) {
            float[] p = plain.parameters().get(i).value().data(), q = split.parameters().get(i).value().data();
            for (int j = 0; j < p.length; j++) {
                assertEquals(p[j], q[j], 1e-5, "parameter " + i + "[" + j + "]");
            }
        }
    }

    private static Module mlp() {
        Rng init = new Rng(3);
        return new Sequential(new Linear(3, 16, true, init), new Activation(Activation.Kind.TANH),
                new Linear(16, 2, true, init));
    }

    @Test
    void eachMicroBatchNormalisesWithItsOwnStatisticsAndTheRunningOnesAreAveraged() {
        CifarResNet net = resnet8(2), left = resnet8(2), right = resnet8(2);
        Trainer<ImageClassification.ImageBatch> split = trainer(net, 2);
        ImageClassification.ImageBatch batch;
        ImageClassification objective = new ImageClassification(net, train, null, Augmentation.NONE, 64);
        try (Batches<ImageClassification.ImageBatch> b = objective.batches(Permutation.identity(train.size()), 32, 0, 0)) {
            batch = b.next();
            Gradients g = split.computeGradients(batch);
            // the reference: each half on a copy of the model of its own, with plain steps
            Gradients gl = trainer(left, 1).computeGradients(objective.slice(batch, 0, 16)).copy();
            Gradients gr = trainer(right, 1).computeGradients(objective.slice(batch, 16, 32)).copy();
            assertEquals(32, g.samples());
            assertEquals((gl.loss() + gr.loss()) / 2, g.loss(), 1e-12);
            for (int i = 0; i < g.parameters().size(); i++) {
                float[] l = gl.get(i), r = gr.get(i), want = new float[l.length];
                for (int j = 0; j < want.length; j++) {
                    want[j] = 0.5f * l[j] + 0.5f * r[j];
                }
                assertArrayEquals(want, g.get(i), 1e-6f, "gradient " + i);
            }
        }
        Map<String, Tensor> s = net.namedBuffers(), l = left.namedBuffers(), r = right.namedBuffers();
        for (String k : s.keySet()) {
            float[] got = s.get(k).data();
            for (int j = 0; j < got.length; j++) {
                float want = (float) ((16.0 * l.get(k).data()[j] + 16.0 * r.get(k).data()[j]) / 32);
                assertEquals(want, got[j], 0f, k + "[" + j + "]");
            }
        }
        assertEquals(1f, net.namedBuffers().get("bn.num_batches_tracked").item(), 0f); // one forward pass's worth
    }

    private static Trainer<ImageClassification.ImageBatch> trainer(CifarResNet net, int parts) {
        return new Trainer<>(new ImageClassification(net, train, null, Augmentation.NONE, 64),
                config(1, 32).withMicroBatches(parts));
    }
}
