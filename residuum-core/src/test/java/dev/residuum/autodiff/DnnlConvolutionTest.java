package dev.residuum.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.residuum.kernel.ConvolutionPlan;
import dev.residuum.kernel.ConvolutionPlan.Kernel;
import dev.residuum.kernel.ConvolutionPlan.Mode;
import dev.residuum.kernel.Dnnl;
import dev.residuum.kernel.Parallel;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Convolutions on oneDNN ({@link Dnnl}) against Residuum's own kernels, which the other
 * convolution tests check against finite differences and PyTorch: output, input gradient (written,
 * and added to an existing one) and weight gradient (added), at one and two threads, in training
 * and in inference with the folded epilogue.
 */
class DnnlConvolutionTest {
    @Test
    void theBindingIsBuiltWhereOneDnnIsInstalled() {
        assumeTrue(Files.exists(Path.of("/usr/include/oneapi/dnnl/dnnl.hpp")), "libdnnl-dev is not installed");
        assertTrue(Dnnl.available(), Dnnl.description());
    }

    @ParameterizedTest(name = "n={0} c={1} o={2} {3}x{3} stride={4} threads={5}")
    @CsvSource({
            "6, 16, 16, 28, 1, 1",
            "6, 16, 16, 28, 1, 2",
            "9, 64, 64, 7, 1, 2", // odd batch: chunks of 4 and 5
            "5, 16, 32, 28, 2, 1",
            "7, 32, 64, 14, 2, 2",
            "3, 32, 16, 9, 2, 1", // odd size, stride 2
    })
    void matchesResiduumsKernels(int n, int c, int o, int hw, int stride, int threads) {
        assumeTrue(Dnnl.available(), Dnnl.description());
        int before = Parallel.threads();
        boolean enabled = Dnnl.available();
        Parallel.setThreads(threads);
        try {
            Rng rng = new Rng(17);
            Tensor x = Tensor.randn(rng, n, c, hw, hw).requiresGrad(true);
            Tensor w = Tensor.randn(rng, o, c, 3, 3).requiresGrad(true);
            Tensor z = Tensor.randn(rng, n, c, hw, hw);
            int ho = (hw - 1) / stride + 1;
            Tensor seed = Tensor.randn(rng, n, o, ho, ho), residual = Tensor.randn(rng, n, o, ho, ho);
            float[] scale = new float[o], shift = new float[o];
            for (int i = 0; i < o; i++) {
                scale[i] = 0.5f + 0.01f * i;
                shift[i] = -0.2f + 0.02f * i;
            }
            float[][][] got = new float[2][][];
            for (int v = 0; v < 2; v++) {
                Dnnl.setEnabled(v == 1);
                assertEquals(v == 1, ConvolutionPlan.choose(n, c, o, hw, hw, 3, 3, stride, 1, false, Mode.TRAINING).kernel()
                        == Kernel.DNNL, "which kernels run");
                // x feeds the convolution and, recorded after it, a product: that product's gradient
                // reaches x first, so the convolution's input gradient is added to an existing one
                for (boolean second : new boolean[] {false, true}) {
                    Tensor out = Convolution.conv2d(x, w, null, stride, 1);
                    Tensor loss = out.mul(seed).sum();
                    if (second) {
                        loss = loss.add(x.mul(z).sum());
                    }
                    loss.backward();
                    float[] y = out.data().clone(), gx = x.grad().data().clone(), gw = w.grad().data().clone();
                    x.clearGrad();
                    w.clearGrad();
                    float[] inf;
                    try (Graph.NoGradScope ignored = Graph.noGrad()) {
                        // with the residual and ReLU at one thread, without at two
                        inf = Convolution.conv2dInference(x, w, null, stride, 1, scale, shift,
                                threads == 1 ? residual : null, threads == 1).data();
                    }
                    float[][] prev = got[v];
                    got[v] = prev == null ? new float[][] {y, gx, gw, inf} : concat(prev, new float[][] {gx});
                }
            }
            String[] what = {"output", "input gradient (written)", "weight gradient", "inference with epilogue",
                    "input gradient (added)"};
            for (int i = 0; i < what.length; i++) {
                assertClose(got[0][i], got[1][i], what[i]);
            }
        } finally {
            Dnnl.setEnabled(enabled);
            Parallel.setThreads(before);
        }
    }

    /**
     * Inference on Winograd handles ({@code Dnnl.winograd}: 3x3 stride 1, 32 channels or more),
     * which keep their weights transformed: two layers of one shape, called in turn, and one
     * weight changed in place between calls, each still give what Residuum's kernels give.
     */
    @Test
    void inferenceSeesEveryChangeOfTheWeights() {
        assumeTrue(Dnnl.available(), Dnnl.description());
        Rng rng = new Rng(23);
        int n = 4, c = 32, hw = 14;
        Tensor x = Tensor.randn(rng, n, c, hw, hw);
        Tensor[] w = {Tensor.randn(rng, c, c, 3, 3), Tensor.randn(rng, c, c, 3, 3)};
        float[] scale = new float[c], shift = new float[c];
        java.util.Arrays.fill(scale, 1f);
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            for (int call = 0; call < 6; call++) {
                Tensor layer = w[call % 2];
                if (call == 4) {
                    layer.data()[5] += 1f; // a change in place, in the same array
                }
                float[] got = Convolution.conv2dInference(x, layer, null, 1, 1, scale, shift, null, false).data();
                Dnnl.setEnabled(false);
                try {
                    float[] want = Convolution.conv2dInference(x, layer, null, 1, 1, scale, shift, null, false).data();
                    assertClose(want, got, "call " + call);
                } finally {
                    Dnnl.setEnabled(true);
                }
            }
        }
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static void assertClose(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-4 * (1 + Math.abs(want[i])), what + " at " + i);
        }
    }
}
