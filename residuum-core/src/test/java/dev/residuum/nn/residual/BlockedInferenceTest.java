package dev.residuum.nn.residual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.autodiff.Graph;
import dev.residuum.continual.AdapterStore;
import dev.residuum.continual.LoraConfig;
import dev.residuum.continual.TargetModules;
import dev.residuum.kernel.Dnnl;
import dev.residuum.kernel.Parallel;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Evaluation of a CIFAR ResNet a few images at a time through the blocks in oneDNN's blocked
 * layout ({@link BlockedInference}) gives the logits of the blocks run one at a time over the
 * batch, bit for bit (it makes the same oneDNN calls and the same epilogue arithmetic), at one
 * and two threads, for batches that do not fill its chunks, on MNIST's and CIFAR's image sizes.
 */
class BlockedInferenceTest {
    @ParameterizedTest
    @CsvSource({"resnet20, 1, 28, 37, 1", "plain20, 1, 28, 13, 1", "resnet8, 3, 32, 21, 1", "resnet20, 1, 28, 37, 2",
            "resnet8, 3, 32, 1, 2"})
    void theBlockedPassIsTheLayersInTurnBitForBit(String model, int channels, int side, int batch, int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            Rng rng = new Rng(31);
            CifarResNet net = new CifarResNet(CifarResNet.Config.of(model).withInput(channels, 10), rng);
            randomizeStatistics(net, rng);
            Tensor x = Tensor.randn(rng, batch, channels, side, side);
            try (Graph.NoGradScope noGrad = Graph.noGrad()) {
                long passes = BlockedInference.PASSES.get();
                float[] blocked = net.forward(x, false).toArray();
                boolean ran = BlockedInference.PASSES.get() > passes;
                assertEquals(Dnnl.available(), ran, "the blocked pass runs exactly where oneDNN does");
                Tensor h = net.stem(x, false);
                for (Module block : net.blocks().values()) {
                    h = block.forward(h, false);
                }
                assertArrayEquals(net.head(h, false).toArray(), blocked, model + " at " + threads + " threads");

                // an adapter on a block's convolution sends the model back to the layers in turn
                new AdapterStore(net, 2).add("a", LoraConfig.of(2, 4, TargetModules.of("conv1")));
                passes = BlockedInference.PASSES.get();
                assertArrayEquals(blocked, net.forward(x, false).toArray(), "an adapter at its start");
                assertEquals(passes, BlockedInference.PASSES.get(), "adapted: the layers in turn");
            }
            try (Graph.GradScope grad = Graph.enableGrad()) { // with gradients on: the layers in turn
                long passes = BlockedInference.PASSES.get();
                net.forward(x, false);
                assertEquals(passes, BlockedInference.PASSES.get());
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** Running statistics and gains away from 0 and 1, as after training. */
    private static void randomizeStatistics(CifarResNet net, Rng rng) {
        for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) {
            float[] d = e.getValue().data();
            String key = e.getKey();
            for (int i = 0; i < d.length; i++) {
                if (key.endsWith("running_mean") || key.endsWith(".bias")) {
                    d[i] = 0.5f * (float) rng.nextGaussian();
                } else if (key.endsWith("running_var")) {
                    d[i] = 0.2f + 2f * (float) rng.nextDouble();
                } else if (key.contains("bn") && key.endsWith(".weight")) {
                    d[i] = 0.5f + (float) rng.nextDouble();
                }
            }
        }
        assertTrue(net.stateDict().size() > 0);
    }
}
