package dev.residuum.nn.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.residuum.autodiff.Convolution;
import dev.residuum.autodiff.Graph;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Parameter;
import dev.residuum.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Evaluation without recording folds batch norm into the convolutions' output pass
 * ({@link dev.residuum.nn.BatchNorm#forwardConv}); it must give the logits of the layer-by-layer
 * forward, for every block variant, with non-trivial running statistics and gains.
 */
class FoldedBatchNormTest {
    @ParameterizedTest
    @ValueSource(strings = {"resnet8", "plain8", "resnet8-B", "resnet8-rezero", "resnet8-shrink"})
    void foldedEqualsLayerByLayer(String variant) {
        String[] parts = variant.split("-");
        CifarResNet.Config config = CifarResNet.Config.of(parts[0]).withInput(3, 10);
        if (variant.endsWith("-B")) config = config.withShortcut(CifarResNet.ShortcutKind.B);
        if (variant.endsWith("-rezero")) config = config.withReZero(true);
        if (variant.endsWith("-shrink")) config = config.withShrinkage(true);
        Rng rng = new Rng(21);
        CifarResNet net = new CifarResNet(config, rng);
        for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) { // statistics and gains away from 0 / 1
            float[] d = e.getValue().data();
            String key = e.getKey();
            for (int i = 0; i < d.length; i++) {
                if (key.endsWith("running_mean") || key.endsWith("bn1.bias") || key.endsWith("bn2.bias") || key.endsWith("alpha")) {
                    d[i] = 0.5f * (float) rng.nextGaussian();
                } else if (key.endsWith("running_var")) {
                    d[i] = 0.2f + 2f * (float) rng.nextDouble();
                } else if (key.endsWith("bn1.weight") || key.endsWith("bn2.weight") || key.equals("bn.weight")) {
                    d[i] = 0.5f + (float) rng.nextDouble();
                }
            }
        }
        Tensor x = Tensor.randn(rng, 5, 3, 12, 12);
        float[] layered = net.forward(x, false).data();
        float[] folded;
        try (Graph.NoGradScope noGrad = Graph.noGrad()) {
            folded = net.forward(x, false).data();
        }
        double scale = 0;
        for (float v : layered) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < layered.length; i++) {
            assertEquals(layered[i], folded[i], 1e-5 * scale, variant + " logit " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void inferenceConvolutionRefusesToRecord(boolean weightNeedsGrad) {
        Rng rng = new Rng(2);
        Tensor x = Tensor.randn(rng, 1, 2, 4, 4).requiresGrad(!weightNeedsGrad);
        Tensor w = new Parameter(Tensor.randn(rng, 3, 2, 3, 3)).value().requiresGrad(weightNeedsGrad);
        float[] one = {1f, 1f, 1f}, zero = new float[3];
        assertThrows(IllegalStateException.class,
                () -> Convolution.conv2dInference(x, w, null, 1, 1, one, zero, null, false));
        try (Graph.NoGradScope noGrad = Graph.noGrad()) {
            Tensor y = Convolution.conv2dInference(x, w, null, 1, 1, one, zero, null, true);
            Tensor ref = Convolution.conv2d(x, w, null, 1, 1).relu();
            for (int i = 0; i < y.numel(); i++) assertEquals(ref.data()[i], y.data()[i], 1e-6);
        }
    }
}
